// Evaluates inbox results exactly once, oldest first: context and quality checks for a batch,
// then one transaction that writes every evaluation (and annuls those the LIMS retracted) and
// marks its inbox row (a crash before the commit repeats the batch; after it, nothing is
// repeated). Events go out only after the commit.
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Clock } from '../ports/clock';
import { DrainLoop } from '../proposals/drain-loop';
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

  constructor(private readonly deps: EvaluationWorkerDeps) {
    super();
  }

  get evaluated(): number {
    return this.#evaluated;
  }

  protected failed(err: unknown): number {
    // Never let the loop die: the rows stay in the inbox and are tried again.
    this.deps.logger.error({ err }, 'evaluation worker failed; retrying in 1 s');
    return RETRY_MS;
  }

  protected async pass(): Promise<void> {
    while (!this.stopped) {
      const rows = this.deps.inbox.waiting(0, this.deps.batchSize ?? 50);
      if (rows.length === 0) return;
      // Results and retractions, in inbox order (a retraction is an event of its own).
      const prepared: Array<PreparedEvaluation | InboxRow> = [];
      for (const row of rows) prepared.push(row.result.status === 'retracted' ? row : await this.#prepare(row));
      if (this.stopped) return;
      const written: WrittenEvaluation[] = [];
      const retracted: WrittenRetraction[] = [];
      try {
        const now = this.deps.clock.now();
        const iso = new Date(now).toISOString();
        const write = () => {
          for (const p of prepared) {
            if ('row' in p) written.push(this.deps.writer.write(p, iso, now));
            else retracted.push(this.deps.retractions.write(p, iso));
          }
        };
        if (this.deps.wal) this.deps.wal.transaction(write);
        else this.deps.db.transaction(write).immediate();
      } catch (err) {
        // Nothing of the batch was written: the rows stay in the inbox and are tried again.
        this.deps.history.reset();
        this.deps.logger.error({ err, firstSeq: rows[0]?.seq }, 'evaluation batch failed; retrying in 1 s');
        return this.schedule(RETRY_MS);
      }
      this.#evaluated += written.length;
      try {
        // Nobody hears of an evaluation before it is on disk.
        await this.deps.wal?.durable();
        // An annulled result leaves the SPC series: the database is the truth again.
        if (retracted.some((r) => r.status === 'annulled')) this.deps.history.reset();
        this.deps.published(written);
        if (retracted.length) this.deps.retracted(retracted);
      } catch (err) {
        this.deps.logger.error({ err }, 'publishing evaluations failed (they are stored and replayed on reconnect)');
      }
      // Let intake requests and socket traffic in between batches of a backlog.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async #prepare(row: InboxRow): Promise<PreparedEvaluation> {
    const prepared = await this.#evaluate(row);
    const needsPerson = !prepared.withdrawn && (!prepared.quality || prepared.quality.alerting);
    return needsPerson ? { ...prepared, context: await this.deps.resolver.withEquipment(prepared.context) } : prepared;
  }

  async #evaluate(row: InboxRow): Promise<PreparedEvaluation> {
    const context = await this.deps.resolver.resolve(row.result);
    // Retracted before it was evaluated (out-of-order delivery, or both in one batch): recorded, never judged.
    const retraction = this.deps.inbox.retractionOf(row.result.resultId);
    if (retraction) return { row, context, withdrawn: { bySeq: retraction.seq, reason: `the LIMS retracted result ${row.result.resultId}${retraction.comment ? ` (${retraction.comment})` : ''}` } };
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
