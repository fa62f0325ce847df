// The replay window of the LIMS webhook, kept in SQLite so that a restart inside the window does
// not forget which signed deliveries were already taken. A claim commits without its own fsync:
// the inbox commit of the same delivery follows it in the WAL and is synced before the 202, so a
// delivery the LIMS saw accepted never has a lost claim.
import type Database from 'better-sqlite3';
import type { WalSync } from './wal-sync';

/** Signatures seen inside the window: the first claim of one wins, every later one is a replay. */
export interface ReplayWindow {
  /** True the first time `signature` is claimed before `expiresAtMs`; false for a replay. */
  claim(signature: string, expiresAtMs: number, nowMs: number): boolean;
}

/** Expired rows are pruned at most this often (a delete per delivery would be wasted work). */
const PRUNE_EVERY_MS = 10_000;

export class SqliteReplayWindow implements ReplayWindow {
  readonly #insert: Database.Statement;
  readonly #prune: Database.Statement;
  #prunedAt = 0;

  constructor(private readonly db: Database.Database, private readonly wal?: WalSync) {
    this.#insert = db.prepare('INSERT INTO webhook_replays (signature, expires_at) VALUES (?, ?) ON CONFLICT (signature) DO NOTHING');
    this.#prune = db.prepare('DELETE FROM webhook_replays WHERE expires_at < ?');
  }

  claim(signature: string, expiresAtMs: number, nowMs: number): boolean {
    return this.#transaction(() => {
      if (nowMs - this.#prunedAt >= PRUNE_EVERY_MS) {
        this.#prune.run(nowMs);
        this.#prunedAt = nowMs;
      }
      return this.#insert.run(signature, expiresAtMs).changes === 1;
    });
  }

  /** Rows still inside the window (tests, diagnostics). */
  size(): number {
    return this.db.prepare('SELECT COUNT(*) FROM webhook_replays').pluck().get() as number;
  }

  #transaction<T>(work: () => T): T {
    return this.wal ? this.wal.transaction(work) : this.db.transaction(work).immediate();
  }
}
