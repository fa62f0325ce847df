// Reads a LIMS result string into a number, a censored bound ("< 0.05", "ND", "> 100") or a text answer.
// Anything not recognised stays text, so the spec evaluator can refuse it explicitly instead of guessing.
import { toPlainDecimal } from './rounding';

export type ReportedResult =
  /** A plain number, possibly with the spec's unit after it ("98.5", "98.5 %"). */
  | { form: 'number'; text: string; valueText: string; value: number }
  /**
   * The true value lies below `bound` ("< 0.05", "<= 0.05", "< LOQ", "ND").
   * `bound` is null when it refers to the LOQ and the specification has none.
   */
  | { form: 'below'; text: string; bound: number | null; boundText: string | null; inclusive: boolean; basis: 'stated' | 'loq' | 'not-detected' }
  /** The true value lies above `bound` ("> 100", ">= 100"). */
  | { form: 'above'; text: string; bound: number; boundText: string; inclusive: boolean }
  /** Too numerous to count: a plate count above the countable range (USP <61>). */
  | { form: 'too-numerous'; text: string }
  /** A word answer ("conforms", "complies", "does not conform"); `normalized` is lower-case, single-spaced. */
  | { form: 'text'; text: string; normalized: string }
  | { form: 'empty'; text: string };

const NOT_DETECTED = new Set(['nd', 'n.d.', 'n.d', 'not detected', 'none detected', 'not detectable', 'bdl', 'below detection limit', '<lod', '< lod', 'below lod']);
const BELOW_LOQ = new Set(['<loq', '< loq', 'blq', 'bql', 'below loq', '<ql', '< ql', 'below quantitation limit', 'below the loq']);
const TOO_NUMEROUS = new Set(['tntc', 'too numerous to count']);
const BOUND = /^(<=|>=|≤|≥|<|>)\s*(.+)$/;

/** Parse a reported result. `unit` is the spec's unit: a trailing copy of it (or "%") is accepted after a number. */
export function parseReportedResult(reported: string | number, opts: { unit?: string; loq?: number } = {}): ReportedResult {
  if (typeof reported === 'number') {
    const valueText = toPlainDecimal(reported);
    if (valueText === null) return { form: 'text', text: String(reported), normalized: String(reported).toLowerCase() };
    return { form: 'number', text: valueText, valueText, value: reported };
  }
  const text = reported;
  const spaced = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (spaced === '') return { form: 'empty', text };
  // A closing full stop is punctuation ("Conforms."), except in the abbreviation "n.d.".
  const normalized = spaced.endsWith('.') && !NOT_DETECTED.has(spaced) ? spaced.slice(0, -1) : spaced;
  if (NOT_DETECTED.has(normalized)) return censoredAtLoq(text, opts.loq, 'not-detected');
  if (BELOW_LOQ.has(normalized)) return censoredAtLoq(text, opts.loq, 'loq');
  if (TOO_NUMEROUS.has(normalized)) return { form: 'too-numerous', text };

  const number = readNumber(normalized, opts.unit);
  if (number !== null) return { form: 'number', text, valueText: number, value: Number(number) };

  const bound = BOUND.exec(normalized);
  if (bound) {
    const [, operator = '', rest = ''] = bound;
    const boundText = readNumber(rest, opts.unit);
    if (boundText !== null) {
      const inclusive = operator === '<=' || operator === '>=' || operator === '≤' || operator === '≥';
      const value = Number(boundText);
      return operator.startsWith('<') || operator === '≤'
        ? { form: 'below', text, bound: value, boundText, inclusive, basis: 'stated' }
        : { form: 'above', text, bound: value, boundText, inclusive };
    }
  }
  return { form: 'text', text, normalized };
}

function censoredAtLoq(text: string, loq: number | undefined, basis: 'loq' | 'not-detected'): ReportedResult {
  const boundText = loq === undefined ? null : toPlainDecimal(loq);
  // "< LOQ" and "ND" both mean "below the LOQ": ND is below the detection limit, which is lower still.
  return { form: 'below', text, bound: boundText === null ? null : Number(boundText), boundText, inclusive: false, basis };
}

/** The plain decimal text of a number, optionally followed by the unit; null if it is not one. */
function readNumber(candidate: string, unit: string | undefined): string | null {
  let body = candidate.trim();
  const units = ['%', unit?.trim().toLowerCase()].filter((u): u is string => Boolean(u));
  for (const u of units.sort((a, b) => b.length - a.length)) {
    if (body.endsWith(u) && body.length > u.length) {
      body = body.slice(0, body.length - u.length).trim();
      break;
    }
  }
  // Only plain decimals: "98,5" or "1 000" are ambiguous across locales and stay text.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) return null;
  return toPlainDecimal(body);
}
