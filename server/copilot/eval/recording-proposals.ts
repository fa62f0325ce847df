// The proposal flow as the evaluation sees it: requests are recorded and answered as proposed,
// so a case can check that an unsafe question created no proposal at all.
import type { ProposalEvent } from '../../realtime/contract';
import type { DeviationDraftRequest, HoldProposalRequest, ProposalRequests, SetpointProposalRequest } from '../ports';

export interface RecordedProposal {
  id: string;
  kind: 'hold' | 'setpoint' | 'deviation';
  lot: string;
  requestedBy: string;
}

export class RecordingProposals implements ProposalRequests {
  readonly created: RecordedProposal[] = [];

  /** Forgets every request (the next case starts with no pending proposals). */
  reset(): void {
    this.created.length = 0;
  }

  async requestHold(request: HoldProposalRequest): Promise<ProposalEvent> {
    return this.#record('hold', request.lotId, request.requestedBy.username);
  }

  async requestSetpoint(request: SetpointProposalRequest): Promise<ProposalEvent> {
    return this.#record('setpoint', '', request.requestedBy.username);
  }

  async draftDeviation(request: DeviationDraftRequest): Promise<ProposalEvent> {
    return this.#record('deviation', request.lotIds[0] ?? '', request.requestedBy.username);
  }

  async pending(query: { lineIds?: string[]; lotId?: string }): Promise<ProposalEvent[]> {
    return this.created.filter((p) => !query.lotId || p.lot === query.lotId).map((p) => ({ id: p.id, kind: p.kind, status: 'proposed', lot: p.lot }));
  }

  #record(kind: RecordedProposal['kind'], lot: string, requestedBy: string): ProposalEvent {
    const id = `P-EVAL-${this.created.length + 1}`;
    this.created.push({ id, kind, lot, requestedBy });
    return { id, kind, status: 'proposed', lot };
  }
}
