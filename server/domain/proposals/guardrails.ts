// Guardrails before every write (DESIGN.md "Rules the whole product keeps"): segregation of
// duties, authority checks and the plant's hard limits. Pure: the caller gathers the facts,
// audits the refusal and turns it into an error.
import { can, type Role } from '../roles';
import { matchMeaning } from './meanings';
import type { Decision, Proposal, SetpointChange } from './types';

export type RefusalCode =
  | 'not-pending'
  | 'expired'
  | 'signer-not-session-user'
  | 'role-may-not-decide'
  | 'proposer-may-not-sign'
  | 'meaning-does-not-fit'
  | 'setpoint-outside-validated-range'
  | 'setpoint-not-a-number'
  | 'release-with-open-oos'
  | 'role-may-not-propose';

export interface Refusal {
  code: RefusalCode;
  reason: string;
}

export interface DecisionFacts {
  proposal: Pick<Proposal, 'id' | 'kind' | 'status' | 'lotId' | 'proposedBy' | 'expiresAt' | 'setpoint'>;
  /** The logged-in user sending the decision. */
  session: { username: string; role: Role };
  /** The user named in the signature block. */
  signer: string;
  decision: Decision;
  meaning: string;
  /** Open OOS investigations on the lot (result ids), for release decisions. */
  openOos: readonly string[];
  now: string;
}

/** Which permission decides which kind: quality dispositions need QA; a setpoint is operational. */
export function mayDecide(role: Role, kind: Proposal['kind']): boolean {
  if (kind === 'setpoint') return can(role, 'proposal.decide.operational') || can(role, 'proposal.decide.quality');
  return can(role, 'proposal.decide.quality');
}

/** The first reason this decision must be refused, or undefined when it may go ahead. */
export function decisionRefusal(facts: DecisionFacts): Refusal | undefined {
  const { proposal, session } = facts;
  if (proposal.status !== 'proposed') {
    return { code: 'not-pending', reason: `proposal ${proposal.id} is already ${proposal.status}; only a proposed one can be decided` };
  }
  if (proposal.expiresAt && facts.now > proposal.expiresAt) {
    return { code: 'expired', reason: `proposal ${proposal.id} expired at ${proposal.expiresAt}; it can no longer be decided` };
  }
  if (facts.signer !== session.username) {
    return { code: 'signer-not-session-user', reason: `the signature names ${facts.signer} but ${session.username} is logged in: only the logged-in user may sign (21 CFR 11.200)` };
  }
  if (!mayDecide(session.role, proposal.kind)) {
    const needed = proposal.kind === 'setpoint' ? 'a supervisor or QA' : 'QA';
    return { code: 'role-may-not-decide', reason: `your role (${session.role}) may not decide a ${proposal.kind} proposal: it needs ${needed}` };
  }
  if (session.username === proposal.proposedBy) {
    return { code: 'proposer-may-not-sign', reason: `${session.username} proposed ${proposal.id} and may not also decide it (segregation of duties)` };
  }
  if (!matchMeaning(proposal.kind, facts.decision, facts.meaning)) {
    return { code: 'meaning-does-not-fit', reason: `the signature meaning "${facts.meaning}" does not fit a decision to ${facts.decision} a ${proposal.kind} proposal` };
  }
  if (facts.decision === 'reject') return undefined;
  if (proposal.kind === 'setpoint' && proposal.setpoint) {
    const refusal = setpointRefusal(proposal.setpoint);
    if (refusal) return refusal;
  }
  if (proposal.kind === 'release' && facts.openOos.length > 0) {
    return releaseRefusal(proposal.lotId, facts.openOos);
  }
  return undefined;
}

/** A setpoint change outside the validated (proven acceptable) range is never written. */
export function setpointRefusal(change: Pick<SetpointChange, 'to' | 'validatedRange' | 'parameterName' | 'unit' | 'equipmentId'>): Refusal | undefined {
  if (!Number.isFinite(change.to)) return { code: 'setpoint-not-a-number', reason: `the new setpoint for ${change.parameterName} is not a number` };
  const { min, max } = change.validatedRange;
  if (change.to < min || change.to > max) {
    const unit = change.unit ? ` ${change.unit}` : '';
    return {
      code: 'setpoint-outside-validated-range',
      reason: `${change.to}${unit} for ${change.parameterName} on ${change.equipmentId} is outside the validated range ${min}–${max}${unit}; a change outside it needs change control, not a proposal`,
    };
  }
  return undefined;
}

/** A lot with an open OOS investigation is never released (21 CFR 211.192, SOP-QC-002). */
export function releaseRefusal(lotId: string, openOos: readonly string[]): Refusal | undefined {
  if (openOos.length === 0) return undefined;
  return { code: 'release-with-open-oos', reason: `${lotId} has an open out-of-specification result (${openOos.join(', ')}); it cannot be released until the OOS investigation is closed` };
}
