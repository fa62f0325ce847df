// What the copilot needs from services built elsewhere: the proposal flow (it only ever
// PROPOSES; decisions, guardrails, e-signature and the MES write belong to that flow), the
// document index, and the watcher's alerts. main.ts wires the real ones when they exist.
import type { SessionUser } from '../auth/tokens';
import type { AlertEvent, ProposalEvent } from '../realtime/contract';
import type { SearchHit, SearchOptions } from '../rag/types';

/** Where a proposal request came from, for the proposal's own audit record. */
export interface ProposalOrigin {
  requestedBy: SessionUser;
  source: 'copilot';
  conversationId?: string;
  messageId?: string;
  terminal?: string;
}

export interface HoldProposalRequest extends ProposalOrigin {
  lotId: string;
  reason: string;
  /** The test and result that motivate the hold, when the operator named them. */
  test?: string;
  resultId?: string;
  /** The hold reason code the operator chose from the plant's table; absent, the requested-hold default. */
  reasonCode?: string;
}

export interface SetpointProposalRequest extends ProposalOrigin {
  equipmentId: string;
  parameterId: string;
  /** The value asked for, already checked against the validated range read from the MES. */
  value: number;
  unit: string;
  currentSetpoint: number;
  validatedRange: { min: number; max: number };
  reason: string;
}

export interface DeviationDraftRequest extends ProposalOrigin {
  title: string;
  description: string;
  lotIds: string[];
  equipmentIds: string[];
  test?: string;
  /** Similar past deviation ids, to pre-fill the investigation. */
  similar: string[];
}

/**
 * The slice of the proposal service the copilot uses. Every call creates a proposal (or a
 * draft) that still has to pass policy, guardrails and an e-signature; none writes to the MES.
 */
export interface ProposalRequests {
  requestHold(request: HoldProposalRequest): Promise<ProposalEvent>;
  requestSetpoint(request: SetpointProposalRequest): Promise<ProposalEvent>;
  draftDeviation(request: DeviationDraftRequest): Promise<ProposalEvent>;
  /** Proposals not yet decided, on these lines (all lines when absent), optionally for one lot. */
  pending(query: { lineIds?: string[]; lotId?: string }): Promise<ProposalEvent[]>;
}

/** The document index (server/rag DocumentIndex satisfies this structurally). */
export interface DocumentSearch {
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
}

/** The watcher's alerts, to explain one by id. */
export interface AlertLookup {
  alert(alertId: string): Promise<AlertEvent | undefined>;
}
