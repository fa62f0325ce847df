// Durable commits without blocking the event loop. With synchronous=FULL every SQLite commit
// fsyncs the WAL on the main thread (2-3 ms here), which stalls every socket and request while
// it waits. The watcher's hot paths (inbox intake, evaluation batches) instead commit with
// synchronous=NORMAL (the WAL is written, not yet synced) and then fdatasync the WAL file on
// libuv's thread pool before anyone is told: the same guarantee as FULL for what is acknowledged
// (SQLite syncs the WAL before and the database after each checkpoint in NORMAL mode as in FULL),
// and one sync covers every commit made while the previous one ran (group commit).
import fs from 'node:fs';
import type Database from 'better-sqlite3';

export class WalSync {
  readonly #db: Database.Database;
  readonly #walFile: string;
  readonly #full: boolean;
  #fd: number | undefined;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#walFile = `${db.name}-wal`;
    // Only FULL needs the barrier: with NORMAL the operator chose to trade power-loss safety for speed.
    this.#full = Number(db.pragma('synchronous', { simple: true })) >= 2;
  }

  /** Runs `work` in an IMMEDIATE transaction whose commit does not fsync on this thread. */
  transaction<T>(work: () => T): T {
    if (!this.#full) return this.#db.transaction(work).immediate();
    this.#db.pragma('synchronous = NORMAL');
    try {
      return this.#db.transaction(work).immediate();
    } finally {
      this.#db.pragma('synchronous = FULL');
    }
  }

  /** Resolves once everything committed before the call is on disk. */
  durable(): Promise<void> {
    if (!this.#full) return Promise.resolve();
    if (!this.#running) return (this.#running = this.#sync().finally(() => (this.#running = undefined)));
    // A sync is running but may have started before our commit: share the next one.
    this.#next ??= this.#running.then(() => {
      this.#next = undefined;
      return (this.#running = this.#sync().finally(() => (this.#running = undefined)));
    });
    return this.#next;
  }

  close(): void {
    if (this.#fd !== undefined) fs.closeSync(this.#fd);
    this.#fd = undefined;
  }

  #sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#fd ??= fs.openSync(this.#walFile, 'r');
      fs.fdatasync(this.#fd, (err) => (err ? reject(err) : resolve()));
    });
  }
}
