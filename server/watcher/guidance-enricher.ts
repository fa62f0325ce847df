// Sends the deterministic guidance of each new alert to the wording model after the alert is out
// (the latency target is met by the deterministic text alone), and when a rewording comes back
// with the same facts, updates the same alert: stored, audited with the model and prompt, pushed
// to everyone who saw it. A rewording that changes a number or id is discarded and audited.
import type { Logger } from 'pino';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import type { AuditActor } from '../domain/audit';
import type { TerminalFeed } from '../realtime/services';
import { alertTarget } from './alert-service';
import type { AlertRecord, AlertStore } from './alert-store';
import { changedFacts, type GuidanceRewording } from './guidance-wording';

export interface EnricherDeps {
  rewording: GuidanceRewording;
  alerts: AlertStore;
  audit: SqliteAuditLog;
  feed: TerminalFeed;
  logger: Logger;
  /** Runs the store update and its audit record together (the WAL group commit when there is one). */
  transaction<T>(work: () => T): T;
  /** Rewordings in flight at once; more wait, and beyond `maxWaiting` new alerts keep their text. */
  maxInFlight?: number;
  maxWaiting?: number;
}

const ACTOR: AuditActor = { type: 'component', id: 'guidance-wording' };

export class GuidanceEnricher {
  readonly #waiting: AlertRecord[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();

  constructor(private readonly deps: EnricherDeps) {}

  /** Called after the alert went out with its deterministic guidance. */
  enqueue(alert: AlertRecord): void {
    if (this.#abort.signal.aborted) return;
    if (this.#waiting.length >= (this.deps.maxWaiting ?? 100)) {
      this.deps.logger.warn({ alertId: alert.event.id }, 'guidance wording backlog full: the alert keeps its deterministic text');
      return;
    }
    this.#waiting.push(alert);
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
      const alert = this.#waiting.shift() as AlertRecord;
      const run: Promise<void> = this.#enrich(alert)
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

  async #enrich(alert: AlertRecord): Promise<void> {
    const { rewording } = this.deps;
    const deterministic = alert.event.guidance;
    const reworded = await rewording.reword(deterministic, this.#abort.signal);
    if (this.#abort.signal.aborted) return;
    const ai = { model: rewording.model, promptVersion: rewording.promptVersion, inputs: { guidance: deterministic }, output: reworded };
    if (reworded === deterministic) return;
    const changed = changedFacts(deterministic, reworded);
    if (changed) {
      this.deps.transaction(() => this.deps.audit.appendSync({ actor: ACTOR, action: 'alert.rewording.rejected', subject: { type: 'alert', id: alert.event.id }, reason: changed, ai }));
      return;
    }
    const updated = this.deps.transaction(() => {
      if (!this.deps.alerts.reword(alert.n, reworded)) return undefined;
      this.deps.audit.appendSync({ actor: ACTOR, action: 'alert.reworded', subject: { type: 'alert', id: alert.event.id }, before: { guidance: deterministic }, after: { guidance: reworded }, ai });
      return this.deps.alerts.get(alert.event.id);
    });
    if (updated) this.deps.feed.alert(alertTarget(updated.lineId), updated.event);
  }
}
