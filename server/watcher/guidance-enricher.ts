// Sends the deterministic guidance of each new alert to the wording model after the alert is out
// (the latency target is met by the deterministic text alone) as a template whose facts and LIMS
// strings are slots, fills the slots back in, and when the rewording passes the checks
// (guidance-wording.ts: the model rewords only sentences without a verdict, direction, negation,
// action, modal or condition; those are kept word for word) updates the same alert: stored, audited with the model and prompt, on disk,
// then pushed to everyone who saw it. Every answer of the model is on the audit trail: reworded,
// rejected (why), unchanged, stale (the alert was closed or changed meanwhile) or failed.
import type { Logger } from 'pino';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import type { AuditActor, AuditAi } from '../domain/audit';
import type { TerminalFeed } from '../realtime/services';
import { alertTarget } from './alert-service';
import type { AlertRecord, AlertStore } from './alert-store';
import { changedFacts, fillTemplate, nothingToReword, templateOf, type GuidanceRewording } from './guidance-wording';

export interface EnricherDeps {
  rewording: GuidanceRewording;
  alerts: AlertStore;
  audit: SqliteAuditLog;
  feed: TerminalFeed;
  logger: Logger;
  /** Runs the store update and its audit record together (the WAL group commit when there is one). */
  transaction<T>(work: () => T): T;
  /** Resolves once what was committed is on disk: nobody sees a rewording that a crash could lose. */
  durable?(): Promise<void>;
  /** Rewordings in flight at once; more wait, and beyond `maxWaiting` new alerts keep their text. */
  maxInFlight?: number;
  maxWaiting?: number;
}

const ACTOR: AuditActor = { type: 'component', id: 'guidance-wording' };

/** An alert to reword, with the strings from the LIMS and the MES its guidance quotes (slots, never instructions). */
interface Job {
  alert: AlertRecord;
  quoted: readonly string[];
}

export class GuidanceEnricher {
  readonly #waiting: Job[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();

  constructor(private readonly deps: EnricherDeps) {}

  /** Called after the alert went out with its deterministic guidance; `quoted`: the LIMS and MES strings in it. */
  enqueue(alert: AlertRecord, quoted: readonly string[] = []): void {
    if (this.#abort.signal.aborted) return;
    if (this.#waiting.length >= (this.deps.maxWaiting ?? 100)) {
      this.deps.logger.warn({ alertId: alert.event.id }, 'guidance wording backlog full: the alert keeps its deterministic text');
      return;
    }
    this.#waiting.push({ alert, quoted });
    this.#next();
  }

  /** Resolves when nothing is waiting or in flight (tests). */
  async settled(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  async stop(): Promise<void> {
    this.#waiting.length = 0;
    this.#abort.abort();
    await this.settled();
  }

  #next(): void {
    while (this.#inFlight.size < (this.deps.maxInFlight ?? 2) && this.#waiting.length) {
      const job = this.#waiting.shift() as Job;
      const { alert } = job;
      const run: Promise<void> = this.#enrich(job)
        .catch((err: unknown) => {
          if (!this.#abort.signal.aborted) this.deps.logger.warn({ err, alertId: alert.event.id }, 'guidance wording failed: the alert keeps its deterministic text');
        })
        .finally(() => {
          this.#inFlight.delete(run);
          this.#next();
        });
      this.#inFlight.add(run);
    }
  }

  async #enrich({ alert, quoted }: Job): Promise<void> {
    const { rewording, logger } = this.deps;
    const deterministic = alert.event.guidance;
    const subject = { type: 'alert', id: alert.event.id };
    const template = templateOf(deterministic, quoted);
    if (!template) {
      logger.warn({ alertId: alert.event.id }, 'guidance holds [[ or ]]: not sent for rewording, the alert keeps its deterministic text');
      return;
    }
    if (nothingToReword(template)) {
      // Every sentence carries a verdict, an action or a negation: nothing the model may touch.
      logger.info({ alertId: alert.event.id }, 'every sentence of the guidance is kept as it is: not sent for rewording');
      return;
    }
    const ai = (output?: string): AuditAi => ({ model: rewording.model, promptVersion: rewording.promptVersion, inputs: { guidance: deterministic, template: template.text }, ...(output !== undefined ? { output } : {}) });
    const record = (action: string, reason: string, output?: string) => this.deps.transaction(() => this.deps.audit.appendSync({ actor: ACTOR, action, subject, reason, ai: ai(output) }));
    let answer: string;
    try {
      answer = await rewording.reword(template.text, this.#abort.signal);
    } catch (err) {
      if (this.#abort.signal.aborted) return;
      const reason = (err as Error).message;
      logger.warn({ alertId: alert.event.id, reason }, 'guidance wording failed: the alert keeps its deterministic text');
      record('alert.rewording.failed', reason);
      return;
    }
    if (this.#abort.signal.aborted) return;
    const filled = fillTemplate(template, answer);
    const problem = 'problem' in filled ? filled.problem : changedFacts(deterministic, filled.text, quoted);
    if (problem || !('text' in filled)) {
      logger.warn({ alertId: alert.event.id, problem }, 'guidance rewording refused: the alert keeps its deterministic text');
      record('alert.rewording.rejected', problem ?? 'no text', answer);
      return;
    }
    const reworded = filled.text;
    if (reworded === deterministic) {
      logger.info({ alertId: alert.event.id }, 'the wording model returned the guidance unchanged');
      record('alert.rewording.unchanged', 'the model returned the same words', answer);
      return;
    }
    const updated = this.deps.transaction(() => {
      if (!this.deps.alerts.reword(alert.n, deterministic, reworded)) {
        this.deps.audit.appendSync({ actor: ACTOR, action: 'alert.rewording.stale', subject, reason: 'the alert was closed, acknowledged or changed while the model worded it; it keeps its words', ai: ai(reworded) });
        return undefined;
      }
      this.deps.audit.appendSync({ actor: ACTOR, action: 'alert.reworded', subject, before: { guidance: deterministic }, after: { guidance: reworded }, ai: ai(reworded) });
      return this.deps.alerts.get(alert.event.id);
    });
    if (!updated) return;
    // Pushed only once on disk: a terminal never shows words a crash would take back.
    await this.deps.durable?.();
    if (this.#abort.signal.aborted) return;
    this.deps.feed.alert(alertTarget(updated.lineId), updated.event);
  }
}
