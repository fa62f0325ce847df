// What the widget offers each role. Only a convenience: the server refuses (and audits) any
// decision a role may not make; the widget just never shows a button that would be refused.
import type { ProposalEvent, SessionUserView } from '../../server/realtime/contract';
import { can } from '../../server/domain/roles';

// The proposal flow's lifecycle: proposed, then approved / rejected / expired / superseded,
// then executing, executed / failed. Only a proposed one waits for a decision.
const AWAITING_DECISION = new Set(['proposed', 'pending']);

export function isOpen(proposal: ProposalEvent): boolean {
  return AWAITING_DECISION.has(proposal.status.toLowerCase());
}

export type DecideRight = 'may-decide' | 'own-proposal' | 'awaiting-quality' | 'awaiting-operational' | 'closed';

/** DESIGN.md "Roles": QA decides quality dispositions; supervisors operational ones; never one's own. */
export function decideRight(user: SessionUserView, proposal: ProposalEvent): DecideRight {
  if (!isOpen(proposal)) return 'closed';
  const operational = proposal.authority === 'operational';
  const allowed = can(user.role, 'proposal.decide.quality') || (operational && can(user.role, 'proposal.decide.operational'));
  if (!allowed) return operational ? 'awaiting-operational' : 'awaiting-quality';
  if (proposal.proposedBy && proposal.proposedBy === user.username) return 'own-proposal';
  return 'may-decide';
}

export function mayAcknowledge(user: SessionUserView): boolean {
  return can(user.role, 'alerts.acknowledge');
}

/** ISA-18.2: shelving is an authorised act, for supervisors and QA (all-lines roles). */
export function mayShelve(user: SessionUserView): boolean {
  return can(user.role, 'alerts.acknowledge') && can(user.role, 'alerts.view.all-lines');
}

export function mayAsk(user: SessionUserView): boolean {
  return can(user.role, 'copilot.ask');
}
