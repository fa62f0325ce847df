// Text specifications ("Appearance: conforms"): the reported answer against the accepted answers.
// A recognised negative answer fails; anything else unrecognised is refused, never passed.
import type { TestSpecification } from '../types';
import type { ReportedResult } from './reported-result';
import { cannotEvaluate } from './spec-verdict';
import type { VerdictCore } from './spec-verdict';

/** Accepted answers when the specification lists none (USP wording on CoAs). */
export const DEFAULT_ACCEPTED_TEXT = ['conforms', 'complies', 'passes', 'meets requirements', 'meets specification'];
const REJECTED_TEXT = new Set([
  'does not conform', 'does not comply', 'not conforming', 'non-conforming', 'nonconforming', 'fails', 'failed',
  'does not meet requirements', 'does not meet specification', 'not complies', 'not compliant', 'out of specification', 'oos',
]);

const normalize = (s: string): string => s.trim().replace(/\s+/g, ' ').replace(/\.$/, '').toLowerCase();

export function evaluateText(spec: TestSpecification, result: ReportedResult): VerdictCore {
  if (result.form !== 'text') {
    const why =
      result.form === 'empty'
        ? 'no result was reported'
        : `a ${result.form === 'number' ? 'numeric' : 'non-text'} result cannot be compared with a text specification`;
    return cannotEvaluate(spec, result, why);
  }
  const accepted = (spec.acceptedText?.length ? spec.acceptedText : DEFAULT_ACCEPTED_TEXT).map(normalize);
  const answer = normalize(result.text);
  const expected = accepted.map((a) => `"${a}"`).join(' or ');
  const base = {
    band: null,
    alert: false,
    action: false,
    reason: null,
  };
  if (accepted.includes(answer)) {
    return {
      ...base,
      outcome: 'pass',
      disposition: 'release',
      decidedBy: 'accepted-text',
      explanation: explanation(spec, 'spec.accepted-text', `${spec.test} "${result.text.trim()}" is an accepted answer (${expected}): conforms.`),
    };
  }
  if (REJECTED_TEXT.has(answer)) {
    return {
      ...base,
      outcome: 'fail',
      disposition: 'hold',
      decidedBy: 'rejected-text',
      explanation: explanation(spec, 'spec.rejected-text', `${spec.test} "${result.text.trim()}" is not the required ${expected}: out of specification.`),
    };
  }
  return cannotEvaluate(spec, result, `"${result.text.trim()}" is neither an accepted answer (${expected}) nor a recognised failing answer`);
}

function explanation(spec: TestSpecification, rule: string, text: string): VerdictCore['explanation'] {
  return { rule, points: [], values: [], limits: { lsl: spec.lsl ?? null, usl: spec.usl ?? null }, numbers: {}, text };
}
