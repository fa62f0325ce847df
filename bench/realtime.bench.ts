// Realtime fan-out: 1,000 concurrent widget clients on one qloop process (the real /copilot
// namespace, handshake, rooms, TerminalFeed, connection state recovery), against the same
// fan-out over a plain `ws` server. The server runs in a child process so its memory per
// connection is its own; clients are spread over a few client processes, as real terminals
// each have their own CPU. Figures are printed, never asserted.
// Targets (issue 6): fan-out p99 <= 100 ms, <= 50 KB per connection, within 2x of plain ws.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runClientRole } from './realtime-clients';
import { runServerRole } from './realtime-servers';

const CLIENTS = Number(process.env.QLOOP_BENCH_CLIENTS ?? 1000);
const ROUNDS = Number(process.env.QLOOP_BENCH_ROUNDS ?? 40);
const CLIENT_PROCESSES = Number(process.env.QLOOP_BENCH_CLIENT_PROCESSES ?? 2);
const WARM_UP = 3;

type Reply = { type: string } & Record<string, unknown>;

/** A child process answering IPC requests in order. */
class Child {
  private readonly process: ChildProcess;
  private readonly waiting = new Map<string, Array<(reply: Reply) => void>>();
  constructor(args: string[]) {
    this.process = fork(fileURLToPath(import.meta.url), args, { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.process.on('message', (reply: Reply) => this.waiting.get(reply.type)?.shift()?.(reply));
  }
  next<T extends Reply>(type: string): Promise<T> {
    return new Promise((resolve) => {
      const list = this.waiting.get(type) ?? [];
      list.push(resolve as (reply: Reply) => void);
      this.waiting.set(type, list);
    });
  }
  async request<T extends Reply>(message: { type: string } & Record<string, unknown>, replyType: string): Promise<T> {
    const reply = this.next<T>(replyType);
    this.process.send(message);
    return reply;
  }
  exited(): Promise<void> {
    return new Promise((resolve) => (this.process.exitCode !== null ? resolve() : this.process.once('exit', () => resolve())));
  }
}

interface Figures {
  connectTotalMs: number;
  connectP50Ms: number;
  connectP99Ms: number;
  fanoutP50Ms: number;
  fanoutP99Ms: number;
  lastClientP50Ms: number;
  lastClientP99Ms: number;
  serverEmitP50Ms: number;
  /** V8 heap + external (buffers) held by the server per connection, after GC: the target metric. */
  heapBytesPerConnection: number;
  /** Resident set growth per connection: includes allocator slack and pages GC gave back. */
  rssBytesPerConnection: number;
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};

async function measure(role: 'socketio' | 'ws'): Promise<Figures> {
  const server = new Child(['server', role]);
  const ready = await server.next<Reply & { url: string; token?: string }>('ready');
  const before = await server.request<Reply & { rss: number; heap: number }>({ type: 'memory' }, 'memory');
  const shares = Array.from({ length: CLIENT_PROCESSES }, (_, i) => Math.floor(CLIENTS / CLIENT_PROCESSES) + (i < CLIENTS % CLIENT_PROCESSES ? 1 : 0)).filter((n) => n > 0);
  const clients = shares.map(() => new Child(['clients']));
  // Client processes load their modules first: only the connections themselves are timed.
  await Promise.all(clients.map((c) => c.next('ready')));
  const started = performance.now();
  const connected = await Promise.all(clients.map((c, i) => c.request<Reply & { times: number[] }>({ type: 'connect', role, url: ready.url, token: ready.token, count: shares[i], batch: 50 }, 'connected')));
  const connectTotalMs = performance.now() - started;
  const after = await server.request<Reply & { rss: number; heap: number; connections: number }>({ type: 'memory' }, 'memory');
  if (after.connections !== CLIENTS) throw new Error(`${role}: the server sees ${after.connections} connections, expected ${CLIENTS}`);

  const latencies: number[] = [];
  const lastClient: number[] = [];
  const emitTimes: number[] = [];
  for (let r = 0; r < ROUNDS + WARM_UP; r++) {
    const id = `BENCH-${role}-${r}`;
    await Promise.all(clients.map((c) => c.request({ type: 'expect', id }, 'expecting')));
    const arrivals = Promise.all(clients.map((c) => c.next<Reply & { arrivals: number[] }>('arrivals')));
    const sent = await server.request<Reply & { sentAt: number; emitMs: number }>({ type: 'fanout', id }, 'sent');
    const all = (await arrivals).flatMap((a) => a.arrivals);
    if (r >= WARM_UP) {
      // The first rounds warm up the JIT on every side.
      for (const at of all) latencies.push(at - sent.sentAt);
      lastClient.push(Math.max(...all) - sent.sentAt);
      emitTimes.push(sent.emitMs);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await Promise.all(clients.map((c) => c.request({ type: 'stop' }, 'stopped')));
  await server.request({ type: 'stop' }, 'stopped');
  await Promise.all([server, ...clients].map((c) => c.exited()));
  const times = connected.flatMap((c) => c.times);
  return {
    connectTotalMs,
    connectP50Ms: pct(times, 50),
    connectP99Ms: pct(times, 99),
    fanoutP50Ms: pct(latencies, 50),
    fanoutP99Ms: pct(latencies, 99),
    lastClientP50Ms: pct(lastClient, 50),
    lastClientP99Ms: pct(lastClient, 99),
    serverEmitP50Ms: pct(emitTimes, 50),
    heapBytesPerConnection: (after.heap - before.heap) / CLIENTS,
    rssBytesPerConnection: (after.rss - before.rss) / CLIENTS,
  };
}

async function main(): Promise<void> {
  const socketio = await measure('socketio');
  const ws = await measure('ws');
  const ratio = socketio.fanoutP99Ms / ws.fanoutP99Ms;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;
  const rows: Array<[string, (f: Figures) => string]> = [
    [`connect ${CLIENTS} clients (total)`, (f) => ms(f.connectTotalMs)],
    ['connect per client p50 / p99', (f) => `${ms(f.connectP50Ms)} / ${ms(f.connectP99Ms)}`],
    ['alert fan-out latency p50', (f) => ms(f.fanoutP50Ms)],
    ['alert fan-out latency p99', (f) => ms(f.fanoutP99Ms)],
    ['last client reached p50 / p99', (f) => `${ms(f.lastClientP50Ms)} / ${ms(f.lastClientP99Ms)}`],
    ['server emit call p50 (synchronous part)', (f) => ms(f.serverEmitP50Ms)],
    ['server memory per connection (heap+ext)', (f) => kb(f.heapBytesPerConnection)],
    ['  RSS delta per connection (noisy)', (f) => kb(f.rssBytesPerConnection)],
  ];
  console.log(`\nRealtime fan-out: ${CLIENTS} clients in ${CLIENT_PROCESSES} client processes, ${ROUNDS} alerts, server in its own process`);
  // Latencies on a shared machine follow its load: printed so a reader can judge the figures.
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}\n`);
  console.log(`${'measure'.padEnd(42)}${'qloop socket.io'.padStart(22)}${'plain ws'.padStart(22)}`);
  for (const [label, show] of rows) console.log(`${label.padEnd(42)}${show(socketio).padStart(22)}${show(ws).padStart(22)}`);
  const pass = { fanoutP99: socketio.fanoutP99Ms <= 100, memory: socketio.heapBytesPerConnection <= 50 * 1024, ratio: ratio <= 2 };
  console.log(`\nsocket.io / ws fan-out p99 ratio: ${ratio.toFixed(2)}x`);
  console.log(`targets: p99 <= 100 ms ${pass.fanoutP99 ? 'met' : 'MISSED'}; <= 50 KB per connection ${pass.memory ? 'met' : 'MISSED'}; within 2x of ws ${pass.ratio ? 'met' : 'MISSED'}\n`);
  const round1 = (v: number) => Math.round(v * 10) / 10;
  const json = (f: Figures) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, round1(v)]));
  console.log(JSON.stringify({ bench: 'realtime', clients: CLIENTS, clientProcesses: CLIENT_PROCESSES, rounds: ROUNDS, socketio: json(socketio), ws: json(ws), ratioP99: Math.round(ratio * 100) / 100, targets: { fanoutP99Ms: 100, heapBytesPerConnection: 51200, ratio: 2 }, loadAverage: os.loadavg()[0], pass }));
}

const [role, kind] = process.argv.slice(2);
if (role === 'server') void runServerRole(kind as 'socketio' | 'ws');
else if (role === 'clients') runClientRole();
else
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
