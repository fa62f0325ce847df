// How a proposal looks on the wire (socket `proposal` event, GET /api/proposals) and who sees it:
// the record with its signature manifests (21 CFR 11.50(b): name, time and meaning shown with
// the record) and the meanings a signer may choose.
import { signatureMeanings, type Proposal } from '../domain/proposals';
import type { ProposalEvent } from '../realtime/contract';
import type { FeedTarget } from '../realtime/services';

/**
 * The card a terminal gets over the socket: everything to show and sign, without the deviation
 * draft's full text (it goes to every screen of the line; GET /api/proposals/:id has it all).
 */
export function proposalEvent(p: Proposal): ProposalEvent {
  const { deviation, reason: _reason, ...card } = proposalDetail(p);
  const draft = deviation as Proposal['deviation'];
  return { ...card, ...(draft ? { deviation: { title: draft.title, classification: draft.classification, similar: draft.similar.map((d) => d.id) } } : {}) };
}

/** The whole record with its signature manifests (21 CFR 11.50(b)), for reading one proposal. */
export function proposalDetail(p: Proposal): ProposalEvent {
  return {
    id: p.id,
    kind: p.kind,
    status: p.status,
    lot: p.lotId,
    title: `${TITLES[p.kind]} ${p.kind === 'setpoint' && p.setpoint ? `${p.setpoint.equipmentId} ${p.setpoint.parameterName} ${p.setpoint.from} → ${p.setpoint.to} ${p.setpoint.unit}`.trim() : p.lotId}`,
    summary: p.reason,
    createdAt: p.proposedAt,
    authority: p.kind === 'setpoint' ? 'operational' : 'quality',
    ...(p.lineId ? { line: p.lineId } : {}),
    ...(p.productId ? { product: p.productId } : {}),
    ...(p.test ? { test: p.test } : {}),
    ...(p.holdReasonCode ? { holdReasonCode: p.holdReasonCode } : {}),
    reason: p.reason,
    proposedBy: p.proposedBy,
    proposedAt: p.proposedAt,
    source: p.source,
    mode: p.mode,
    ...(p.expiresAt ? { expiresAt: p.expiresAt } : {}),
    ...(p.evaluationId ? { evaluationId: p.evaluationId } : {}),
    ...(p.alertId ? { alertId: p.alertId } : {}),
    ...(p.setpoint ? { setpoint: p.setpoint } : {}),
    ...(p.deviation ? { deviation: p.deviation } : {}),
    meanings: { approve: signatureMeanings(p.kind, 'approve'), reject: signatureMeanings(p.kind, 'reject') },
    signatures: p.signatures.map((s) => ({ username: s.signer, signedBy: s.printedName, signedAt: s.signedAt, meaning: s.meaning, reason: s.reason })),
    signatureManifests: p.signatures.map((s) => ({ ...s, manifest: `${s.printedName} (${s.signer}, ${s.role}), ${s.signedAt}: ${s.meaning}` })),
    ...(p.approvedByPolicy ? { approvedByPolicy: p.approvedByPolicy } : {}),
    ...(p.outcome ? { outcome: p.outcome } : {}),
    updatedAt: p.updatedAt,
  };
}

const TITLES: Record<Proposal['kind'], string> = { hold: 'Hold', review: 'QA review of', release: 'Release', setpoint: 'Setpoint change', deviation: 'Deviation draft for' };

/**
 * Who gets the card: the people who decide (QA, supervisors; engineers for setpoints) always; the
 * line's terminals for what changes work at the line (a hold, a setpoint change). A review, a
 * release or a deviation draft is QA's paperwork: the operator sees the alert and the notices.
 */
export function proposalTarget(p: Pick<Proposal, 'lineId' | 'kind'>): FeedTarget {
  const roles: FeedTarget['roles'] = p.kind === 'setpoint' ? ['qa', 'supervisor', 'engineer'] : ['qa', 'supervisor'];
  return { ...(p.lineId && atTheLine(p.kind) ? { lineId: p.lineId } : {}), roles };
}

/** Kinds whose cards the line's terminals show. */
export function atTheLine(kind: Proposal['kind']): boolean {
  return kind === 'hold' || kind === 'setpoint';
}

/** Notices about a proposal (decided, executed, failed) reach its line as well as the deciders. */
export function noticeTarget(p: Pick<Proposal, 'lineId' | 'kind'>): FeedTarget {
  return { ...proposalTarget(p), ...(p.lineId ? { lineId: p.lineId } : {}) };
}
