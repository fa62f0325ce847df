// Proposals: what qloop may ask a human (or a policy) to approve before anything is written to
// the MES. Kinds, statuses and the signature manifest of 21 CFR 11.50 (printed name, time, meaning).
import type { Role } from '../roles';

export const PROPOSAL_KINDS = ['hold', 'review', 'release', 'setpoint', 'deviation'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const PROPOSAL_STATUSES = ['proposed', 'approved', 'rejected', 'expired', 'superseded', 'executing', 'executed', 'failed'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Statuses after which nothing more happens to a proposal. */
export const FINAL_STATUSES: readonly ProposalStatus[] = ['rejected', 'expired', 'superseded', 'executed', 'failed'];

export const ROLLOUT_MODES = ['observe', 'assist', 'auto'] as const;
export type RolloutMode = (typeof ROLLOUT_MODES)[number];

/** Where a proposal came from: the result watcher, the copilot agent, a user, or a policy. */
export type ProposalSource = 'watcher' | 'copilot' | 'user';

export type Decision = 'approve' | 'reject';

/** The manifestation of an electronic signature (21 CFR 11.50): shown with the record, stored with it. */
export interface SignatureManifest {
  signer: string;
  printedName: string;
  role: Role;
  decision: Decision;
  /** The meaning of the signature, e.g. "Approve hold". */
  meaning: string;
  reason: string;
  signedAt: string;
}

export interface SetpointChange {
  equipmentId: string;
  parameterId: string;
  parameterName: string;
  unit: string;
  from: number;
  to: number;
  validatedRange: { min: number; max: number };
}

export interface SimilarDeviation {
  id: string;
  title: string;
  status: 'open' | 'closed';
  classification: string;
  rootCause: string;
  capa: string;
}

/** A deviation report pre-filled from the result, the spec, the lot and the equipment (SOP-QA-011). */
export interface DeviationDraft {
  title: string;
  description: string;
  classification: 'minor' | 'major' | 'critical';
  lotId: string;
  productId?: string;
  workOrderId?: string;
  lineId?: string;
  test?: string;
  result?: { resultId: string; sampleId: string; value: string; unit: string; finalizedAt: string };
  spec?: { specificationId?: string; criterion: string; lsl?: number; usl?: number; sopId?: string };
  equipmentIds: string[];
  detectedAt: string;
  similar: SimilarDeviation[];
}

/** What the MES (or control layer) answered when the approved action ran. */
export interface ProposalOutcome {
  /** `withdrawn`: never sent, because the result it rests on was retracted (QA decides again). */
  status: 'applied' | 'already' | 'recorded' | 'failed' | 'withdrawn';
  reference?: string;
  message: string;
  at: string;
}

export interface Proposal {
  id: string;
  kind: ProposalKind;
  status: ProposalStatus;
  lotId: string;
  lineId?: string;
  productId?: string;
  test?: string;
  /** Why it is proposed, in words (the guidance's "what happened"). */
  reason: string;
  proposedBy: string;
  proposedByRole?: Role;
  source: ProposalSource;
  proposedAt: string;
  expiresAt?: string;
  mode: RolloutMode;
  evaluationId?: string;
  alertId?: string;
  /** A hold's reason code from the plant's table (SOP-QA-010 §5.1): chosen by the requester, or derived from the evaluation. */
  holdReasonCode?: string;
  setpoint?: SetpointChange;
  deviation?: DeviationDraft;
  /** Approval or rejection signatures, in order; empty for a policy approval. */
  signatures: SignatureManifest[];
  /** Set when a policy (rollout mode auto) approved it instead of a person. */
  approvedByPolicy?: string;
  outcome?: ProposalOutcome;
  updatedAt: string;
}
