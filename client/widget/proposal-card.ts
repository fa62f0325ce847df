// A proposal card (hold, release, setpoint, deviation draft): what is proposed and why, its
// status, and approve / reject only for a user who may decide it; otherwise who must.
import type { ProposalEvent, SessionUserView } from '../../server/realtime/contract';
import { fact, when } from './alert-card';
import { el } from './dom';
import { foldableText } from './foldable';
import { decideRight } from './permissions';
import type { StringTable } from './strings';

export interface ProposalCardHooks {
  strings: StringTable;
  user: SessionUserView;
  linkBase: string;
  lang: string;
  decide(proposal: ProposalEvent, decision: 'approve' | 'reject', opener: HTMLElement): void;
}

let serial = 0;

export function proposalTitle(proposal: ProposalEvent): string {
  return proposal.title ?? `${proposal.kind} ${proposal.lot}`;
}

export function renderProposalCard(proposal: ProposalEvent, hooks: ProposalCardHooks): HTMLElement {
  const s = hooks.strings;
  const headingId = `proposal-heading-${++serial}`;
  const right = decideRight(hooks.user, proposal);
  const card = el('article', { class: `card proposal status-${cssToken(proposal.status)}`, attrs: { 'data-proposal-id': proposal.id, 'aria-labelledby': headingId } }, [
    el('header', { class: 'card-head' }, [el('span', { class: 'badge', text: `${s.proposal} · ${proposal.kind}` }), el('h3', { text: proposalTitle(proposal), attrs: { id: headingId } })]),
    proposal.summary ? foldableText(proposal.summary, hooks) : undefined,
    el('dl', { class: 'facts' }, [
      ...fact(s.fieldLot, proposal.lot),
      ...fact(s.fieldStatus, proposal.status),
      ...(proposal.holdReasonCode ? fact(s.fieldHoldReason, proposal.holdReasonCode) : []),
      ...(proposal.proposedBy ? fact(s.fieldProposedBy, proposal.proposedBy) : []),
      ...(proposal.createdAt ? fact(s.fieldRaised, when(proposal.createdAt, hooks.lang)) : []),
    ]),
    ...(proposal.signatures ?? []).map((sig) => el('p', { class: 'card-status signature-line', text: `${sig.meaning} — ${sig.signedBy} (${sig.username}), ${when(sig.signedAt, hooks.lang)}` })),
  ]);
  if (right === 'may-decide') {
    const approve = el('button', { class: 'primary approve', text: s.approve, attrs: { type: 'button', 'data-action': 'approve' } });
    const reject = el('button', { class: 'secondary reject', text: s.reject, attrs: { type: 'button', 'data-action': 'reject' } });
    approve.addEventListener('click', () => hooks.decide(proposal, 'approve', approve));
    reject.addEventListener('click', () => hooks.decide(proposal, 'reject', reject));
    card.append(el('div', { class: 'actions' }, [approve, reject]));
  } else if (right !== 'closed') {
    const note = right === 'own-proposal' ? s.ownProposal : right === 'awaiting-operational' ? s.awaitingOperational : s.awaitingQuality;
    card.append(el('p', { class: 'hint', text: note }));
  }
  return card;
}

function cssToken(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}
