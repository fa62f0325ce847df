// Decisions with an electronic signature (21 CFR 11.50, 11.200): the signer is the logged-in
// user, re-enters the password, chooses the meaning and gives a reason; guardrails run before
// anything is written; an approval and its outbox entry commit together. Used by
// POST /api/proposals/:id/decision and by the socket `decide` event alike.
import type { SessionUser } from '../auth/tokens';
import { decisionRefusal, matchMeaning, type Proposal, type Refusal, type SignatureManifest } from '../domain/proposals';
import { QloopError, type ErrorCode } from '../errors';
import type { DecidePayload, ProposalEvent } from '../realtime/contract';
import type { DecisionService } from '../realtime/services';
import type { ProposalDeps } from './proposal-deps';
import { noticeTarget, proposalEvent, proposalTarget } from './proposal-view';

const REFUSAL_STATUS: Record<Refusal['code'], ErrorCode> = {
  'not-pending': 'CONFLICT',
  expired: 'CONFLICT',
  'signer-not-session-user': 'FORBIDDEN',
  'role-may-not-decide': 'FORBIDDEN',
  'proposer-may-not-sign': 'FORBIDDEN',
  'meaning-does-not-fit': 'VALIDATION',
  'setpoint-outside-validated-range': 'FORBIDDEN',
  'setpoint-not-a-number': 'VALIDATION',
  'release-with-open-oos': 'FORBIDDEN',
  'role-may-not-propose': 'FORBIDDEN',
};

export class ProposalDecisions implements DecisionService {
  constructor(private readonly deps: ProposalDeps) {}

  async decide(user: SessionUser, payload: DecidePayload): Promise<ProposalEvent> {
    const { signature, decision } = payload;
    const proposal = this.deps.store.get(payload.proposalId);
    if (!proposal) throw new QloopError('NOT_FOUND', `no proposal "${payload.proposalId}"`);
    const facts = () => ({
      proposal: this.deps.store.get(proposal.id) ?? proposal,
      session: { username: user.username, role: user.role },
      signer: signature.username,
      decision,
      meaning: signature.meaning,
      openOos: this.deps.openOos(proposal.lotId),
      now: this.deps.clock.iso(),
    });
    // Never check someone else's password: that would let one user probe or lock another's account.
    const early = decisionRefusal(facts());
    if (early?.code === 'signer-not-session-user') await this.#refuse(user, proposal, early);
    try {
      await this.deps.accounts.authenticate(signature.username, signature.password, 'signature');
    } catch (err) {
      const why = err instanceof QloopError && err.code === 'LOCKED' ? err.message : 'wrong password: the signature was not accepted';
      await this.deps.audit.append({ actor: { type: 'user', id: user.username, role: user.role }, action: 'proposal.decision.refused', subject: { type: 'proposal', id: proposal.id }, reason: why, after: { decision, meaning: signature.meaning, code: 'signature-not-verified' } });
      // 403, not 401: the session is fine, only this signature failed (a 401 would log the terminal out).
      throw err instanceof QloopError ? new QloopError(err.code === 'LOCKED' ? 'LOCKED' : 'FORBIDDEN', why) : err;
    }
    const refusal = decisionRefusal(facts());
    if (refusal?.code === 'expired') this.#expire(proposal);
    if (refusal) await this.#refuse(user, proposal, refusal);
    const now = this.deps.clock.iso();
    const manifest: SignatureManifest = {
      signer: user.username,
      printedName: user.displayName,
      role: user.role,
      decision,
      meaning: matchMeaning(proposal.kind, decision, signature.meaning) ?? signature.meaning,
      reason: signature.reason,
      signedAt: now,
    };
    const decided = this.deps.db.transaction(() => {
      const current = this.deps.store.get(proposal.id) as Proposal;
      if (decision === 'reject') return { proposal: this.deps.lifecycle.reject(current, now, manifest), queued: false };
      return this.deps.lifecycle.approve(current, now, { signature: manifest });
    }).immediate();
    this.deps.feed.proposal(proposalTarget(decided.proposal), proposalEvent(decided.proposal));
    this.deps.feed.notice(noticeTarget(decided.proposal), {
      id: `N-${decided.proposal.id}-${decision}`,
      level: decision === 'approve' ? 'info' : 'warning',
      text: decision === 'approve'
        ? `${manifest.printedName} approved ${decided.proposal.kind} ${decided.proposal.id} for ${decided.proposal.lotId || decided.proposal.setpoint?.equipmentId} (${manifest.meaning}): ${decided.queued ? 'sending it to the MES.' : 'recorded.'}`
        : `${manifest.printedName} rejected ${decided.proposal.kind} ${decided.proposal.id} for ${decided.proposal.lotId}: ${manifest.reason}`,
      proposalId: decided.proposal.id,
      ...(decided.proposal.lotId ? { lot: decided.proposal.lotId } : {}),
    });
    if (decided.queued) this.deps.wakeOutbox();
    return proposalEvent(decided.proposal);
  }

  #expire(proposal: Proposal): void {
    const now = this.deps.clock.iso();
    const expired = this.deps.db.transaction(() => {
      const current = this.deps.store.get(proposal.id);
      return current?.status === 'proposed' ? this.deps.lifecycle.close(current, 'expire', now, `no decision before ${current.expiresAt}`, { type: 'component', id: 'proposals' }) : undefined;
    }).immediate();
    if (expired) this.deps.feed.proposal(proposalTarget(expired), proposalEvent(expired));
  }

  async #refuse(user: SessionUser, proposal: Proposal, refusal: Refusal): Promise<never> {
    await this.deps.audit.append({ actor: { type: 'user', id: user.username, role: user.role }, action: 'proposal.decision.refused', subject: { type: 'proposal', id: proposal.id }, reason: refusal.reason, after: { code: refusal.code } });
    throw new QloopError(REFUSAL_STATUS[refusal.code], refusal.reason, [{ path: 'signature', message: refusal.code }]);
  }
}
