// Which proposals an evaluated result calls for (DESIGN.md flow 1), before the rollout mode is
// applied: a confirmed OOS or a hold band asks for a hold and a deviation draft; a review band
// or an unevaluable result for a QA review; a result in a release test's release band on a lot
// that is on hold for a release of that hold (a lot not on hold has nothing to release; its
// batch disposition happens at batch record review). Nothing is proposed twice while pending.
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
  } else if (result.releaseTest && result.outcome === 'pass' && !lot.openOos && lot.disposition === 'Restricted') {
    wanted.push('release');
  }
  return wanted.filter((kind) => !lot.pendingKinds.includes(kind));
}
