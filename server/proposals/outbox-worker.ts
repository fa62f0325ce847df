// Sends approved actions from the outbox to the MES: one at a time in approval order, marked
// executing (committed) before the call, retried with exponential backoff behind a circuit
// breaker, and moved to a dead letter after `maxAttempts`, which alerts QA. An action whose
// evaluation was annulled (the LIMS retracted its result) is withdrawn instead of sent. A crash
// during a call repeats it after restart; the adapters check state first (MesWriteResult
// 'already'), so the MES never applies it twice.
import type Database from 'better-sqlite3';
import type { Proposal, ProposalOutcome } from '../domain/proposals';
import { QloopError } from '../errors';
import type { HoldRequest, MesWriteResult, NonconformanceDraft, ReleaseRequest } from '../ports/mes';
import type { SetpointWrite, SetpointWriter } from '../ports/setpoint-writer';
import { backoffMs, CircuitBreaker } from './circuit-breaker';
import { DrainLoop } from '../shared/drain-loop';
import type { OutboxEntry, OutboxStore } from './outbox-store';
import type { ProposalDeps } from './proposal-deps';
import { noticeTarget, proposalEvent, proposalTarget } from './proposal-view';

export interface OutboxOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  callTimeoutMs: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000, callTimeoutMs: 15_000, breakerThreshold: 5, breakerCooldownMs: 30_000 };

const PERMANENT = new Set(['BAD_REQUEST', 'VALIDATION', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']);

export class OutboxWorker extends DrainLoop {
  readonly #breaker: CircuitBreaker;
  /** The watcher's annulment of the evaluation an action rests on (a LIMS retraction). */
  readonly #annulled: Database.Statement;
  /** Entries whose processing threw (not an MES answer), and how often in a row. */
  readonly #errors = new Map<number, number>();

  constructor(
    private readonly deps: ProposalDeps,
    private readonly outbox: OutboxStore,
    private readonly setpoints: SetpointWriter | undefined,
    private readonly options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS,
  ) {
    super(10);
    this.#breaker = new CircuitBreaker(options.breakerThreshold, options.breakerCooldownMs);
    this.#annulled = deps.db.prepare('SELECT annul_reason FROM evaluations WHERE inbox_seq = ? AND annulled_at IS NOT NULL').pluck();
  }

  protected failed(err: unknown): number {
    // Never let the outbox die: pending entries stay pending and are tried again.
    this.deps.audit.appendSync({ actor: { type: 'component', id: 'outbox' }, action: 'outbox.error', subject: { type: 'outbox', id: 'worker' }, reason: (err as Error).message });
    return this.options.baseDelayMs;
  }

  protected async pass(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const now = this.deps.clock.now();
      if (!this.#breaker.allows(now)) return this.schedule(this.#breaker.retryAt(now) - now);
      const [entry] = this.outbox.due(new Date(now).toISOString(), 1);
      if (!entry) {
        const next = this.outbox.nextDueAt();
        if (next) this.schedule(Date.parse(next) - now);
        return;
      }
      try {
        await this.#execute(entry);
        this.#errors.delete(entry.n);
      } catch (err) {
        // Not an MES answer but a fault of this entry (a missing proposal, a state it cannot start
        // from): audited per attempt, and after maxAttempts a dead letter, so it blocks nothing behind it.
        const count = (this.#errors.get(entry.n) ?? 0) + 1;
        this.#errors.set(entry.n, count);
        this.deps.audit.appendSync({ actor: { type: 'component', id: 'outbox' }, action: 'outbox.error', subject: { type: 'proposal', id: entry.proposalId }, after: { outboxEntry: entry.n, attempt: count }, reason: (err as Error).message });
        if (count >= this.options.maxAttempts) {
          this.#errors.delete(entry.n);
          this.#poisoned(entry, count, err);
          continue;
        }
        return this.schedule(this.options.baseDelayMs);
      }
    }
  }

  async #execute(entry: OutboxEntry): Promise<void> {
    const attempt = entry.attempts + 1;
    // Checked and claimed in one transaction: a retraction committed before it withdraws the
    // action; one committed after it finds the call in flight and reports that the action stands.
    const claimed = this.deps.db.transaction((): { withdrawn: Proposal } | { executing: Proposal } => {
      const stored = this.deps.store.get(entry.proposalId);
      if (!stored) throw new Error(`outbox entry ${entry.n} names a missing proposal ${entry.proposalId}`);
      const now = this.deps.clock.iso();
      const retracted = this.#retractedBasis(stored);
      if (retracted) {
        this.outbox.unclaim(entry.n, now);
        const withdrawn = this.deps.lifecycle.withdraw(stored, now, retracted, { type: 'component', id: 'outbox' });
        if (withdrawn) return { withdrawn };
      }
      this.outbox.markClaimed(entry.n, now);
      return { executing: this.deps.lifecycle.executing(stored, now, attempt) };
    }).immediate();
    if ('withdrawn' in claimed) return this.#withdrawn(claimed.withdrawn, attempt);
    const { executing } = claimed;
    let result: MesWriteResult;
    try {
      result = await withTimeout(this.#call(entry), this.options.callTimeoutMs, `${entry.action} for ${entry.proposalId}`);
    } catch (err) {
      return this.#failed(entry, executing, attempt, err);
    }
    this.#breaker.success();
    const now = this.deps.clock.iso();
    const outcome: ProposalOutcome = { status: result.status, reference: result.reference, message: confirmation(executing, result), at: now };
    const done = this.deps.db.transaction(() => {
      this.outbox.markDone(entry.n, { status: result.status, reference: result.reference }, now);
      return this.deps.lifecycle.finished(executing, outcome, result.raw);
    }).immediate();
    this.deps.feed.proposal(proposalTarget(done), proposalEvent(done));
    this.deps.feed.notice(noticeTarget(done), { id: `N-${done.id}-executed`, level: 'success', text: outcome.message, proposalId: done.id, ...(done.lotId ? { lot: done.lotId } : {}) });
  }

  /** An entry that cannot even be attempted: dead letter, QA alerted (the proposal fails when it can). */
  #poisoned(entry: OutboxEntry, attempts: number, err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    const iso = this.deps.clock.iso();
    const text = `Outbox entry ${entry.n} (${entry.action} for ${entry.proposalId}) could not be processed ${attempts} times and is moved to the dead letter: ${message}. Nothing was sent; QA must check the proposal and act in the MES directly if needed.`;
    const failed = this.deps.db.transaction(() => {
      this.outbox.markDead(entry.n, message, iso);
      const stored = this.deps.store.get(entry.proposalId);
      if (!stored || stored.status !== 'executing') return undefined;
      return this.deps.lifecycle.finished(stored, { status: 'failed', message: text, at: iso });
    }).immediate();
    if (failed) this.deps.feed.proposal(proposalTarget(failed), proposalEvent(failed));
    this.deps.notify({ subject: `Outbox entry ${entry.n} dead-lettered (${entry.proposalId})`, severity: 'critical', summary: text, link: this.deps.link(entry.proposalId), facts: [{ name: 'Proposal', value: entry.proposalId }, { name: 'Action', value: entry.action }, { name: 'Attempts', value: String(attempts) }, { name: 'Last error', value: message }] });
  }

  /** Why the result this action rests on no longer stands (its evaluation annulled), if it does not. */
  #retractedBasis(p: Proposal): string | undefined {
    const seq = p.evaluationId ? /^EV-(\d+)$/.exec(p.evaluationId)?.[1] : undefined;
    if (!seq) return undefined;
    const reason = this.#annulled.get(Number(seq)) as string | undefined;
    return reason ?? undefined;
  }

  /** Taken back before the call: QA hears of it like of a dead letter, with the retraction named. */
  #withdrawn(p: Proposal, attempt: number): void {
    const message = p.outcome?.message ?? `${p.kind} ${p.id} was withdrawn`;
    this.deps.feed.proposal(proposalTarget(p), proposalEvent(p));
    this.deps.feed.notice(noticeTarget(p), { id: `N-${p.id}-withdrawn`, level: 'warning', text: message, proposalId: p.id, ...(p.lotId ? { lot: p.lotId } : {}) });
    this.deps.notify({ subject: `Action withdrawn: ${p.kind} ${p.id} for ${p.lotId} (its result was retracted)`, severity: 'warning', summary: message, link: this.deps.link(p.id), facts: [{ name: 'Proposal', value: p.id }, { name: 'Lot', value: p.lotId }, { name: 'Evaluation', value: p.evaluationId ?? '–' }, { name: 'Attempts made', value: String(attempt - 1) }] });
  }

  #failed(entry: OutboxEntry, proposal: Proposal, attempt: number, err: unknown): void {
    const now = this.deps.clock.now();
    const message = err instanceof Error ? err.message : String(err);
    const permanent = err instanceof QloopError && PERMANENT.has(err.code);
    // A business refusal is an answer from a healthy MES: only transient failures trip the breaker.
    if (permanent) this.#breaker.success();
    else this.#breaker.failure(now);
    if (!permanent && attempt < this.options.maxAttempts) {
      const retryAt = new Date(now + backoffMs(attempt, this.options.baseDelayMs, this.options.maxDelayMs)).toISOString();
      this.outbox.markRetry(entry.n, retryAt, message, new Date(now).toISOString());
      return;
    }
    const iso = new Date(now).toISOString();
    // A setpoint goes to the control layer (PLC/HMI), everything else to the MES.
    const target = entry.action === 'writeSetpoint' ? { name: 'the control layer', act: 'act at the HMI / control system directly' } : { name: 'the MES', act: 'act in the MES directly' };
    const why = permanent ? `${target.name} refused it: ${message}` : `it failed ${attempt} times; last error: ${message}`;
    const outcome: ProposalOutcome = { status: 'failed', message: `${proposal.kind} ${proposal.id} for ${proposal.lotId} did not reach ${target.name}: ${why}. QA must ${target.act}.`, at: iso };
    const failed = this.deps.db.transaction(() => {
      this.outbox.markDead(entry.n, message, iso);
      return this.deps.lifecycle.finished(proposal, outcome);
    }).immediate();
    this.deps.feed.proposal(proposalTarget(failed), proposalEvent(failed));
    this.deps.feed.notice(noticeTarget(failed), { id: `N-${failed.id}-failed`, level: 'error', text: outcome.message, proposalId: failed.id, ...(failed.lotId ? { lot: failed.lotId } : {}) });
    this.deps.notify({ subject: `Action failed: ${failed.kind} ${failed.id} for ${failed.lotId} (dead letter)`, severity: 'critical', summary: outcome.message, link: this.deps.link(failed.id), facts: [{ name: 'Proposal', value: failed.id }, { name: 'Lot', value: failed.lotId }, { name: 'Attempts', value: String(attempt) }, { name: 'Last error', value: message }] });
  }

  async #call(entry: OutboxEntry): Promise<MesWriteResult> {
    switch (entry.action) {
      case 'placeHold':
        return this.deps.mes.placeHold(entry.request as unknown as HoldRequest);
      case 'releaseHold':
        return this.deps.mes.releaseHold(entry.request as unknown as ReleaseRequest);
      case 'draftNonconformance':
        return this.deps.mes.draftNonconformance(entry.request as unknown as NonconformanceDraft);
      case 'writeSetpoint': {
        // Not transient: retrying cannot help until a control-layer writer is configured.
        if (!this.setpoints) throw new QloopError('NOT_FOUND', 'no setpoint writer (control-layer connection) is configured on this server');
        const write = entry.request as unknown as SetpointWrite;
        const { status, previous, current } = await this.setpoints.write(write);
        // The writer's name goes with the confirmation: a simulated PLC says so in the chat too.
        return { status, reference: `${write.equipmentId}/${write.parameterId}=${current} (was ${previous}; ${this.setpoints.name})`, raw: { equipmentId: write.equipmentId, parameterId: write.parameterId, previous, current, writer: this.setpoints.name } };
      }
    }
  }
}

function confirmation(p: Proposal, result: MesWriteResult): string {
  const already = result.status === 'already';
  switch (p.kind) {
    case 'hold':
      return already ? `MES: ${p.lotId} was already on hold (Restricted); nothing changed (${result.reference}).` : `MES confirmed: ${p.lotId} is on hold (Restricted), reference ${result.reference}.`;
    case 'release':
      return already ? `MES: ${p.lotId} was already released; nothing changed (${result.reference}).` : `MES confirmed: ${p.lotId} is released (UnRestricted), reference ${result.reference}.`;
    case 'deviation':
      return already ? `MES: the nonconformance for ${p.lotId} already exists (${result.reference}).` : `MES confirmed: nonconformance ${result.reference} drafted for ${p.lotId}.`;
    default: {
      // A simulated PLC changes no machine: the person reading the notice must not think one did.
      const simulated = /^simulated/.test(String((result.raw as { writer?: unknown } | undefined)?.writer ?? ''));
      const who = simulated ? 'Simulated control layer (demo: no real machine was changed)' : 'Control system';
      return already ? `${who}: the setpoint already held the approved value; nothing was written (${result.reference}).` : `${who} confirmed: ${result.reference}.`;
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new QloopError('UPSTREAM', `${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
