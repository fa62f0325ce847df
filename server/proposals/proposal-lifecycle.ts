// Every change to a proposal, inside the caller's transaction: the domain state machine decides
// whether it is allowed, the store writes it (compare-and-set), the audit trail records who and
// why, and an approval queues its MES action in the outbox in the same commit (persist first).
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import type { AuditActor } from '../domain/audit';
import { transition, type Proposal, type ProposalEvent as LifecycleEvent, type ProposalOutcome, type SignatureManifest } from '../domain/proposals';
import { QloopError } from '../errors';
import { SOP_QA_010_CODES, type HoldReasonCodes } from '../plant/hold-reasons';
import type { OutboxAction, OutboxStore } from './outbox-store';
import type { NewProposal, ProposalStore } from './proposal-store';

export interface QueuedAction {
  action: OutboxAction;
  request: Record<string, unknown>;
  idempotencyKey: string;
}

/**
 * The MES (or control-layer) call an approved proposal makes; a review only records the decision.
 * A hold carries the site's reason code for its cause (SOP-QA-010 §5.1).
 */
export function actionFor(proposal: Proposal, initiatedBy: string, holdReasons: HoldReasonCodes = SOP_QA_010_CODES): QueuedAction | undefined {
  const idempotencyKey = `qloop:${proposal.id}:${proposal.kind}`;
  switch (proposal.kind) {
    case 'hold':
      return { action: 'placeHold', idempotencyKey, request: { lotId: proposal.lotId, reasonCode: holdReasons.forHold(proposal), comment: `${proposal.reason} (qloop ${proposal.id})`, initiatedBy, idempotencyKey } };
    case 'release':
      return { action: 'releaseHold', idempotencyKey, request: { lotId: proposal.lotId, comment: `${proposal.reason} (qloop ${proposal.id})`, initiatedBy, idempotencyKey } };
    case 'deviation':
      return {
        action: 'draftNonconformance',
        idempotencyKey,
        request: { lotId: proposal.lotId, code: proposal.deviation?.test ? 'QC-OOS' : 'DEVIATION', description: `${proposal.deviation?.title ?? proposal.reason}\n\n${proposal.deviation?.description ?? ''}`.trim(), initiatedBy, idempotencyKey },
      };
    case 'setpoint': {
      const change = proposal.setpoint;
      if (!change) return undefined;
      return { action: 'writeSetpoint', idempotencyKey, request: { equipmentId: change.equipmentId, parameterId: change.parameterId, value: change.to, expectedPrevious: change.from, validatedRange: change.validatedRange, approvalId: proposal.id } };
    }
    case 'review':
      return undefined;
  }
}

export class ProposalLifecycle {
  constructor(
    private readonly store: ProposalStore,
    private readonly outbox: OutboxStore,
    private readonly audit: SqliteAuditLog,
    /** The plant's hold reason codes (PlantCatalog.holdReasons()). */
    private readonly holdReasons: HoldReasonCodes = SOP_QA_010_CODES,
  ) {}

  /** `origin` (conversation, message, terminal of a copilot turn) goes into the audit record. */
  create(input: NewProposal, actor: AuditActor, origin?: Record<string, unknown>): Proposal {
    const proposal = this.store.insert(input);
    this.audit.appendSync({ actor, action: 'proposal.created', subject: { type: 'proposal', id: proposal.id }, after: { ...auditView(proposal), ...(origin ? { origin } : {}) }, reason: proposal.reason });
    return proposal;
  }

  /** Approval by a signed person or by the policy; queues the action, or records a review at once. */
  approve(proposal: Proposal, now: string, by: { signature: SignatureManifest } | { policy: string }): { proposal: Proposal; queued: boolean } {
    const actor: AuditActor = 'signature' in by ? { type: 'user', id: by.signature.signer, role: by.signature.role } : { type: 'component', id: by.policy };
    let next = this.#move(proposal, 'approve', now, 'signature' in by ? { signatures: [...proposal.signatures, by.signature] } : { approvedByPolicy: by.policy });
    if ('signature' in by) this.store.addSignature(proposal, by.signature);
    this.audit.appendSync({ actor, action: 'proposal.approved', subject: { type: 'proposal', id: proposal.id }, before: { status: proposal.status }, after: { status: next.status, signature: 'signature' in by ? by.signature : undefined, policy: 'policy' in by ? by.policy : undefined, lotId: proposal.lotId, kind: proposal.kind }, reason: 'signature' in by ? by.signature.reason : `rollout mode auto (${by.policy})` });
    const initiatedBy = 'signature' in by ? by.signature.signer : by.policy;
    const queued = actionFor(next, initiatedBy, this.holdReasons);
    if (queued) {
      this.outbox.enqueue(next.id, queued.action, queued.request, queued.idempotencyKey, now);
      return { proposal: next, queued: true };
    }
    next = this.#move(this.#move(next, 'start', now), 'succeed', now, { outcome: { status: 'recorded', message: `${proposal.kind} decision recorded; nothing is written to the MES`, at: now } });
    this.audit.appendSync({ actor, action: 'proposal.executed', subject: { type: 'proposal', id: proposal.id }, after: { status: next.status, outcome: next.outcome } });
    return { proposal: next, queued: false };
  }

  reject(proposal: Proposal, now: string, signature: SignatureManifest): Proposal {
    const next = this.#move(proposal, 'reject', now, { signatures: [...proposal.signatures, signature] });
    this.store.addSignature(proposal, signature);
    this.audit.appendSync({ actor: { type: 'user', id: signature.signer, role: signature.role }, action: 'proposal.rejected', subject: { type: 'proposal', id: proposal.id }, before: { status: proposal.status }, after: { status: next.status, signature }, reason: signature.reason });
    return next;
  }

  /** Expired (time ran out) or superseded (a newer proposal replaces it). */
  close(proposal: Proposal, event: 'expire' | 'supersede', now: string, reason: string, actor: AuditActor): Proposal {
    const next = this.#move(proposal, event, now);
    this.audit.appendSync({ actor, action: `proposal.${next.status}`, subject: { type: 'proposal', id: proposal.id }, before: { status: proposal.status }, after: { status: next.status }, reason });
    return next;
  }

  /** A new hold makes a pending release or review of the same lot moot. */
  supersedeForHold(lotId: string, holdId: string, now: string): Proposal[] {
    return this.store
      .list({ lotId, statuses: ['proposed'] })
      .filter((p) => p.kind === 'release' || p.kind === 'review')
      .map((p) => this.close(p, 'supersede', now, `superseded by hold ${holdId}`, { type: 'component', id: 'proposals' }));
  }

  /**
   * An approved action whose basis is gone (the LIMS retracted the result) is taken back before it
   * reaches the MES: its outbox entry is withdrawn and the proposal is final. Undefined when it can
   * no longer be taken back unseen (sent, its call in flight, or a call made whose answer was lost):
   * the caller reports that it may stand, and the outbox reads the MES before anything else
   * (`checked` is then what the MES showed: the earlier call did not take effect).
   */
  withdraw(proposal: Proposal, now: string, reason: string, actor: AuditActor, checked?: string): Proposal | undefined {
    if (proposal.status !== 'approved' && proposal.status !== 'executing') return undefined;
    const queued = this.outbox.forProposal(proposal.id);
    const target = proposal.kind === 'setpoint' ? 'the control layer' : 'the MES';
    if (queued) {
      const taken = checked === undefined ? this.outbox.withdraw(proposal.id, `withdrawn: ${reason}`, now) : this.outbox.withdrawChecked(proposal.id, `withdrawn: ${reason}; ${checked}`, now);
      if (!taken) {
        // A call was made: the outbox reads the MES at once instead of at the next retry.
        if (checked === undefined) this.outbox.expedite(proposal.id, now);
        return undefined;
      }
    }
    const message = checked === undefined
      ? `${proposal.kind} ${proposal.id} for ${proposal.lotId} was withdrawn before it reached ${target}: ${reason}. Nothing was sent; QA decides again on the retest.`
      : `${proposal.kind} ${proposal.id} for ${proposal.lotId} was withdrawn: ${reason}. ${checked} It is not sent again; QA decides again on the retest.`;
    const outcome: ProposalOutcome = { status: 'withdrawn', message, at: now };
    const next = this.#move(proposal, 'withdraw', now, { outcome });
    this.audit.appendSync({ actor, action: 'proposal.withdrawn', subject: { type: 'proposal', id: proposal.id }, before: { status: proposal.status }, after: { status: next.status, outcome, outbox: queued ? { n: queued.n, attempts: queued.attempts } : null, ...(checked !== undefined ? { checked } : {}) }, reason });
    return next;
  }

  executing(proposal: Proposal, now: string, attempt: number): Proposal {
    const next = this.#move(proposal, 'start', now);
    if (proposal.status !== 'executing') this.audit.appendSync({ actor: { type: 'component', id: 'outbox' }, action: 'proposal.executing', subject: { type: 'proposal', id: proposal.id }, before: { status: proposal.status }, after: { status: next.status, attempt } });
    return next;
  }

  finished(proposal: Proposal, outcome: ProposalOutcome, raw?: unknown): Proposal {
    const event = outcome.status === 'failed' ? 'fail' : 'succeed';
    const next = this.#move(proposal, event, outcome.at, { outcome });
    this.audit.appendSync({ actor: { type: 'component', id: 'outbox' }, action: `proposal.${next.status}`, subject: { type: 'proposal', id: proposal.id }, before: { status: proposal.status }, after: { status: next.status, outcome, raw }, ...(outcome.status === 'failed' ? { reason: outcome.message } : {}) });
    return next;
  }

  #move(proposal: Proposal, event: LifecycleEvent, now: string, patch: Partial<Proposal> = {}): Proposal {
    const result = transition(proposal.status, event);
    if (!result.ok) throw new QloopError('CONFLICT', `${proposal.id}: ${result.reason}`);
    const next: Proposal = { ...proposal, ...patch, status: result.status, updatedAt: now };
    if (!this.store.save(next, proposal.status)) throw new QloopError('CONFLICT', `${proposal.id} was changed by someone else at the same moment; reload it and decide again`);
    return next;
  }
}

/** What the audit trail keeps of a new proposal: everything a reviewer needs, no secrets. */
function auditView(p: Proposal): Record<string, unknown> {
  return { kind: p.kind, status: p.status, lotId: p.lotId, lineId: p.lineId, test: p.test, source: p.source, proposedBy: p.proposedBy, mode: p.mode, evaluationId: p.evaluationId, alertId: p.alertId, holdReasonCode: p.holdReasonCode, expiresAt: p.expiresAt, setpoint: p.setpoint, deviation: p.deviation };
}
