// ProposalService: how people and the copilot agent ask for an action. It only PROPOSES (DESIGN.md:
// nothing writes to the MES without the proposal flow); every request is checked, audited, and
// pushed to the line's terminals and to QA. It satisfies the copilot's ProposalRequests port;
// refusals are QloopErrors whose messages are written for the person or the model.
import type { SessionUser } from '../auth/tokens';
import { releaseRefusal, resolveMode, setpointRefusal, type Proposal, type ProposalKind, type ProposalSource } from '../domain/proposals';
import { can, type Permission } from '../domain/roles';
import type { MaterialLot } from '../domain/types';
import { QloopError } from '../errors';
import type { ProposalEvent } from '../realtime/contract';
import { buildDeviationDraft } from './deviation-draft';
import { maySee, type ProposalDeps } from './proposal-deps';
import type { NewProposal } from './proposal-store';
import { proposalDetail, proposalEvent, proposalTarget } from './proposal-view';

/** Who asks, and for a copilot turn where (kept in the proposal's audit record). */
export interface ProposalOrigin {
  requestedBy: SessionUser;
  source: ProposalSource;
  conversationId?: string;
  messageId?: string;
  terminal?: string;
}

export interface HoldRequestInput extends ProposalOrigin {
  lotId: string;
  reason: string;
  test?: string;
  resultId?: string;
  /** WI-PRD-030 §5.6.2: the requester chooses the code from the plant's table; absent, the table's requested-hold default (HR-04). */
  reasonCode?: string;
}

export interface SetpointRequestInput extends ProposalOrigin {
  equipmentId: string;
  parameterId: string;
  value: number;
  reason: string;
}

export interface DeviationRequestInput extends ProposalOrigin {
  /** One lot (lotId) or several (lotIds, the first is the proposal's lot); none for an equipment-only deviation. */
  lotId?: string;
  lotIds?: string[];
  title?: string;
  /** What was observed; `reason` is accepted as a synonym. */
  description?: string;
  reason?: string;
  equipmentIds?: string[];
  test?: string;
}

const IN_FLIGHT = ['proposed', 'approved', 'executing'] as const;

export class ProposalService {
  constructor(private readonly deps: ProposalDeps) {}

  /** A hold on a lot (operators may request one; it becomes a proposal for QA). A pending one is returned as is. */
  async requestHold(request: HoldRequestInput): Promise<ProposalEvent> {
    await this.#permit(request, ['hold.request'], 'request a hold', request.lotId);
    const holdReasonCode = this.#holdReasonCode(request.reasonCode);
    const lot = await this.#lot(request.lotId);
    if (lot.disposition === 'Restricted') await this.#refuse(request, lot.id, `${lot.id} is already on hold (Restricted) in the MES; no second hold is needed`, 'CONFLICT');
    if (lot.disposition === 'Closed') await this.#refuse(request, lot.id, `${lot.id} is Closed in the MES and cannot be held`, 'CONFLICT');
    // Where the code came from goes into the proposal.created audit record (the requester or the table's default).
    const event = await this.#propose('hold', lot, request, { ...(request.test ? { test: request.test } : {}), holdReasonCode }, { reasonCodeFrom: request.reasonCode ? 'user' : 'default' });
    return event.existing ? this.#pendingHoldCode(event, request.reasonCode ? holdReasonCode : undefined) : event;
  }

  /**
   * A hold already in flight is returned instead of a second one; it keeps its own code. When the
   * requester chose a different code, the answer says so rather than dropping the choice silently.
   */
  #pendingHoldCode(event: ProposalEvent, chosen: string | undefined): ProposalEvent {
    const pending = this.deps.store.get(event.id);
    const code = pending ? this.deps.catalog.holdReasons().forHold(pending) : undefined;
    if (!code) return event;
    if (chosen === undefined || chosen === code) return { ...event, holdReasonCode: code };
    const note = `a hold proposal for ${event.lot} is already ${event.status} (${event.id}) with hold reason code ${code}; your code ${chosen} was not applied and no second hold was proposed. If ${chosen} is the right code, tell QA before they decide ${event.id}`;
    return { ...event, holdReasonCode: code, requestedReasonCode: chosen, note };
  }

  #holdReasonCode(code: string | undefined): string {
    try {
      return this.deps.catalog.holdReasons().requestedCode(code);
    } catch (err) {
      throw new QloopError('VALIDATION', (err as Error).message, [{ path: 'reasonCode', message: 'not in the plant\'s hold reason table' }]);
    }
  }

  /** A release of a lot's hold: never automatic, never with an open OOS; proposed by QA or a supervisor, signed by another. */
  async requestRelease(request: ProposalOrigin & { lotId: string; reason: string }): Promise<ProposalEvent> {
    await this.#permit(request, ['proposal.decide.quality', 'proposal.decide.operational'], 'propose a release', request.lotId);
    const lot = await this.#lot(request.lotId);
    if (lot.disposition !== 'Restricted') await this.#refuse(request, lot.id, `${lot.id} is not on hold (disposition ${lot.disposition}): there is no hold to release`, 'CONFLICT');
    const refusal = releaseRefusal(lot.id, this.deps.openOos(lot.id));
    if (refusal) await this.#refuse(request, lot.id, refusal.reason);
    return this.#propose('release', lot, request);
  }

  /** A setpoint change; the validated range is read from the MES and checked now and again at approval. */
  async requestSetpoint(request: SetpointRequestInput): Promise<ProposalEvent> {
    const subject = `${request.equipmentId}/${request.parameterId}`;
    await this.#permit(request, ['setpoint.propose'], 'propose a setpoint change', subject);
    const equipment = (await this.deps.mes.getEquipment(request.equipmentId)) ?? this.deps.catalog.equipment(request.equipmentId);
    if (!equipment) throw new QloopError('NOT_FOUND', `no equipment "${request.equipmentId}"; use an equipment id such as TK-07`);
    const wanted = request.parameterId.toLowerCase();
    const parameter = equipment.parameters.find((p) => p.id.toLowerCase() === wanted || p.id.split('.').pop()?.toLowerCase() === wanted || p.name.toLowerCase() === wanted);
    if (!parameter) throw new QloopError('NOT_FOUND', `${equipment.id} has no parameter "${request.parameterId}"; it has ${equipment.parameters.map((p) => p.id).join(', ')}`);
    const setpoint = { equipmentId: equipment.id, parameterId: parameter.id, parameterName: parameter.name, unit: parameter.unit, from: parameter.setpoint, to: request.value, validatedRange: parameter.validatedRange };
    const refusal = setpointRefusal(setpoint);
    if (refusal) await this.#refuse(request, subject, refusal.reason);
    const running = (await this.deps.mes.getRunningWorkOrders(equipment.lineId))[0];
    const lot = running ? await this.#lot(running.lotId).catch(() => undefined) : undefined;
    return this.#propose('setpoint', lot, request, { setpoint, lineId: equipment.lineId });
  }

  /** A deviation report draft, pre-filled from the lot, its line's equipment and similar past deviations. */
  async draftDeviation(request: DeviationRequestInput): Promise<ProposalEvent> {
    const lotRef = request.lotId ?? request.lotIds?.[0];
    const description = request.description ?? request.reason ?? '';
    if (description.trim().length < 5) throw new QloopError('VALIDATION', 'describe what was observed (at least 5 characters)', [{ path: 'description', message: 'too short' }]);
    await this.#permit(request, ['hold.request', 'setpoint.propose'], 'draft a deviation', lotRef ?? (request.equipmentIds ?? []).join(','));
    const lot = lotRef ? await this.#lot(lotRef) : undefined;
    const lineId = lot?.lineId ?? (request.equipmentIds?.[0] ? this.deps.catalog.equipment(request.equipmentIds[0])?.lineId : undefined);
    const onLine = lineId ? await this.deps.mes.listEquipment(lineId).catch(() => this.deps.catalog.equipmentOnLine(lineId)) : [];
    const named = new Set(request.equipmentIds ?? []);
    const equipment = named.size ? onLine.filter((e) => named.has(e.id)) : onLine;
    const draft = buildDeviationDraft({
      lotId: lot?.id ?? '', ...(lot ? { productId: lot.productId } : {}), ...(lot?.workOrderId ? { workOrderId: lot.workOrderId } : {}), ...(lineId ? { lineId } : {}),
      ...(request.test ? { test: request.test } : {}), finding: description, outOfSpecification: lot ? this.deps.openOos(lot.id).length > 0 : false,
      equipment, detectedAt: this.deps.clock.iso(), pastDeviations: this.deps.catalog.deviations(),
    });
    const deviation = { ...draft, ...(request.title ? { title: request.title } : {}), ...(request.lotIds && request.lotIds.length > 1 ? { description: `${draft.description}\nAlso concerns lots: ${request.lotIds.slice(1).join(', ')}.` } : {}) };
    return this.#propose('deviation', lot, { ...request, reason: request.title ?? description }, { deviation, ...(lineId ? { lineId } : {}) });
  }

  /** Undecided proposals on these lines (all when absent), optionally one lot: the copilot's port. */
  async pending(query: { lineIds?: string[]; lotId?: string } = {}): Promise<ProposalEvent[]> {
    return this.deps.store.list({ statuses: ['proposed'], ...(query.lineIds ? { lineIds: query.lineIds } : {}), ...(query.lotId ? { lotId: query.lotId } : {}) }).map(proposalEvent);
  }

  /** Undecided proposals this user may see, newest first. */
  pendingFor(user: SessionUser): ProposalEvent[] {
    return this.list(user, { statuses: ['proposed'] });
  }

  list(user: SessionUser, query: { statuses?: Proposal['status'][]; lotId?: string; limit?: number } = {}): ProposalEvent[] {
    return this.deps.store.list(query).filter((p) => maySee(user, p)).map(proposalDetail);
  }

  get(user: SessionUser, id: string): ProposalEvent {
    const proposal = this.deps.store.get(id);
    if (!proposal || !maySee(user, proposal)) throw new QloopError('NOT_FOUND', `no proposal "${id}" that you may see`);
    return proposalDetail(proposal);
  }

  /** Marks proposals whose decision time ran out as expired (run by a timer). */
  expireDue(): number {
    const now = this.deps.clock.iso();
    const expired = this.deps.db.transaction(() =>
      this.deps.store.expiredBy(now).map((p) => this.deps.lifecycle.close(p, 'expire', now, `no decision before ${p.expiresAt}`, { type: 'component', id: 'proposals' })),
    ).immediate();
    for (const p of expired) this.deps.feed.proposal(proposalTarget(p), proposalEvent(p));
    return expired.length;
  }

  async #propose(kind: ProposalKind, lot: MaterialLot | undefined, request: ProposalOrigin & { reason: string; lotId?: string }, extra: Partial<NewProposal> = {}, audited: Record<string, unknown> = {}): Promise<ProposalEvent> {
    const user = request.requestedBy;
    const mode = resolveMode(this.deps.policy, { ...(lot ? { productId: lot.productId } : {}) });
    if (mode === 'observe') await this.#refuse(request, lot?.id ?? '', `observe mode for ${lot?.productId ?? 'this product'}: qloop proposes nothing that writes to the MES; act in the MES directly under your SOP`);
    const now = this.deps.clock.iso();
    const origin = { source: request.source, conversationId: request.conversationId, messageId: request.messageId, terminal: request.terminal, ...audited };
    const result = this.deps.db.transaction(() => {
      const waiting = lot && kind !== 'setpoint' && kind !== 'deviation' ? this.deps.store.list({ lotId: lot.id, statuses: [...IN_FLIGHT] }).find((p) => p.kind === kind) : undefined;
      if (waiting) return { proposal: waiting, created: false, superseded: [] as Proposal[] };
      const proposal = this.deps.lifecycle.create(
        {
          kind, status: 'proposed', lotId: lot?.id ?? '', ...(lot?.lineId ? { lineId: lot.lineId } : {}), ...(lot ? { productId: lot.productId } : {}),
          reason: request.reason, proposedBy: user.username, proposedByRole: user.role, source: request.source, proposedAt: now,
          expiresAt: new Date(this.deps.clock.now() + this.deps.ttlMs).toISOString(), mode, ...extra,
        },
        { type: 'user', id: user.username, role: user.role },
        origin,
      );
      const superseded = kind === 'hold' && lot ? this.deps.lifecycle.supersedeForHold(lot.id, proposal.id, now) : [];
      return { proposal, created: true, superseded };
    }).immediate();
    for (const p of [result.proposal, ...result.superseded]) this.deps.feed.proposal(proposalTarget(p), proposalEvent(p));
    if (result.created) this.#notify(result.proposal, user);
    return { ...proposalEvent(result.proposal), ...(result.created ? {} : { existing: true }) };
  }

  #notify(p: Proposal, user: SessionUser): void {
    const what = p.kind === 'setpoint' && p.setpoint ? `a setpoint change on ${p.setpoint.equipmentId} (${p.setpoint.parameterName} ${p.setpoint.from} → ${p.setpoint.to} ${p.setpoint.unit})` : `a ${p.kind}${p.lotId ? ` for ${p.lotId}` : ''}`;
    this.deps.notify({
      subject: `${proposalEvent(p).title as string} proposed (${p.id})`,
      severity: p.kind === 'hold' ? 'critical' : 'warning',
      summary: `${user.displayName} (${user.role}, via ${p.source}) asks for ${what}: ${p.reason} It needs an e-signature in qloop.`,
      link: this.deps.link(p.id),
      facts: [{ name: 'Proposal', value: p.id }, { name: 'Lot', value: p.lotId || '–' }, { name: 'Line', value: p.lineId ?? '–' }, ...(p.holdReasonCode ? [{ name: 'Hold reason code', value: p.holdReasonCode }] : []), { name: 'Requested by', value: user.displayName }],
    });
  }

  async #lot(reference: string): Promise<MaterialLot> {
    const known = this.deps.catalog.resolveLot(reference);
    const id = known?.id ?? reference.trim();
    const context = await this.deps.mes.getLotContext(id);
    const lot = context?.lot ?? known;
    if (!lot) throw new QloopError('NOT_FOUND', `no lot "${reference}" in the MES or the plant record; give the lot id, e.g. LOT-XYZ789`);
    return lot;
  }

  async #permit(request: ProposalOrigin, permissions: Permission[], what: string, subject: string): Promise<void> {
    if (permissions.some((p) => can(request.requestedBy.role, p))) return;
    await this.#refuse(request, subject, `your role (${request.requestedBy.role}) may not ${what}`, 'FORBIDDEN');
  }

  async #refuse(request: ProposalOrigin, subject: string, reason: string, code: 'FORBIDDEN' | 'CONFLICT' = 'FORBIDDEN'): Promise<never> {
    const user = request.requestedBy;
    await this.deps.audit.append({ actor: { type: 'user', id: user.username, role: user.role }, action: 'proposal.request.refused', subject: { type: 'proposal-request', id: subject || '-' }, reason, after: { source: request.source, conversationId: request.conversationId } });
    throw new QloopError(code, reason);
  }
}
