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
import { transient } from '../shared/transient';
import { neverSent } from './never-sent';
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
  /** Entries whose call went out in this process, and the MES's first answer once there was one. */
  readonly #called = new Map<number, MesWriteResult | undefined>();
  /**
   * Per entry, this process's failed calls: how many provably never left qloop (refused before
   * sending, circuit open) and whether any other may have reached the MES (timeout, hang-up, 5xx).
   * Attempts made before a restart are not here, so they count as "may have reached".
   */
  readonly #tries = new Map<number, { unsent: number; mayHaveReached: boolean }>();

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
        const final = await this.#execute(entry);
        this.#errors.delete(entry.n);
        this.#called.delete(entry.n);
        if (final) this.#tries.delete(entry.n);
      } catch (err) {
        // An outage of qloop's own database (busy, locked, full, I/O) is no fault of the entry:
        // waited out, never counted towards its dead letter.
        if (transient(err)) {
          try {
            this.deps.audit.appendSync({ actor: { type: 'component', id: 'outbox' }, action: 'outbox.error', subject: { type: 'proposal', id: entry.proposalId }, after: { outboxEntry: entry.n, transient: true }, reason: (err as Error).message });
          } catch {
            // The same outage: the retry below is all that can be done.
          }
          return this.schedule(this.options.baseDelayMs);
        }
        // Not an MES answer but a fault of this entry (a missing proposal, a state it cannot start
        // from, an answer it cannot record): audited per attempt, and after maxAttempts a dead
        // letter, so it blocks nothing behind it.
        const count = (this.#errors.get(entry.n) ?? 0) + 1;
        this.#errors.set(entry.n, count);
        this.deps.audit.appendSync({ actor: { type: 'component', id: 'outbox' }, action: 'outbox.error', subject: { type: 'proposal', id: entry.proposalId }, after: { outboxEntry: entry.n, attempt: count }, reason: (err as Error).message });
        if (count >= this.options.maxAttempts) {
          this.#errors.delete(entry.n);
          this.#poisoned(entry, count, err);
          this.#called.delete(entry.n);
          this.#tries.delete(entry.n);
          continue;
        }
        return this.schedule(this.options.baseDelayMs);
      }
    }
  }

  /** True when the entry is final (done or dead), false when it waits for a retry. */
  async #execute(entry: OutboxEntry): Promise<boolean> {
    const attempt = entry.attempts + 1;
    // The MES already answered this entry in this process, but recording the answer failed (a busy
    // database): only the write is repeated. Calling again would get 'already' and record that
    // qloop changed nothing, though its first call did.
    const answered = this.#called.get(entry.n);
    if (answered) {
      const stored = this.deps.store.get(entry.proposalId);
      if (stored?.status !== 'executing') throw new Error(`outbox entry ${entry.n}: the MES answered ${answered.status} (${answered.reference}), but proposal ${entry.proposalId} is ${stored?.status ?? 'missing'}, not executing`);
      this.#record(entry, stored, answered);
      return true;
    }
    // Checked and claimed in one transaction: a retraction committed before it withdraws the
    // action; one committed after it finds the call in flight and reports that the action stands.
    const claimed = this.deps.db.transaction((): { withdrawn: Proposal } | { executing: Proposal } | { check: Proposal; reason: string } => {
      const stored = this.deps.store.get(entry.proposalId);
      if (!stored) throw new Error(`outbox entry ${entry.n} names a missing proposal ${entry.proposalId}`);
      const now = this.deps.clock.iso();
      const retracted = this.#retractedBasis(stored);
      if (retracted) {
        // Never tried: withdrawn unseen. A call already made (answer lost, or a stop during it)
        // may have reached the MES: it is not sent again, the MES is read first.
        if (entry.attempts > 0 || entry.claimedAt) return { check: stored, reason: retracted };
        const withdrawn = this.deps.lifecycle.withdraw(stored, now, retracted, { type: 'component', id: 'outbox' });
        if (withdrawn) return { withdrawn };
      }
      this.outbox.markClaimed(entry.n, now);
      return { executing: this.deps.lifecycle.executing(stored, now, attempt) };
    }).immediate();
    if ('withdrawn' in claimed) {
      this.#withdrawn(claimed.withdrawn, attempt);
      return true;
    }
    if ('check' in claimed) {
      await this.#checkAfterRetraction(entry, claimed.check, claimed.reason);
      return true;
    }
    const { executing } = claimed;
    let result: MesWriteResult;
    if (!this.#called.has(entry.n)) this.#called.set(entry.n, undefined);
    try {
      result = await withTimeout(this.#call(entry), this.options.callTimeoutMs, `${entry.action} for ${entry.proposalId}`);
    } catch (err) {
      return this.#failed(entry, executing, attempt, err);
    }
    this.#called.set(entry.n, result);
    this.#breaker.success();
    this.#record(entry, executing, result);
    return true;
  }

  /** The MES's answer, recorded: the entry done, the proposal executed, QA told. */
  #record(entry: OutboxEntry, executing: Proposal, result: MesWriteResult): void {
    const now = this.deps.clock.iso();
    // 'already' after an earlier call whose answer was lost: that call may have made the change,
    // so "nothing changed" would be a guess.
    const earlier = result.status === 'already' && this.#mayHaveReached(entry, entry.attempts);
    const outcome: ProposalOutcome = { status: result.status, reference: result.reference, message: earlier ? inEffect(executing, result) : confirmation(executing, result), at: now };
    const done = this.deps.db.transaction(() => {
      this.outbox.markDone(entry.n, { status: result.status, reference: result.reference }, now);
      return this.deps.lifecycle.finished(executing, outcome, result.raw);
    }).immediate();
    this.deps.feed.proposal(proposalTarget(done), proposalEvent(done));
    this.deps.feed.notice(noticeTarget(done), { id: `N-${done.id}-executed`, level: 'success', text: outcome.message, proposalId: done.id, ...(done.lotId ? { lot: done.lotId } : {}) });
  }

  /** Counts a failed call: whether it provably never left qloop, or may have reached the MES. */
  #triedAndFailed(entry: OutboxEntry, err: unknown): void {
    const tries = this.#tries.get(entry.n) ?? { unsent: 0, mayHaveReached: false };
    if (neverSent(err)) tries.unsent += 1;
    else tries.mayHaveReached = true;
    this.#tries.set(entry.n, tries);
  }

  /**
   * Whether any of the `made` calls for this entry may have reached the MES (and may still land
   * there): true unless every one of them is known to have failed before anything was sent.
   */
  #mayHaveReached(entry: OutboxEntry, made: number): boolean {
    if (entry.claimedAt) return true;
    const tries = this.#tries.get(entry.n);
    if (!tries) return made > 0;
    return tries.mayHaveReached || tries.unsent < made;
  }

  /**
   * An entry that cannot be processed: dead letter, QA alerted (the proposal fails when it can). The
   * text says whether a call went out: an MES that answered, or may have, is never "nothing was sent".
   */
  #poisoned(entry: OutboxEntry, attempts: number, err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    const iso = this.deps.clock.iso();
    const target = entry.action === 'writeSetpoint' ? 'the control layer' : 'the MES';
    const answer = this.#called.get(entry.n);
    const called = this.#called.has(entry.n) || entry.attempts > 0 || entry.claimedAt !== undefined;
    const sent = answer
      ? `${target} answered ${answer.status} (${answer.reference}), but qloop could not record it: the action took effect in ${target}. QA must check the proposal; nothing more is sent.`
      : called
        ? `A call went out and may have reached ${target}: QA must check ${target} and the proposal; nothing more is sent.`
        : `Nothing was sent; QA must check the proposal and ${entry.action === 'writeSetpoint' ? 'act at the HMI / control system' : 'act in the MES'} directly if needed.`;
    const text = `Outbox entry ${entry.n} (${entry.action} for ${entry.proposalId}) could not be processed ${attempts} times and is moved to the dead letter: ${message}. ${sent}`;
    const failed = this.deps.db.transaction(() => {
      this.outbox.markDead(entry.n, message, iso);
      const stored = this.deps.store.get(entry.proposalId);
      if (!stored || stored.status !== 'executing') return undefined;
      return this.deps.lifecycle.finished(stored, { status: 'failed', message: text, at: iso });
    }).immediate();
    if (failed) this.deps.feed.proposal(proposalTarget(failed), proposalEvent(failed));
    this.deps.notify({ subject: `Outbox entry ${entry.n} dead-lettered (${entry.proposalId})`, severity: 'critical', summary: text, link: this.deps.link(entry.proposalId), facts: [{ name: 'Proposal', value: entry.proposalId }, { name: 'Action', value: entry.action }, { name: 'Attempts', value: String(attempts) }, { name: 'Last error', value: message }] });
  }

  /**
   * The result was retracted after a call for this entry was made: what the MES shows decides.
   * Took effect: executed, it stands (QA decides whether to undo it). Did not: withdrawn, saying
   * what the MES showed. Cannot tell: dead letter, QA alerted to check the MES.
   */
  async #checkAfterRetraction(entry: OutboxEntry, proposal: Proposal, reason: string): Promise<void> {
    const target = entry.action === 'writeSetpoint' ? 'the control layer' : 'the MES';
    let seen = await withTimeout(this.#observe(entry), this.options.callTimeoutMs, `reading ${target} for ${entry.proposalId}`).catch((err: unknown): Observed => ({ took: 'unknown', shows: `reading ${target} failed: ${(err as Error)?.message ?? String(err)}` }));
    const iso = this.deps.clock.iso();
    const tries = `${entry.attempts} ${entry.attempts === 1 ? 'attempt' : 'attempts'}${entry.claimedAt ? ' and a call interrupted by a stop' : ''}`;
    // "Not yet" proves nothing while an earlier call may still be on its way (timed out, hung up,
    // 5xx: the MES may still apply it): only calls refused before sending let it withdraw.
    if (seen.took === 'no' && this.#mayHaveReached(entry, entry.attempts)) {
      seen = { took: 'unknown', shows: `${seen.shows}, but an earlier call may still be in progress there (last error: ${entry.lastError ?? 'none recorded'})` };
    }
    if (seen.took === 'no') {
      const withdrawn = this.deps.db.transaction(() => this.deps.lifecycle.withdraw(proposal, iso, reason, { type: 'component', id: 'outbox' }, `Earlier ${tries} went out, but ${seen.shows}: it did not take effect.`)).immediate();
      if (withdrawn) this.#withdrawn(withdrawn, entry.attempts + 1);
      return;
    }
    if (seen.took === 'yes') {
      const outcome: ProposalOutcome = { status: 'applied', message: `${proposal.kind} ${proposal.id} for ${proposal.lotId} reached ${target} before its result was retracted (${reason}): ${seen.shows}. It stands; QA decides whether to undo it.`, at: iso };
      const done = this.deps.db.transaction(() => {
        this.outbox.markDone(entry.n, { status: 'observed', shows: seen.shows }, iso);
        const executing = proposal.status === 'executing' ? proposal : this.deps.lifecycle.executing(proposal, iso, entry.attempts + 1);
        return this.deps.lifecycle.finished(executing, outcome, { observed: seen.shows });
      }).immediate();
      this.deps.feed.proposal(proposalTarget(done), proposalEvent(done));
      this.deps.feed.notice(noticeTarget(done), { id: `N-${done.id}-executed`, level: 'warning', text: outcome.message, proposalId: done.id, ...(done.lotId ? { lot: done.lotId } : {}) });
      this.deps.notify({ subject: `Retracted basis, action stands: ${done.kind} ${done.id} for ${done.lotId}`, severity: 'critical', summary: outcome.message, link: this.deps.link(done.id), facts: [{ name: 'Proposal', value: done.id }, { name: 'Lot', value: done.lotId }, { name: target === 'the MES' ? 'MES shows' : 'Control layer shows', value: seen.shows }] });
      return;
    }
    const message = `${proposal.kind} ${proposal.id} for ${proposal.lotId} is not sent again: its result was retracted (${reason}), but earlier ${tries} may have reached ${target} (${seen.shows}). Check it in ${target} and undo it if needed.`;
    const failed = this.deps.db.transaction(() => {
      this.outbox.markDead(entry.n, `retracted after a call was made; ${seen.shows}`, iso);
      const executing = proposal.status === 'executing' ? proposal : this.deps.lifecycle.executing(proposal, iso, entry.attempts + 1);
      return this.deps.lifecycle.finished(executing, { status: 'failed', message, at: iso });
    }).immediate();
    this.deps.feed.proposal(proposalTarget(failed), proposalEvent(failed));
    this.deps.feed.notice(noticeTarget(failed), { id: `N-${failed.id}-failed`, level: 'error', text: message, proposalId: failed.id, ...(failed.lotId ? { lot: failed.lotId } : {}) });
    this.deps.notify({ subject: `Check ${target}: ${failed.kind} ${failed.id} for ${failed.lotId} may have been applied (result retracted)`, severity: 'critical', summary: message, link: this.deps.link(failed.id), facts: [{ name: 'Proposal', value: failed.id }, { name: 'Lot', value: failed.lotId }, { name: 'Attempts', value: String(entry.attempts) }, { name: 'Last error', value: entry.lastError ?? '–' }] });
  }

  /** Whether the entry's action shows in the MES now; only holds and releases can be read back. */
  async #observe(entry: OutboxEntry): Promise<Observed> {
    if (entry.action !== 'placeHold' && entry.action !== 'releaseHold') {
      return { took: 'unknown', shows: entry.action === 'writeSetpoint' ? 'the control layer cannot be read back by qloop' : 'the MES nonconformance list cannot be read by qloop' };
    }
    const lotId = String(entry.request.lotId);
    const context = await this.deps.mes.getLotContext(lotId);
    if (!context) return { took: 'unknown', shows: `the MES does not know lot ${lotId}` };
    const disposition = context.lot.disposition;
    const shows = `the MES shows ${lotId} ${disposition}`;
    // A hold shows as Restricted; a release as any disposition but Restricted (the one before the hold).
    const held = disposition === 'Restricted';
    if (entry.action === 'placeHold') return { took: held ? 'yes' : 'no', shows: held ? `${shows} (on hold)` : `${shows} (not on hold)` };
    return { took: held ? 'no' : 'yes', shows: held ? `${shows} (still on hold)` : `${shows} (no longer on hold)` };
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

  /** A call that failed: retried, or at the end a dead letter. True when the entry is final. */
  async #failed(entry: OutboxEntry, proposal: Proposal, attempt: number, err: unknown): Promise<boolean> {
    const now = this.deps.clock.now();
    const message = err instanceof Error ? err.message : String(err);
    const permanent = err instanceof QloopError && PERMANENT.has(err.code);
    // A business refusal is an answer from a healthy MES: only transient failures trip the breaker.
    if (permanent) this.#breaker.success();
    else this.#breaker.failure(now);
    // A refusal is an answer: that call did not take effect and will not land later.
    this.#triedAndFailed(entry, permanent ? new QloopError('UNAVAILABLE', message) : err);
    if (!permanent && attempt < this.options.maxAttempts) {
      const retryAt = new Date(now + backoffMs(attempt, this.options.baseDelayMs, this.options.maxDelayMs)).toISOString();
      this.outbox.markRetry(entry.n, retryAt, message, new Date(now).toISOString());
      return false;
    }
    // A setpoint goes to the control layer (PLC/HMI), everything else to the MES.
    const target = entry.action === 'writeSetpoint' ? { name: 'the control layer', act: 'act at the HMI / control system directly' } : { name: 'the MES', act: 'act in the MES directly' };
    const why = permanent ? `${target.name} refused it: ${message}` : `it failed ${attempt} times; last error: ${message}`;
    let text = `${proposal.kind} ${proposal.id} for ${proposal.lotId} did not reach ${target.name}: ${why}. QA must ${target.act}.`;
    if (this.#mayHaveReached(entry, attempt)) {
      // An earlier call may have been applied with its answer lost (or may still land): "did not
      // reach" would be a guess. What the MES shows decides; "not yet" proves nothing.
      const seen = await withTimeout(this.#observe(entry), this.options.callTimeoutMs, `reading ${target.name} for ${entry.proposalId}`).catch((e: unknown): Observed => ({ took: 'unknown', shows: `reading ${target.name} failed: ${(e as Error)?.message ?? String(e)}` }));
      if (seen.took === 'yes') {
        this.#observedInEffect(entry, proposal, seen, `after ${attempt} ${attempt === 1 ? 'attempt' : 'attempts'} (last error: ${message})`);
        return true;
      }
      text = `${proposal.kind} ${proposal.id} for ${proposal.lotId}: ${why}. A call went out and may have reached ${target.name} (${seen.shows}${seen.took === 'no' ? '; an earlier call may still be in progress there' : ''}): QA must check ${target.name} and the proposal; nothing more is sent.`;
    }
    const iso = new Date(this.deps.clock.now()).toISOString();
    const outcome: ProposalOutcome = { status: 'failed', message: text, at: iso };
    const failed = this.deps.db.transaction(() => {
      this.outbox.markDead(entry.n, message, iso);
      const stored = this.deps.store.get(entry.proposalId);
      return this.deps.lifecycle.finished(stored?.status === 'executing' ? stored : proposal, outcome);
    }).immediate();
    this.deps.feed.proposal(proposalTarget(failed), proposalEvent(failed));
    this.deps.feed.notice(noticeTarget(failed), { id: `N-${failed.id}-failed`, level: 'error', text: outcome.message, proposalId: failed.id, ...(failed.lotId ? { lot: failed.lotId } : {}) });
    this.deps.notify({ subject: `Action failed: ${failed.kind} ${failed.id} for ${failed.lotId} (dead letter)`, severity: 'critical', summary: outcome.message, link: this.deps.link(failed.id), facts: [{ name: 'Proposal', value: failed.id }, { name: 'Lot', value: failed.lotId }, { name: 'Attempts', value: String(attempt) }, { name: 'Last error', value: message }] });
    return true;
  }

  /**
   * The calls failed, but the MES shows the action in effect (an earlier call applied with its
   * answer lost): executed with the outcome 'applied', saying what the MES shows; QA is told.
   */
  #observedInEffect(entry: OutboxEntry, proposal: Proposal, seen: Observed, after: string): void {
    const iso = this.deps.clock.iso();
    const outcome: ProposalOutcome = { status: 'applied', message: `${proposal.kind} ${proposal.id} for ${proposal.lotId}: no answer from the MES ${after}, but ${seen.shows}: the action is in effect (an earlier call's answer was lost). Nothing more is sent.`, at: iso };
    const done = this.deps.db.transaction(() => {
      this.outbox.markDone(entry.n, { status: 'observed', shows: seen.shows }, iso);
      const stored = this.deps.store.get(entry.proposalId);
      return this.deps.lifecycle.finished(stored?.status === 'executing' ? stored : proposal, outcome, { observed: seen.shows });
    }).immediate();
    this.deps.feed.proposal(proposalTarget(done), proposalEvent(done));
    this.deps.feed.notice(noticeTarget(done), { id: `N-${done.id}-executed`, level: 'warning', text: outcome.message, proposalId: done.id, ...(done.lotId ? { lot: done.lotId } : {}) });
    this.deps.notify({ subject: `Action in effect without an answer: ${done.kind} ${done.id} for ${done.lotId}`, severity: 'warning', summary: outcome.message, link: this.deps.link(done.id), facts: [{ name: 'Proposal', value: done.id }, { name: 'Lot', value: done.lotId }, { name: 'MES shows', value: seen.shows }] });
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

/** What the MES showed after a retraction: whether an earlier call took effect, in words. */
interface Observed {
  took: 'yes' | 'no' | 'unknown';
  shows: string;
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

/** An 'already' answer after an earlier call of qloop's that may have been applied. */
function inEffect(p: Proposal, result: MesWriteResult): string {
  const target = p.kind === 'setpoint' ? 'The control layer' : 'The MES';
  const shows = p.kind === 'hold' ? `${p.lotId} is on hold (Restricted)` : p.kind === 'release' ? `${p.lotId} is released` : p.kind === 'deviation' ? `the nonconformance for ${p.lotId} exists` : 'the setpoint holds the approved value';
  return `${target} answered 'already': ${shows} (${result.reference}). An earlier call of qloop's for ${p.id}, whose answer was lost, may have made this change.`;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new QloopError('UPSTREAM', `${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
