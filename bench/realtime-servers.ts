// The server side of bench/realtime.bench.ts, run in a child process and driven over IPC:
// the real qloop server (demo plant, /copilot namespace, TerminalFeed), or a plain `ws`
// server broadcasting the same alert JSON.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { WebSocketServer } from 'ws';
import { loadConfig } from '../server/config';
import { startQloop } from '../server/main';
import type { AlertEvent } from '../server/realtime/contract';

const now = () => performance.timeOrigin + performance.now();
const send = (message: object) => process.send!(message);

const alert = (id: string): AlertEvent => ({
  id,
  status: 'open',
  raisedAt: new Date().toISOString(),
  line: 'LINE-3',
  severity: 'critical',
  lot: 'LOT-XYZ789',
  test: 'pH',
  value: 9.8,
  unit: '',
  spec: '6.5–7.5',
  rule: 'Above the upper spec limit (OOS)',
  guidance: 'Stop filling. Keep the bulk in TK-07. Follow WI-PRD-030: QA has been notified.',
  proposalId: `P-${id}`,
});

function memory(): { rss: number; heap: number } {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
}

export async function runServerRole(role: 'socketio' | 'ws'): Promise<void> {
  let emit: (id: string) => void;
  let connections: () => number;
  let stop: () => Promise<void>;
  if (role === 'socketio') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qloop-bench-'));
    const config = loadConfig({ env: {}, overrides: { startupDocuments: [], port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', shutdownGraceMs: 1000, dbSynchronous: 'NORMAL' } });
    const qloop = await startQloop(config, { logger: pino({ level: 'silent' }) });
    // The copilot loads LangChain in the background after listen: wait for it, or its ~20 MB
    // land in the per-connection memory figure.
    await qloop.copilotReady;
    const { token } = await qloop.tokens.issue(qloop.accounts.session('op.line3')!);
    emit = (id) => qloop.feed.alert({ lineId: 'LINE-3' }, alert(id));
    connections = () => qloop.io.of('/copilot').sockets.size;
    stop = async () => {
      await qloop.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    send({ type: 'ready', url: qloop.url, token });
  } else {
    const server = http.createServer();
    const wss = new WebSocketServer({ server });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    emit = (id) => {
      const frame = JSON.stringify(alert(id));
      for (const client of wss.clients) client.send(frame);
    };
    connections = () => wss.clients.size;
    stop = async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => server.close(() => resolve())));
    };
    send({ type: 'ready', url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` });
  }
  process.on('message', async (message: { type: string; id?: string }) => {
    if (message.type === 'memory') send({ type: 'memory', ...memory(), connections: connections() });
    else if (message.type === 'fanout') {
      const sentAt = now();
      emit(message.id!);
      send({ type: 'sent', sentAt, emitMs: now() - sentAt });
    } else if (message.type === 'stop') {
      await stop();
      send({ type: 'stopped' });
      process.exit(0);
    }
  });
}
