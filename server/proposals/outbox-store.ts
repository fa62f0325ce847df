// The outbox: an approved action is written here in the same transaction as the approval, and
// only then sent to the MES. One entry per proposal and per idempotency key (UNIQUE), so a
// double click, a retried request or a replay after a crash can never queue it twice.
import type Database from 'better-sqlite3';

export type OutboxAction = 'placeHold' | 'releaseHold' | 'draftNonconformance' | 'writeSetpoint';

export interface OutboxEntry {
  n: number;
  proposalId: string;
  action: OutboxAction;
  request: Record<string, unknown>;
  idempotencyKey: string;
  state: 'pending' | 'done' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  /** Set while its call is in flight (or was, when the server stopped during it). */
  claimedAt?: string;
}

interface Row {
  n: number;
  proposal_n: number;
  action: OutboxAction;
  request: string;
  idempotency_key: string;
  state: OutboxEntry['state'];
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  claimed_at: string | null;
}

export class OutboxStore {
  readonly #insert: Database.Statement;
  readonly #due: Database.Statement;
  readonly #next: Database.Statement;
  readonly #done: Database.Statement;
  readonly #retry: Database.Statement;
  readonly #dead: Database.Statement;
  readonly #byProposal: Database.Statement;
  readonly #claim: Database.Statement;
  readonly #withdraw: Database.Statement;
  readonly #withdrawChecked: Database.Statement;
  readonly #expedite: Database.Statement;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(
      `INSERT INTO outbox (proposal_n, action, request, idempotency_key, state, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.#due = db.prepare(`SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, n LIMIT ?`);
    this.#next = db.prepare(`SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'`).pluck();
    this.#done = db.prepare(`UPDATE outbox SET state = 'done', attempts = attempts + 1, result = ?, last_error = NULL, claimed_at = NULL, updated_at = ? WHERE n = ? AND state = 'pending'`);
    this.#retry = db.prepare(`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claimed_at = NULL, updated_at = ? WHERE n = ? AND state = 'pending'`);
    this.#dead = db.prepare(`UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?, claimed_at = NULL, updated_at = ? WHERE n = ? AND state = 'pending'`);
    this.#byProposal = db.prepare('SELECT * FROM outbox WHERE proposal_n = ?');
    this.#claim = db.prepare(`UPDATE outbox SET claimed_at = ?, updated_at = ? WHERE n = ? AND state = 'pending'`);
    // Only an entry never tried and not in flight: a call that was made (its answer lost, or the
    // server stopped during it) may have reached the MES, and only reading the MES tells.
    this.#withdraw = db.prepare(`UPDATE outbox SET state = 'dead', last_error = ?, updated_at = ? WHERE proposal_n = ? AND state = 'pending' AND attempts = 0 AND claimed_at IS NULL`);
    this.#withdrawChecked = db.prepare(`UPDATE outbox SET state = 'dead', last_error = ?, claimed_at = NULL, updated_at = ? WHERE proposal_n = ? AND state = 'pending'`);
    this.#expedite = db.prepare(`UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE proposal_n = ? AND state = 'pending' AND claimed_at IS NULL AND next_attempt_at > ?`);
  }

  /** Queues the action; false when this proposal or key is already queued (a duplicate). */
  enqueue(proposalId: string, action: OutboxAction, request: Record<string, unknown>, idempotencyKey: string, now: string): boolean {
    return this.#insert.run(proposalN(proposalId), action, JSON.stringify(request), idempotencyKey, now, now, now).changes === 1;
  }

  due(now: string, limit = 20): OutboxEntry[] {
    return (this.#due.all(now, limit) as Row[]).map(toEntry);
  }

  /** When the next pending entry is due, if any. */
  nextDueAt(): string | undefined {
    return (this.#next.get() as string | null) ?? undefined;
  }

  forProposal(proposalId: string): OutboxEntry | undefined {
    const row = this.#byProposal.get(proposalN(proposalId)) as Row | undefined;
    return row ? toEntry(row) : undefined;
  }

  markDone(n: number, result: unknown, now: string): void {
    this.#done.run(JSON.stringify(result ?? null), now, n);
  }

  markRetry(n: number, nextAttemptAt: string, error: string, now: string): void {
    this.#retry.run(nextAttemptAt, error, now, n);
  }

  markDead(n: number, error: string, now: string): void {
    this.#dead.run(error, now, n);
  }

  /** The call is about to go out (committed before it, cleared by done / retry / dead). */
  markClaimed(n: number, now: string): void {
    this.#claim.run(now, now, n);
  }

  /** Only the worker, before its next call: a claim left by a stop during a call is stale. */
  unclaim(n: number, now: string): void {
    this.#claim.run(null, now, n);
  }

  /**
   * Takes a queued action back before it is sent (dead, with the reason). False when it is not
   * waiting untried: already sent, dead, its call in flight, or a call already made (answer lost).
   */
  withdraw(proposalId: string, reason: string, now: string): boolean {
    return this.#withdraw.run(reason, now, proposalN(proposalId)).changes === 1;
  }

  /** Only the worker, after reading the MES showed an earlier call did not take effect. */
  withdrawChecked(proposalId: string, reason: string, now: string): boolean {
    return this.#withdrawChecked.run(reason, now, proposalN(proposalId)).changes === 1;
  }

  /** Due now (a retraction wants the MES read at once, not at the next retry). */
  expedite(proposalId: string, now: string): void {
    this.#expedite.run(now, now, proposalN(proposalId), now);
  }
}

function proposalN(id: string): number {
  return Number(id.replace(/^P-/, ''));
}

function toEntry(row: Row): OutboxEntry {
  return {
    n: row.n,
    proposalId: `P-${row.proposal_n}`,
    action: row.action,
    request: JSON.parse(row.request) as Record<string, unknown>,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error ? { lastError: row.last_error } : {}),
    ...(row.claimed_at ? { claimedAt: row.claimed_at } : {}),
  };
}
