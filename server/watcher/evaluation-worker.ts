// Evaluates inbox results exactly once, oldest first: context and quality checks for a batch,
// then one transaction that writes every evaluation (and annuls those the LIMS retracted) and
// marks its inbox row (a crash before the commit repeats the batch; after it, nothing is
// repeated). Events go out only after the commit. A batch ends at a retraction: what follows it is
// judged on the series without the retracted point. A batch that keeps failing is halved until
// the row that fails is alone; that row is then recorded as an 'error' evaluation QA must look at
// (a retraction: recorded as failed, without an evaluation row), so one bad row never blocks the results behind it (a transient failure, an MES or disk outage,
// is retried as long as it lasts).
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Clock } from '../ports/clock';
import { DrainLoop } from '../shared/drain-loop';
import { transient } from '../shared/transient';
import type { EvaluationWriter, PreparedEvaluation, WrittenEvaluation } from './evaluation-writer';
import type { InboxRow, LimsInbox } from './lims-inbox';
import type { RetractionWriter, WrittenRetraction } from './retraction-writer';
import { checkResult, checkUnmapped } from './quality-check';
import type { ResultContextResolver } from './result-context';
import type { SeriesHistory } from './series-history';
import type { WalSync } from './wal-sync';

/** Points on the alert's control chart: the new result and those before it. */
const CHART_POINTS = 20;
/** A failed batch stays in the inbox and is tried again after this. */
const RETRY_MS = 1000;
/** Failures of one row, alone in its batch, before it is recorded as an 'error' evaluation. */
export const POISON_ATTEMPTS = 3;

export interface EvaluationWorkerDeps {
  db: Database.Database;
  inbox: LimsInbox;
  resolver: ResultContextResolver;
  history: SeriesHistory;
  writer: EvaluationWriter;
  clock: Clock;
  logger: Logger;
  /** Called after each committed batch: pushes alerts and proposals, notifies QA. */
  published(written: WrittenEvaluation[]): void;
  /** Annuls evaluations of results the LIMS retracted (inside the same transaction). */
  retractions: RetractionWriter;
  /** Called after each committed batch that held retractions: closed alerts, notices. */
  retracted(written: WrittenRetraction[]): void;
  /** Commits without a blocking fsync, then waits for the WAL sync before publishing. */
  wal?: WalSync;
  batchSize?: number;
}

export class EvaluationWorker extends DrainLoop {
  #evaluated = 0;
  /** The batch size after failures (halved on each, back to full after a success). */
  #limit: number | undefined;
  /** The first row of the failing batch and how often it failed alone. */
  #failing: { seq: number; alone: number } | undefined;
  /** Rows not even an 'error' evaluation could be written for: skipped until the next start. */
  readonly #setAside = new Set<number>();

  constructor(private readonly deps: EvaluationWorkerDeps) {
    super();
  }

  get evaluated(): number {
    return this.#evaluated;
  }

  protected failed(err: unknown): number {
    // Never let the loop die: the rows stay in the inbox and are tried again. The series may hold
    // values of rows prepared before the failure: the database is the truth again.
    this.deps.history.reset();
    this.#shrink(err);
    this.deps.logger.error({ err }, 'evaluation worker failed; retrying in 1 s');
    return RETRY_MS;
  }

  protected async pass(): Promise<void> {
    while (!this.stopped) {
      const rows = this.#next();
      if (rows.length === 0) return;
      if (this.#failing && this.#failing.alone >= POISON_ATTEMPTS && rows.length === 1 && rows[0]?.seq === this.#failing.seq) {
        this.#writePoisoned(rows[0], this.#failing.alone);
        continue;
      }
      // Results and retractions, in inbox order (a retraction is an event of its own).
      const prepared: Array<PreparedEvaluation | InboxRow> = [];
      // Results whose retraction came first but names another sample or test: judged, QA told.
      const mismatched = new Map<number, { retraction: InboxRow; mismatch: string }>();
      for (const row of rows) prepared.push(row.result.status === 'retracted' ? row : await this.#prepare(row, mismatched));
      if (this.stopped) return;
      const written: WrittenEvaluation[] = [];
      const retracted: WrittenRetraction[] = [];
      try {
        const now = this.deps.clock.now();
        const iso = new Date(now).toISOString();
        const write = () => {
          for (const p of prepared) {
            if ('row' in p) {
              written.push(this.deps.writer.write(p, iso, now));
              const wrong = mismatched.get(p.row.seq);
              if (wrong) retracted.push(this.deps.retractions.mismatchOnArrival(wrong.retraction, p.row, wrong.mismatch, iso));
            } else retracted.push(this.deps.retractions.write(p, iso));
          }
        };
        this.#commit(write);
      } catch (err) {
        // Nothing of the batch was written: the rows stay in the inbox and are tried again.
        this.deps.history.reset();
        this.#shrink(err, rows);
        this.deps.logger.error({ err, firstSeq: rows[0]?.seq, rows: rows.length }, 'evaluation batch failed; retrying in 1 s');
        return this.schedule(RETRY_MS);
      }
      this.#limit = undefined;
      this.#failing = undefined;
      this.#evaluated += written.length;
      // An annulled result leaves the SPC series: the database is the truth again (before the
      // next batch is prepared, whatever happens to the publishing below).
      if (retracted.some((r) => r.status === 'annulled')) this.deps.history.reset();
      try {
        // Nobody hears of an evaluation before it is on disk.
        await this.deps.wal?.durable();
        this.deps.published(written);
        if (retracted.length) this.deps.retracted(retracted);
      } catch (err) {
        this.deps.logger.error({ err }, 'publishing evaluations failed (they are stored and replayed on reconnect)');
      }
      // Let intake requests and socket traffic in between batches of a backlog.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** The next batch: up to the limit, ending at the first retraction (it changes the series). */
  #next(): InboxRow[] {
    const limit = this.#limit ?? this.deps.batchSize ?? 50;
    const rows = this.deps.inbox.waiting(0, limit + this.#setAside.size).filter((r) => !this.#setAside.has(r.seq)).slice(0, limit);
    const retraction = rows.findIndex((r) => r.result.status === 'retracted');
    return retraction === -1 ? rows : rows.slice(0, retraction + 1);
  }

  /** After a failed batch: a smaller one next time, until the failing row is alone (then counted). */
  #shrink(err: unknown, rows?: InboxRow[]): void {
    if (transient(err)) return;
    const size = rows?.length ?? this.#limit ?? this.deps.batchSize ?? 50;
    // The next batch as the worker would take it (set-aside rows skipped), not the inbox's first row.
    const first = rows?.[0]?.seq ?? this.#next()[0]?.seq;
    if (first === undefined) return;
    if (size > 1) {
      this.#limit = Math.ceil(size / 2);
      this.#failing = { seq: first, alone: 0 };
      return;
    }
    this.#failing = this.#failing?.seq === first ? { seq: first, alone: this.#failing.alone + 1 } : { seq: first, alone: 1 };
  }

  /**
   * A row that failed alone POISON_ATTEMPTS times: recorded as an 'error' evaluation (QA gets the
   * alert, the result is never dropped) so the rows behind it go on. If even that cannot be
   * written, the row is set aside until the next start and the failure is logged.
   */
  #writePoisoned(row: InboxRow, attempts: number): void {
    if (row.result.status === 'retracted') return this.#retractionFailed(row, attempts);
    const reason = `evaluation failed ${attempts} times on this result; recorded for QA instead of retried`;
    const now = this.deps.clock.now();
    const prepared: PreparedEvaluation = { row, context: { specSource: 'none', equipment: [], notes: [reason], ...(row.result.lotId ? { lotId: row.result.lotId } : {}) }, error: reason };
    const written = this.#recordInstead(row, () => this.deps.writer.write(prepared, new Date(now).toISOString(), now), 'a LIMS result cannot be evaluated nor recorded as an error; set aside until the next start');
    if (!written) return;
    this.#evaluated += 1;
    this.deps.logger.error({ seq: row.seq, resultId: row.result.resultId, evaluationId: written.evaluationId }, 'a LIMS result that kept failing is recorded as an error evaluation');
    this.#afterDurable(() => this.deps.published([written]), 'publishing evaluations failed (they are stored and replayed on reconnect)');
  }

  /** A retraction that failed alone POISON_ATTEMPTS times: recorded apart (no evaluation row), QA told. */
  #retractionFailed(row: InboxRow, attempts: number): void {
    const reason = `processing the LIMS retraction of result ${row.result.resultId} failed ${attempts} times; nothing was annulled`;
    const failed = this.#recordInstead(row, () => this.deps.retractions.failed(row, reason), 'a LIMS retraction can neither be processed nor recorded as failed; set aside until the next start');
    if (!failed) return;
    this.deps.logger.error({ seq: row.seq, resultId: row.result.resultId }, 'a LIMS retraction that kept failing is recorded for QA');
    this.#afterDurable(() => this.deps.retracted([failed]), 'publishing a failed retraction failed (it is stored and audited)');
  }

  /**
   * Writes what stands in for a row that kept failing; the batch size starts over either way. If
   * even that cannot be written, the row is set aside until the next start (logged) and undefined
   * is returned.
   */
  #recordInstead<T>(row: InboxRow, write: () => T, unrecordable: string): T | undefined {
    this.#limit = undefined;
    this.#failing = undefined;
    try {
      return this.#commit(write);
    } catch (err) {
      this.#setAside.add(row.seq);
      this.deps.logger.error({ err, seq: row.seq, resultId: row.result.resultId }, unrecordable);
      return undefined;
    }
  }

  /** One write transaction: through the WAL sync (group commit) when there is one. */
  #commit<T>(write: () => T): T {
    return this.deps.wal ? this.deps.wal.transaction(write) : this.deps.db.transaction(write).immediate();
  }

  /** Nobody hears of a write before it is on disk. */
  #afterDurable(publish: () => void, failure: string): void {
    void (this.deps.wal?.durable() ?? Promise.resolve()).then(publish).catch((err: unknown) => this.deps.logger.error({ err }, failure));
  }

  async #prepare(row: InboxRow, mismatched: Map<number, { retraction: InboxRow; mismatch: string }>): Promise<PreparedEvaluation> {
    const prepared = await this.#evaluate(row, mismatched);
    const needsPerson = !prepared.withdrawn && (!prepared.quality || prepared.quality.alerting);
    return needsPerson ? { ...prepared, context: await this.deps.resolver.withEquipment(prepared.context) } : prepared;
  }

  async #evaluate(row: InboxRow, mismatched: Map<number, { retraction: InboxRow; mismatch: string }>): Promise<PreparedEvaluation> {
    const context = await this.deps.resolver.resolve(row.result);
    // Retracted before it was evaluated (out-of-order delivery, or both in one batch): recorded, never
    // judged. An amended or re-issued value after a retraction is the LIMS's new word on the result:
    // judged. A retraction naming another sample or test withdraws nothing (a wrong id must not hide an OOS).
    const found = this.deps.inbox.retractionOf(row.result.resultId);
    const newWord = row.result.amends !== undefined || row.result.reissueOf !== undefined;
    const retraction = found && !(newWord && found.seq < row.seq) ? found : undefined;
    const mismatch = retraction ? this.deps.retractions.mismatch(retraction.result, row.result) : undefined;
    if (retraction && mismatch) mismatched.set(row.seq, { retraction, mismatch });
    else if (retraction) return { row, context, withdrawn: { bySeq: retraction.seq, reason: `the LIMS retracted result ${row.result.resultId}${retraction.result.comment ? ` (${retraction.result.comment})` : ''}` } };
    const spec = context.spec;
    if (!spec) return { row, context };
    try {
      // Reaching no MES lot does not unmake the lab's verdict: judged on its own (the LIMS limits), in no series.
      if (!context.lot) return { row, context, quality: checkUnmapped(spec, row.result.numeric ?? row.result.value) };
      const lineId = context.line?.id;
      const series = this.deps.history.get(spec, lineId);
      const value = row.result.numeric ?? row.result.value;
      const quality = checkResult(spec, value, series.values, series.baseline);
      const recent = series.values.slice(-(CHART_POINTS - 1));
      if (quality.verdict.raw !== null) this.deps.history.append(spec, lineId, quality.verdict.raw);
      return { row, context, quality, recent };
    } catch (err) {
      this.deps.logger.error({ err, resultId: row.result.resultId }, 'quality engine failed on a result');
      return { row, context, error: `the quality engine failed: ${(err as Error).message}` };
    }
  }
}
