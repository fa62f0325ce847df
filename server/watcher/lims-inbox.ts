// The LIMS inbox: every accepted result is committed here (and audited), and on disk, before the
// LIMS gets its 202 and before anything evaluates it. A result_id seen before is a redelivery when
// the measurement is one already stored under it; a new measurement under a known result_id is an
// amendment (the LIMS re-entered the value): two events go in, the withdrawal of the value before
// and the new value, so the evaluation before is annulled and the new value evaluated (never dropped).
// A result the LIMS retracted and then sends as final again is a re-issue: one event, evaluated.
// Concurrent deliveries share one transaction
// and one WAL sync off the event loop (group commit), so intake is not one blocking fsync per result.
import type Database from 'better-sqlite3';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import type { ResultCursor } from '../ports/lims';
import type { Clock } from '../ports/clock';
import crypto from 'node:crypto';
import { amendmentKeys, inboxKey, plainTestName, retractionKey, sameMeasurement, type IncomingResult, type TestName } from './incoming-result';
import type { WalSync } from './wal-sync';

export interface InboxReceipt {
  resultId: string;
  inboxSeq: number;
  /** Already in the inbox (a redelivery): nothing new happens. */
  duplicate: boolean;
  /** A new value under a result_id seen before: the value before is withdrawn, this one evaluated. */
  amended?: boolean;
  /** The LIMS sent a result it had retracted as final again: evaluated as a version of its own. */
  reissued?: boolean;
}

export interface InboxRow {
  seq: number;
  source: string;
  receivedAt: string;
  result: IncomingResult;
}

interface Pending {
  results: IncomingResult[];
  source: string;
  resolve(receipts: InboxReceipt[]): void;
  reject(error: unknown): void;
}

export class LimsInbox {
  readonly #insert: Database.Statement;
  readonly #existing: Database.Statement;
  readonly #waiting: Database.Statement;
  readonly #saveCursor: Database.Statement;
  readonly #loadCursor: Database.Statement;
  readonly #retraction: Database.Statement;
  readonly #versions: Database.Statement;
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly clock: Clock,
    /** Called after each commit that added results: wakes the evaluation worker. */
    private readonly onAccepted: () => void,
    private readonly wal?: WalSync,
    /** Test names as the plant catalog spells them (a redelivery may use the test code). */
    private readonly testName: TestName = plainTestName,
  ) {
    this.#insert = db.prepare(
      `INSERT INTO lims_inbox (dedupe_key, result_id, source, payload, received_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING seq`,
    );
    this.#existing = db.prepare('SELECT seq FROM lims_inbox WHERE dedupe_key = ?').pluck();
    this.#waiting = db.prepare(`SELECT seq, source, received_at, payload FROM lims_inbox WHERE state = 'received' AND seq > ? ORDER BY seq LIMIT ?`);
    this.#saveCursor = db.prepare(
      `INSERT INTO lims_cursors (adapter, since, after_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (adapter) DO UPDATE SET since = excluded.since, after_id = excluded.after_id, updated_at = excluded.updated_at`,
    );
    this.#loadCursor = db.prepare('SELECT since, after_id FROM lims_cursors WHERE adapter = ?');
    // The LIMS's retractions of one result_id, latest first (on the dedupe_key index).
    this.#retraction = db.prepare('SELECT seq, source, received_at, payload FROM lims_inbox WHERE dedupe_key = ? OR (dedupe_key >= ? AND dedupe_key < ?) ORDER BY seq DESC');
    // The first delivery and every amendment of one result_id (on the dedupe_key index).
    this.#versions = db.prepare('SELECT seq, payload FROM lims_inbox WHERE dedupe_key = ? OR (dedupe_key >= ? AND dedupe_key < ?) ORDER BY seq');
  }

  /** Durably accepts results; resolves once they are committed (with other concurrent deliveries). */
  accept(results: IncomingResult[], source: string): Promise<InboxReceipt[]> {
    if (results.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ results, source, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  /** A polled page and the cursor after it, in one transaction: a restart resumes exactly there. */
  async acceptPage(results: IncomingResult[], source: string, adapter: string, next: ResultCursor): Promise<InboxReceipt[]> {
    const receipts = this.#transaction(() => {
      const out = results.map((result) => this.#insertOne(result, source));
      this.#saveCursor.run(adapter, next.since, next.afterId ?? null, this.clock.iso());
      return out;
    });
    await this.wal?.durable();
    if (receipts.some((r) => !r.duplicate)) this.onAccepted();
    return receipts;
  }

  cursor(adapter: string): ResultCursor | undefined {
    const row = this.#loadCursor.get(adapter) as { since: string; after_id: string | null } | undefined;
    return row ? { since: row.since, ...(row.after_id ? { afterId: row.after_id } : {}) } : undefined;
  }

  /** Results not yet evaluated, oldest first. */
  waiting(afterSeq: number, limit: number): InboxRow[] {
    const rows = this.#waiting.all(afterSeq, limit) as Array<{ seq: number; source: string; received_at: string; payload: string }>;
    return rows.map((row) => ({ seq: row.seq, source: row.source, receivedAt: row.received_at, result: JSON.parse(row.payload) as IncomingResult }));
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    let receipts: InboxReceipt[][];
    try {
      receipts = this.#transaction(() => batch.map((p) => p.results.map((r) => this.#insertOne(r, p.source))));
      await this.wal?.durable();
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => p.resolve(receipts[i] ?? []));
    if (receipts.some((list) => list.some((r) => !r.duplicate))) this.onAccepted();
  }

  #transaction<T>(work: () => T): T {
    return this.wal ? this.wal.transaction(work) : this.db.transaction(work).immediate();
  }

  /** The LIMS's latest retraction of a result, when it has sent one (its inbox row: the comment, sample and test). */
  retractionOf(resultId: string): InboxRow | undefined {
    const prefix = `${retractionKey(resultId, 0).slice(0, -1)}`;
    const rows = this.#retraction.all(retractionKey(resultId), prefix, `${prefix}\uffff`) as Array<{ seq: number; source: string; received_at: string; payload: string }>;
    for (const row of rows) {
      const stored = JSON.parse(row.payload) as IncomingResult;
      // Only the LIMS's retraction of this very result (never a final result whose id happens to read "retracted:…").
      if (stored.status === 'retracted' && stored.resultId === resultId && stored.amendedTo === undefined) return { seq: row.seq, source: row.source, receivedAt: row.received_at, result: stored };
    }
    return undefined;
  }

  /**
   * A retraction under a key already taken: a redelivery of the latest retraction (undefined), the
   * LIMS's corrected retraction naming another sample or test (its own key), or a retraction of a
   * version the LIMS sent after its latest retraction (a re-issue or an amendment; its own key) —
   * unless it is finalized before that version (the retraction before, delivered late).
   */
  #retractedAgain(result: IncomingResult): { key: string; latest: InboxRow } | undefined {
    const latest = this.retractionOf(result.resultId);
    if (!latest) return undefined;
    const same = latest.result.sampleId === result.sampleId && this.testName(latest.result.test) === this.testName(result.test);
    if (!same) return { key: retractionKey(result.resultId, latest.seq), latest };
    const version = this.#versionsOf(result, inboxKey({ resultId: result.resultId })).at(-1);
    // Only a version that stands after the retraction (a re-issue or an amendment: the LIMS's new
    // word); a result that arrived after its retraction was annulled as it was written.
    const stands = version !== undefined && version.seq > latest.seq && (version.result.reissueOf !== undefined || version.result.amends !== undefined);
    const newer = stands && Date.parse(result.finalizedAt) >= Date.parse(version.result.finalizedAt);
    return newer ? { key: retractionKey(result.resultId, version.seq), latest } : undefined;
  }

  #insertOne(result: IncomingResult, source: string): InboxReceipt {
    let key = inboxKey(result);
    let inserted = this.#insert.get(key, result.resultId, source, JSON.stringify(result), this.clock.iso()) as { seq: number } | undefined;
    if (!inserted && result.status === 'retracted') {
      const again = this.#retractedAgain(result);
      if (!again) return { resultId: result.resultId, inboxSeq: this.retractionOf(result.resultId)?.seq ?? (this.#existing.get(key) as number), duplicate: true };
      key = again.key;
      inserted = this.#insert.get(key, result.resultId, source, JSON.stringify(result), this.clock.iso()) as { seq: number } | undefined;
      if (!inserted) return { resultId: result.resultId, inboxSeq: this.#existing.get(key) as number, duplicate: true };
    }
    if (!inserted) return this.#again(result, key, source);
    this.audit.appendSync({
      actor: { type: 'component', id: source },
      action: result.status === 'retracted' ? 'result.retraction.received' : 'result.received',
      subject: { type: 'result', id: result.resultId },
      after: { inboxSeq: inserted.seq, sampleId: result.sampleId, test: result.test, value: result.value, lotId: result.lotId, finalizedAt: result.finalizedAt, ...(result.status ? { status: result.status, comment: result.comment } : {}) },
    });
    return { resultId: result.resultId, inboxSeq: inserted.seq, duplicate: false };
  }

  /** The inbox row that already holds this result (or retraction), if one does: nothing would be new. */
  stored(result: IncomingResult): number | undefined {
    const key = inboxKey(result);
    const seq = this.#existing.get(key) as number | undefined;
    if (seq === undefined) return seq;
    if (result.status === 'retracted') return this.#retractedAgain(result) ? undefined : (this.retractionOf(result.resultId)?.seq ?? seq);
    return this.#redelivered(result, this.#versionsOf(result, key));
  }

  /**
   * The stored version this delivery repeats, if it is a redelivery: the latest version (what the
   * result is now), or an earlier one delivered late — told apart from a re-entry by its
   * finalized_at, older than the latest version's. The same value re-entered later (7.0 → 9.8 →
   * 7.0, or 9.8 → 7.0 → 9.8 restored) is an amendment: the LIMS's word now, evaluated.
   */
  #redelivered(result: IncomingResult, versions: Array<{ seq: number; result: IncomingResult }>): number | undefined {
    const latest = versions.at(-1);
    if (!latest) return undefined;
    const later = Date.parse(result.finalizedAt) >= Date.parse(latest.result.finalizedAt);
    // The LIMS retracted the latest version since: the same measurement sent as final again (with
    // its finalized_at or a later one) is the LIMS re-issuing the result, a version of its own.
    if (later && this.#reissue(result, latest)) return undefined;
    if (sameMeasurement(latest.result, result, this.testName)) return latest.seq;
    if (later) return undefined;
    return versions.slice(0, -1).findLast((v) => sameMeasurement(v.result, result, this.testName))?.seq;
  }

  /**
   * The LIMS's retraction of `latest` (the result's latest version) when `result` re-issues that
   * same measurement after it: the retraction came after the latest version and names its sample
   * and test (a mismatched retraction withdrew nothing, so there is nothing to re-issue).
   */
  #reissue(result: IncomingResult, latest: { seq: number; result: IncomingResult }): InboxRow | undefined {
    if (!sameMeasurement(latest.result, result, this.testName)) return undefined;
    const retraction = this.retractionOf(result.resultId);
    if (!retraction || retraction.seq < latest.seq) return undefined;
    const same = retraction.result.sampleId === latest.result.sampleId && this.testName(retraction.result.test) === this.testName(latest.result.test);
    return same ? retraction : undefined;
  }

  /** The first delivery and every amendment of a result id, oldest first. */
  #versionsOf(result: IncomingResult, key: string): Array<{ seq: number; result: IncomingResult }> {
    const prefix = `amended:${result.resultId}:`;
    return (this.#versions.all(key, prefix, `${prefix}\uffff`) as Array<{ seq: number; payload: string }>)
      .map((row) => ({ seq: row.seq, result: JSON.parse(row.payload) as IncomingResult }))
      .filter((v) => v.result.status !== 'retracted' && v.result.resultId === result.resultId);
  }

  /** A final result under a key already taken: a redelivery of a stored version, or an amendment. */
  #again(result: IncomingResult, key: string, source: string): InboxReceipt {
    const versions = this.#versionsOf(result, key);
    const same = this.#redelivered(result, versions);
    if (same !== undefined) return { resultId: result.resultId, inboxSeq: same, duplicate: true };
    const before = versions.at(-1);
    if (!before) return { resultId: result.resultId, inboxSeq: this.#existing.get(key) as number, duplicate: true };
    const digest = crypto.createHash('sha256').update(JSON.stringify([result.sampleId, this.testName(result.test), result.value.trim(), result.unit ?? '', result.specMin ?? null, result.specMax ?? null, result.lotId ?? null])).digest('hex').slice(0, 16);
    const now = this.clock.iso();
    const retraction = this.#reissue(result, before);
    if (retraction) return this.#reissued(result, before, retraction, digest, source, now);
    const keys = amendmentKeys(result.resultId, before.seq, digest);
    const withdrawal: IncomingResult = { ...before.result, status: 'retracted', amendedTo: result.value, comment: `amended by the LIMS: ${before.result.value} → ${result.value}` };
    const withdrawn = this.#insert.get(keys.withdrawal, result.resultId, source, JSON.stringify(withdrawal), now) as { seq: number } | undefined;
    const inserted = this.#insert.get(keys.value, result.resultId, source, JSON.stringify({ ...result, amends: before.result.value }), now) as { seq: number } | undefined;
    if (!withdrawn || !inserted) return { resultId: result.resultId, inboxSeq: this.#existing.get(keys.value) as number, duplicate: true };
    this.audit.appendSync({
      actor: { type: 'component', id: source },
      action: 'result.amended',
      subject: { type: 'result', id: result.resultId },
      before: { inboxSeq: before.seq, value: before.result.value, unit: before.result.unit, finalizedAt: before.result.finalizedAt },
      after: { inboxSeq: inserted.seq, withdrawalSeq: withdrawn.seq, sampleId: result.sampleId, test: result.test, value: result.value, unit: result.unit, lotId: result.lotId, finalizedAt: result.finalizedAt },
      reason: `the LIMS sent a new value under result_id ${result.resultId}: the value before is annulled, the new one evaluated`,
    });
    return { resultId: result.resultId, inboxSeq: inserted.seq, duplicate: false, amended: true };
  }

  /**
   * The LIMS sent a result it had retracted as final again: the new version, keyed on the
   * retraction it follows, is evaluated. Nothing is withdrawn (the retraction already annulled the
   * value before), so there is no withdrawal event and no amendment notice.
   */
  #reissued(result: IncomingResult, before: { seq: number; result: IncomingResult }, retraction: InboxRow, digest: string, source: string, now: string): InboxReceipt {
    const key = amendmentKeys(result.resultId, retraction.seq, digest).value;
    const inserted = this.#insert.get(key, result.resultId, source, JSON.stringify({ ...result, reissueOf: retraction.seq }), now) as { seq: number } | undefined;
    if (!inserted) return { resultId: result.resultId, inboxSeq: this.#existing.get(key) as number, duplicate: true };
    this.audit.appendSync({
      actor: { type: 'component', id: source },
      action: 'result.reissued',
      subject: { type: 'result', id: result.resultId },
      before: { inboxSeq: before.seq, retractionSeq: retraction.seq, value: before.result.value, finalizedAt: before.result.finalizedAt },
      after: { inboxSeq: inserted.seq, sampleId: result.sampleId, test: result.test, value: result.value, unit: result.unit, lotId: result.lotId, finalizedAt: result.finalizedAt },
      reason: `the LIMS sent result ${result.resultId} as final again after retracting it: the re-issued result is evaluated`,
    });
    return { resultId: result.resultId, inboxSeq: inserted.seq, duplicate: false, reissued: true };
  }
}
