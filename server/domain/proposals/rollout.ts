// Rollout modes per product, test or rule (DESIGN.md "Rollout modes"): observe writes nothing,
// assist needs a human e-signature, auto lets the named low-risk actions run at once. A release
// is never automatic, whatever the configuration says.
import { ROLLOUT_MODES, type ProposalKind, type RolloutMode } from './types';

export interface RolloutScope {
  productId?: string;
  test?: string;
  /** Quality rule id (spec.usl, spec.band, we1, ...). */
  rule?: string;
}

export interface RolloutOverride {
  scope: RolloutScope;
  mode: RolloutMode;
}

export interface RolloutPolicy {
  defaultMode: RolloutMode;
  overrides: RolloutOverride[];
  /** Kinds the auto mode may approve without a person; never 'release'. */
  autoKinds: ProposalKind[];
}

export const DEFAULT_ROLLOUT: RolloutPolicy = { defaultMode: 'assist', overrides: [], autoKinds: ['hold'] };

const CAUTION: Record<RolloutMode, number> = { observe: 0, assist: 1, auto: 2 };

/**
 * Parses `assist; PRD-PARA-SUS=auto; PRD-IBU400/ASSAY=observe; rule:we2=observe`: a bare mode is
 * the default, `PRODUCT`, `PRODUCT/TEST` and `rule:RULE` scope an override. Throws naming the bad part.
 */
export function parseRollout(text: string, autoKinds: readonly ProposalKind[] = DEFAULT_ROLLOUT.autoKinds): RolloutPolicy {
  const policy: RolloutPolicy = { defaultMode: DEFAULT_ROLLOUT.defaultMode, overrides: [], autoKinds: autoKinds.filter((k) => k !== 'release') };
  for (const raw of text.split(/[;,]/)) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.lastIndexOf('=');
    const modeText = (eq < 0 ? part : part.slice(eq + 1)).trim();
    if (!isMode(modeText)) throw new Error(`rollout "${part}": mode must be one of ${ROLLOUT_MODES.join(', ')}`);
    if (eq < 0) {
      policy.defaultMode = modeText;
      continue;
    }
    const target = part.slice(0, eq).trim();
    if (target === '' || target === '*' || target === 'default') policy.defaultMode = modeText;
    else if (target.startsWith('rule:')) policy.overrides.push({ scope: { rule: target.slice(5) }, mode: modeText });
    else {
      const [productId, test, extra] = target.split('/');
      if (!productId || extra !== undefined) throw new Error(`rollout "${part}": scope must be PRODUCT, PRODUCT/TEST or rule:RULE`);
      policy.overrides.push({ scope: test ? { productId, test } : { productId }, mode: modeText });
    }
  }
  return policy;
}

/** The mode for a result: the most specific matching override wins; on a tie the more cautious one. */
export function resolveMode(policy: RolloutPolicy, at: RolloutScope): RolloutMode {
  let best: { weight: number; mode: RolloutMode } = { weight: 0, mode: policy.defaultMode };
  for (const { scope, mode } of policy.overrides) {
    if (scope.productId !== undefined && scope.productId !== at.productId) continue;
    if (scope.test !== undefined && scope.test !== at.test) continue;
    if (scope.rule !== undefined && scope.rule !== at.rule) continue;
    const weight = (scope.productId ? 1 : 0) + (scope.test ? 2 : 0) + (scope.rule ? 2 : 0);
    if (weight > best.weight || (weight === best.weight && CAUTION[mode] < CAUTION[best.mode])) best = { weight, mode };
  }
  return best.mode;
}

/** May the policy approve this kind by itself in this mode? */
export function policyMayApprove(policy: RolloutPolicy, mode: RolloutMode, kind: ProposalKind): boolean {
  return mode === 'auto' && kind !== 'release' && policy.autoKinds.includes(kind);
}

function isMode(text: string): text is RolloutMode {
  return (ROLLOUT_MODES as readonly string[]).includes(text);
}
