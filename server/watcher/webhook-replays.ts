// The replay window of the LIMS webhook, kept in SQLite so that a restart inside the window does
// not forget which signed deliveries were already taken. A claim commits without its own fsync:
// the inbox commit of the same delivery follows it in the WAL and is synced before the 202, so a
// delivery the LIMS saw accepted never has a lost claim; a delivery that fails before its results
// are stored gives its claim back (release), so the LIMS's retry is not taken for a replay.
// Pruning never goes back in time: after the clock steps back, a signature whose record may have
// been pruned is refused ('pruned') instead of being taken again.
import type Database from 'better-sqlite3';
import type { WalSync } from './wal-sync';

/** `fresh`: the first claim; `replay`: claimed before; `pruned`: it expired before the latest prune (the clock went back). */
export type ReplayClaim = 'fresh' | 'replay' | 'pruned';

/** Signatures seen inside the window: the first claim of one wins, every later one is a replay. */
export interface ReplayWindow {
  claim(signature: string, expiresAtMs: number, nowMs: number): ReplayClaim;
  /** Forgets a claim whose delivery was not stored. */
  release(signature: string): void;
}

/** Expired rows are pruned at most this often (a delete per delivery would be wasted work). */
const PRUNE_EVERY_MS = 10_000;

export class SqliteReplayWindow implements ReplayWindow {
  readonly #insert: Database.Statement;
  readonly #prune: Database.Statement;
  readonly #delete: Database.Statement;
  /** The latest time rows were pruned up to (never lowered when the clock steps back). */
  #prunedAt = 0;

  constructor(private readonly db: Database.Database, private readonly wal?: WalSync) {
    this.#insert = db.prepare('INSERT INTO webhook_replays (signature, expires_at) VALUES (?, ?) ON CONFLICT (signature) DO NOTHING');
    this.#prune = db.prepare('DELETE FROM webhook_replays WHERE expires_at < ?');
    this.#delete = db.prepare('DELETE FROM webhook_replays WHERE signature = ?');
  }

  claim(signature: string, expiresAtMs: number, nowMs: number): ReplayClaim {
    if (expiresAtMs < this.#prunedAt) return 'pruned';
    return this.#transaction(() => {
      if (nowMs - this.#prunedAt >= PRUNE_EVERY_MS) {
        this.#prune.run(nowMs);
        this.#prunedAt = nowMs;
      }
      return this.#insert.run(signature, expiresAtMs).changes === 1 ? 'fresh' : 'replay';
    });
  }

  release(signature: string): void {
    this.#transaction(() => this.#delete.run(signature));
  }

  /** Rows still inside the window (tests, diagnostics). */
  size(): number {
    return this.db.prepare('SELECT COUNT(*) FROM webhook_replays').pluck().get() as number;
  }

  #transaction<T>(work: () => T): T {
    return this.wal ? this.wal.transaction(work) : this.db.transaction(work).immediate();
  }
}
