// Moves SQLite's WAL checkpoints off the event loop. An automatic checkpoint runs inside whichever
// commit crosses 1000 WAL pages and syncs the database file there, on the main thread: every few
// seconds under load every socket and request waited for it (hundreds of ms on a busy disk). Here
// the main connection's auto-checkpoint is off and a worker thread with its own connection runs
// PASSIVE checkpoints (they never block readers or writers); if the thread dies, auto-checkpoint
// comes back on so the WAL cannot grow without bound.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';

const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const run = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    if (row && row.busy) parentPort.postMessage({ busy: true });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); db.close(); parentPort.postMessage({ closed: true }); } });
`;

export class WalCheckpointer {
  #worker: Worker | undefined;
  #stopping = false;

  constructor(private readonly db: Database.Database, private readonly logger: Logger, private readonly intervalMs = 1000) {}

  start(): void {
    if (this.db.memory || this.db.readonly) return;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(THREAD, { eval: true, workerData: { driver, file: this.db.name, intervalMs: this.intervalMs } });
    worker.unref();
    worker.on('message', (m: { error?: string }) => m.error && this.logger.warn({ error: m.error }, 'WAL checkpoint failed; retrying'));
    worker.on('error', (err) => this.logger.error({ err }, 'WAL checkpoint thread failed'));
    worker.on('exit', () => {
      if (this.#stopping || !this.db.open) return;
      this.logger.error('WAL checkpoint thread stopped: automatic checkpoints are back on the main thread');
      this.db.pragma('wal_autocheckpoint = 1000');
    });
    this.db.pragma('wal_autocheckpoint = 0');
    this.#worker = worker;
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#stopping = true;
    this.#worker = undefined;
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    // The thread closes its connection and says so; then it is terminated (a process.exit inside
    // the thread could hang in the server's process and hold the shutdown until the grace ended).
    await new Promise<void>((resolve) => {
      worker.on('message', (m: { closed?: boolean }) => m.closed && resolve());
      worker.once('exit', () => resolve());
      worker.postMessage('stop');
    });
    await worker.terminate();
  }
}
