// Which proposals an evaluated result calls for (DESIGN.md flow 1), before the rollout mode is
// applied: a confirmed OOS or a hold band asks for a hold and a deviation draft; a review band
// or an unevaluable result for a QA review; a result in a release test's release band for a
// release. Nothing is proposed twice while the same kind is still pending for the lot.
import type { ProposalKind } from './types';

export interface EvaluatedFacts {
  outcome: 'pass' | 'fail' | 'cannot-evaluate';
  disposition: 'release' | 'review' | 'hold';
  /** The spec has disposition bands: the test decides the lot's disposition (a release test). */
  releaseTest: boolean;
}

export interface LotFacts {
  /** B2MML disposition as the MES reports it. */
  disposition?: string;
  /** Kinds already proposed and not yet decided for this lot. */
  pendingKinds: readonly ProposalKind[];
  /** The lot has an open OOS: a release is not even proposed. */
  openOos: boolean;
}

export function plannedKinds(result: EvaluatedFacts, lot: LotFacts): ProposalKind[] {
  const wanted: ProposalKind[] = [];
  if (result.disposition === 'hold') {
    if (lot.disposition !== 'Restricted') wanted.push('hold');
    if (result.outcome === 'fail') wanted.push('deviation');
  } else if (result.disposition === 'review') {
    wanted.push('review');
  } else if (result.releaseTest && result.outcome === 'pass' && !lot.openOos && lot.disposition !== 'UnRestricted' && lot.disposition !== 'Closed') {
    wanted.push('release');
  }
  return wanted.filter((kind) => !lot.pendingKinds.includes(kind));
}
