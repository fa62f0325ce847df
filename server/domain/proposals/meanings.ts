// Signature meanings (21 CFR 11.50(a)(3)): the signer chooses what the signature means, and
// the meaning must fit the decision and the kind (an "Approve release" cannot sign a hold).
import type { Decision, ProposalKind } from './types';

const NOUN: Record<ProposalKind, string> = {
  hold: 'hold',
  review: 'QA review',
  release: 'release',
  setpoint: 'setpoint change',
  deviation: 'deviation draft',
};

/** The meanings a signer may choose for this kind and decision; the first is the default. */
export function signatureMeanings(kind: ProposalKind, decision: Decision): string[] {
  const noun = NOUN[kind];
  if (decision === 'reject') return [`Reject ${noun}`];
  if (kind === 'review') return ['Approve QA review', 'Review completed'];
  return [`Approve ${noun}`];
}

/** The accepted meaning as written in the list (case and spacing forgiven), or undefined. */
export function matchMeaning(kind: ProposalKind, decision: Decision, meaning: string): string | undefined {
  const wanted = meaning.trim().replace(/\s+/g, ' ').toLowerCase();
  return signatureMeanings(kind, decision).find((m) => m.toLowerCase() === wanted);
}

export function kindNoun(kind: ProposalKind): string {
  return NOUN[kind];
}
