// Benchmark of the result loop (issue 5): 200 lab results/s for 60 s through POST /api/lims/results
// with 200 socket.io terminals connected; latency from the webhook being sent to the alert reaching
// each terminal (p50, p99), alerts lost and duplicated, evaluations lost, and the highest durable
// intake rate (202 = committed to the inbox, synchronous=FULL). The server runs in its own process
// (run with LOOP_BENCH_CHILD=1 this file is that process). Figures are printed, never asserted.
// Env: LOOP_BENCH_SECONDS (60), LOOP_BENCH_WARMUP (10), LOOP_BENCH_RATE (200), LOOP_BENCH_TERMINALS (200), LOOP_BENCH_ALERT_EVERY (10),
// LOOP_BENCH_INTAKE (0 skips the intake-rate phase), LOOP_BENCH_SYNC (FULL: every 202 and every alert only after the WAL is on disk), LOOP_BENCH_PROFILE (a folder
// for the server's CPU profile).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../server/config';
import { startQloop } from '../server/main';
import { DEMO_PLANT_FILE, loadPlant } from '../server/plant/load';
import type { AlertEvent } from '../server/realtime/contract';
import { lotIds, plantWithExtraLots, writePlant, type ExtraLots } from '../test/unit/watcher/plant-fixture';

const SECONDS = Number(process.env.LOOP_BENCH_SECONDS ?? 60);
/** Seconds of warm-up (ramping up to the rate: JIT, caches, first series loads) before the measured minute; not counted. */
const WARMUP = Number(process.env.LOOP_BENCH_WARMUP ?? 10);
const RATE = Number(process.env.LOOP_BENCH_RATE ?? 200);
const TERMINALS = Number(process.env.LOOP_BENCH_TERMINALS ?? 200);
/** Network errors seen by the sender, by cause (printed with the table). */
const networkErrors = new Map<string, number>();
/** One result in ten is out of specification on a lot of its own and raises an alert (real OOS rates are lower). */
const ALERT_EVERY = Number(process.env.LOOP_BENCH_ALERT_EVERY ?? 10);
const LINES: Array<ExtraLots & { test: string; terminals: string[]; user: string; inSpec: (i: number) => number; oos: number }> = [
  { count: Math.ceil((RATE * (SECONDS + WARMUP)) / ALERT_EVERY / 3) + 10, stem: 'B1', productId: 'PRD-IBU400', lineId: 'LINE-1', test: 'Assay', terminals: ['T-L1-01', 'T-L1-02'], user: 'op.line1', inSpec: (i) => 99.6 + (i % 9) / 10, oos: 93.2 },
  { count: Math.ceil((RATE * (SECONDS + WARMUP)) / ALERT_EVERY / 3) + 10, stem: 'B2', productId: 'PRD-IBU400', lineId: 'LINE-2', test: 'Assay', terminals: ['T-L2-01'], user: 'op.line2', inSpec: (i) => 99.6 + (i % 9) / 10, oos: 106.4 },
  { count: Math.ceil((RATE * (SECONDS + WARMUP)) / ALERT_EVERY / 3) + 10, stem: 'B3', productId: 'PRD-PARA-SUS', lineId: 'LINE-3', test: 'pH', terminals: ['T-L3-01', 'T-L3-02'], user: 'op.line3', inSpec: (i) => 6.9 + (i % 5) / 20, oos: 9.8 },
];

if (process.env.LOOP_BENCH_CHILD === '1') {
  const server = await startQloop(loadConfig(), { logger: pino({ level: 'silent' }) });
  process.stdout.write(`READY ${server.url}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
} else if (process.env.LOOP_BENCH_CHILD === 'terminals') {
  await runTerminals();
} else {
  await main();
}

/** Epoch milliseconds with sub-millisecond precision, comparable between processes on one machine. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

interface TerminalReport {
  deliveries: Record<string, number[]>;
  duplicates: number;
  socketsPerLine: Record<string, number>;
}

/**
 * The 200 terminals, in a process of their own so that decoding their events does not delay the
 * sender's pacing: connects, records when each alert arrives at each socket, reports on request.
 */
async function runTerminals(): Promise<void> {
  const { url, tokens, count } = JSON.parse(process.env.LOOP_BENCH_TERMINALS_SPEC as string) as { url: string; tokens: Record<string, string>; count: number };
  const slots = LINES.flatMap((line) => line.terminals.map((terminal) => ({ line, terminal })));
  const deliveries: Record<string, number[]> = {};
  const socketsPerLine: Record<string, number> = {};
  const sockets: Socket[] = [];
  let duplicates = 0;
  for (let s = 0; s < count; s++) {
    const { line, terminal } = slots[s % slots.length] as (typeof slots)[number];
    const socket = io(`${url}/copilot`, { auth: { token: tokens[line.user], terminal }, transports: ['websocket'], reconnection: false, forceNew: true });
    const seen = new Set<string>();
    socket.on('alert', (alert: AlertEvent) => {
      const at = now();
      if (alert.status && alert.status !== 'open') return;
      if (seen.has(alert.id)) return void (duplicates += 1);
      seen.add(alert.id);
      (deliveries[alert.lot] ??= []).push(at);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    sockets.push(socket);
    socketsPerLine[line.lineId] = (socketsPerLine[line.lineId] ?? 0) + 1;
  }
  process.send?.({ ready: true });
  process.on('message', (message: { report?: boolean }) => {
    if (!message.report) return;
    for (const socket of sockets) socket.close();
    process.send?.({ deliveries, duplicates, socketsPerLine } satisfies TerminalReport, () => process.exit(0));
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qloop-loop-bench-'));
  const children: ChildProcess[] = [];
  try {
    let plant = loadPlant(DEMO_PLANT_FILE);
    for (const line of LINES) plant = plantWithExtraLots(plant, line);
    const env = {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOOP_BENCH_CHILD: '1', QLOOP_DATA_DIR: path.join(dir, 'data'), QLOOP_PORT: '0', QLOOP_HOST: '127.0.0.1',
      QLOOP_PLANT: writePlant(dir, plant), QLOOP_LOG_LEVEL: 'silent', QLOOP_LIMS_POLL_MS: '0', QLOOP_DB_SYNCHRONOUS: process.env.LOOP_BENCH_SYNC ?? 'FULL', QLOOP_SOCKET_EVENTS_PER_MINUTE: '10000',
    };
    const started = await startServer(env);
    children.push(started.child);
    const url = started.url;
    process.stdout.write(`server up at ${url} (${(started.ms / 1000).toFixed(1)} s to start)\n`);

    const tokens = new Map<string, string>();
    for (const user of [...LINES.map((l) => l.user), 'qa.anna']) tokens.set(user, await login(url, user, user === 'qa.anna' ? 'Quality-Demo-1' : 'Operator-Demo-1'));
    // Terminals spread over the five terminals of the three lines, in their own process.
    const terminals = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...env, LOOP_BENCH_CHILD: 'terminals', LOOP_BENCH_TERMINALS_SPEC: JSON.stringify({ url, tokens: Object.fromEntries(tokens), count: TERMINALS }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(terminals);
    await new Promise<void>((resolve, reject) => {
      terminals.once('message', () => resolve());
      terminals.once('exit', (code) => reject(new Error(`the terminals process exited with ${code}`)));
    });
    const sockets = { length: TERMINALS };
    process.stdout.write(`${sockets.length} terminals connected (own process); streaming ${RATE} results/s for ${SECONDS} s\n`);

    // Phase 1: the paced stream.
    const pools = LINES.map((line) => lotIds(line));
    const sentAt = new Map<string, { at: number; lineId: string }>();
    const warm = RATE * WARMUP;
    const total = RATE * SECONDS;
    let accepted = 0;
    let refused = 0;
    let retries = 0;
    const inFlight = new Set<Promise<void>>();
    const db = new Database(path.join(env.QLOOP_DATA_DIR, 'qloop.db'), { readonly: true });
    const backlog = () => db.prepare(`SELECT COUNT(*) FROM lims_inbox WHERE state = 'received'`).pluck().get() as number;
    let t0 = performance.now();
    let due = t0;
    for (let i = -warm; i < total; i++) {
      if (i === 0) {
        // The measured minute starts from a steady state: the warm-up has been evaluated.
        await Promise.all(inFlight);
        for (let w = 0; w < 300 && backlog() > 0; w++) await pause(100);
        t0 = performance.now();
      }
      // Warm-up ramps from a fifth of the rate to the full rate; the measured minute is paced exactly.
      due = i < 0 ? due + 1000 / (RATE * (0.2 + (0.8 * (i + warm)) / warm)) : t0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const li = (i + warm) % LINES.length;
      const line = LINES[li] as (typeof LINES)[number];
      const alerting = (i + warm) % ALERT_EVERY === 0;
      const pool = pools[li] as string[];
      // OOS results each on a lot of their own; the others on the last lots of the pool, which never go OOS.
      const k = i + warm; // position in the whole stream, warm-up included
      const lot = (alerting ? pool[Math.floor(k / ALERT_EVERY / LINES.length)] : pool[pool.length - 1 - (k % 7)]) as string;
      const body = { sample_id: lot.replace(/^LOT-/, 'S-'), test_name: line.test, result: alerting ? line.oos : line.inSpec(k), material_lot: lot, result_id: i < 0 ? `R-WARM-${k}` : `R-BENCH-${i}`, unit: '', status: 'final', finalized_at: new Date(Date.parse('2024-05-03T10:00:00Z') + i * 100).toISOString() };
      const at = now();
      const request = deliver(url, body).then(({ status, retries: tries }) => {
        if (i < 0) return;
        retries += tries;
        if (status !== 202) return void (refused += 1);
        accepted += 1;
        if (alerting) sentAt.set(lot, { at, lineId: line.lineId });
      });
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
    await Promise.all(inFlight);
    const streamSeconds = (performance.now() - t0) / 1000;
    // Wait until the last alert could have arrived (the server has evaluated everything).
    for (let i = 0; i < 300 && backlog() > 0; i++) await pause(100);
    await pause(500);

    const report = await new Promise<TerminalReport>((resolve) => {
      terminals.once('message', (message) => resolve(message as TerminalReport));
      terminals.send({ report: true });
    });
    const duplicates = report.duplicates;
    const latencies: number[] = [];
    const lastTerminal: number[] = [];
    let expected = 0;
    let received = 0;
    for (const [lot, sent] of sentAt) {
      expected += report.socketsPerLine[sent.lineId] ?? 0;
      const got = (report.deliveries[lot] ?? []).map((t) => t - sent.at);
      received += got.length;
      latencies.push(...got);
      if (got.length) lastTerminal.push(Math.max(...got));
    }
    const evaluations = db.prepare(`SELECT COUNT(*) FROM evaluations WHERE result_id LIKE 'R-BENCH-%'`).pluck().get() as number;
    // Inside the server: the result committed to the inbox -> its alert committed and published.
    const serverSide = (db.prepare(`SELECT i.received_at AS received, a.raised_at AS raised FROM alerts a JOIN evaluations e ON e.n = a.evaluation_n JOIN lims_inbox i ON i.seq = e.inbox_seq WHERE i.result_id LIKE 'R-BENCH-%'`).all() as Array<{ received: string; raised: string }>).map((r) => Date.parse(r.raised) - Date.parse(r.received));
    const inbox = db.prepare(`SELECT COUNT(*) FROM lims_inbox WHERE result_id LIKE 'R-BENCH-%'`).pluck().get() as number;
    db.close();

    // Phase 2: the highest durable intake rate (single-result posts, then batches of 100).
    const intake = process.env.LOOP_BENCH_INTAKE !== '0';
    const single = intake ? await intakeRate(url, { seconds: 8, concurrency: 48, batch: 1, pools, offset: total }) : { rate: Number.NaN };
    const batched = intake ? await intakeRate(url, { seconds: 8, concurrency: 8, batch: 100, pools, offset: total + 1_000_000 }) : { rate: Number.NaN };

    const p = (q: number, xs: number[]) => percentile(xs, q).toFixed(1);
    const lost = expected - received;
    const table = [
      '',
      `Result loop: ${total} results at ${RATE}/s (sent in ${streamSeconds.toFixed(1)} s, after a ${WARMUP} s warm-up ramp), one in ${ALERT_EVERY} OOS, ${TERMINALS} terminals on 3 lines (own process)`,
      '',
      `${'measure'.padEnd(52)} value`,
      `${'webhook sent -> alert at terminal, p50 (ms)'.padEnd(52)} ${p(50, latencies)}`,
      `${'webhook sent -> alert at terminal, p99 (ms)'.padEnd(52)} ${p(99, latencies)}`,
      `${'webhook sent -> alert at its last terminal, p99 (ms)'.padEnd(52)} ${p(99, lastTerminal)}`,
      `${'in the server: inbox commit -> alert raised, p50 / p99 (ms)'.padEnd(52)} ${p(50, serverSide)} / ${p(99, serverSide)}`,
      `${'alert deliveries expected / received'.padEnd(52)} ${expected} / ${received}`,
      `${'alert deliveries lost / duplicated'.padEnd(52)} ${lost} / ${duplicates}`,
      `${'results accepted (202) / refused / in inbox / evaluated'.padEnd(52)} ${accepted} / ${refused} / ${inbox} / ${evaluations}`,
      `${'redeliveries after a network error (deduplicated)'.padEnd(52)} ${retries}${networkErrors.size ? ` (${[...networkErrors].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`,
      `${'max durable intake, single-result posts (results/s)'.padEnd(52)} ${single.rate.toFixed(0)}`,
      `${'max durable intake, batches of 100 (results/s)'.padEnd(52)} ${batched.rate.toFixed(0)}`,
      '',
      `targets: p99 <= 50 ms ${percentile(latencies, 99) <= 50 ? 'met' : 'NOT met'}; nothing lost or duplicated ${lost === 0 && duplicates === 0 && evaluations === inbox ? 'met' : 'NOT met'}; intake >= 2000/s ${Math.max(single.rate, batched.rate) >= 2000 ? 'met' : 'NOT met'}`,
      `machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (shared: latency figures include other work on the box)`,
    ];
    process.stdout.write(`${table.join('\n')}\n`);
    process.stdout.write(`${JSON.stringify({
      bench: 'loop', results: total, ratePerSecond: RATE, seconds: SECONDS, terminals: TERMINALS, alerts: sentAt.size,
      latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), lastTerminalP99: percentile(lastTerminal, 99), serverP50: percentile(serverSide, 50), serverP99: percentile(serverSide, 99) },
      redeliveries: retries,
      deliveries: { expected, received, lost, duplicated: duplicates }, results202: accepted, refused, inbox, evaluations, lostEvaluations: inbox - evaluations,
      maxDurableIntakePerSecond: { single: Math.round(single.rate), batch100: Math.round(batched.rate) }, loadAverage: os.loadavg(),
    })}\n`);
  } finally {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill(process.env.LOOP_BENCH_PROFILE ? 'SIGTERM' : 'SIGKILL');
    if (process.env.LOOP_BENCH_PROFILE) await pause(3000);
    if (process.env.LOOP_BENCH_KEEP) process.stdout.write(`data kept in ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function intakeRate(url: string, o: { seconds: number; concurrency: number; batch: number; pools: string[][]; offset: number }): Promise<{ rate: number }> {
  let n = 0;
  let done = 0;
  const end = performance.now() + o.seconds * 1000;
  const t0 = performance.now();
  const worker = async () => {
    while (performance.now() < end) {
      const batch = Array.from({ length: o.batch }, () => {
        const i = n++;
        const line = LINES[i % LINES.length] as (typeof LINES)[number];
        const pool = o.pools[i % LINES.length] as string[];
        const lot = pool[pool.length - 1 - (i % 5)] as string;
        return { sample_id: lot.replace(/^LOT-/, 'S-'), test_name: line.test, result: line.inSpec(i), material_lot: lot, result_id: `R-INTAKE-${o.offset + i}`, finalized_at: '2024-05-03T12:00:00Z' };
      });
      if ((await post(url, o.batch === 1 ? batch[0] : batch)) === 202) done += batch.length;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { rate: done / ((performance.now() - t0) / 1000) };
}

/** A LIMS delivery: redelivered (same result ids) after a network error, as a LIMS retries. */
async function deliver(url: string, body: unknown): Promise<{ status: number; retries: number }> {
  for (let retries = 0; ; retries++) {
    const status = await post(url, body);
    if (status !== 0 || retries === 3) return { status, retries };
    await pause(20);
  }
}

async function post(url: string, body: unknown): Promise<number> {
  try {
    const res = await fetch(`${url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    networkErrors.set(cause?.code ?? cause?.message ?? String(err), (networkErrors.get(cause?.code ?? cause?.message ?? String(err)) ?? 0) + 1);
    return 0;
  }
}

async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const profile = process.env.LOOP_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LOOP_BENCH_PROFILE}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', fileURLToPath(import.meta.url)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /READY (\S+)/.exec(out);
      if (ready) resolve({ child, url: ready[1] as string, ms: performance.now() - t0 });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))] as number;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
