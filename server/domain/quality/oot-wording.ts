// Plain-English sentences for out-of-trend verdicts, with the interval, its confidence and the fit.
import type { LineFit, LineInterval } from './regression';

/** Up to 6 significant digits, no exponent for ordinary plant magnitudes. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const text = String(Number(x.toPrecision(6)));
  return text.includes('e') ? x.toPrecision(6) : text;
}

const pct = (p: number): string => `${num(p * 100)}%`;

function where(direction: 'above' | 'below' | null, what: string): string {
  return direction === null ? `is inside ${what}` : `is ${direction} ${what}`;
}

function ending(direction: 'above' | 'below' | null): string {
  return direction === null ? 'in trend.' : 'out of trend (OOT): investigate per the OOT procedure.';
}

export function ootRegressionText(direction: 'above' | 'below' | null, y0: number, x0: number, pi: LineInterval, fit: LineFit): string {
  const interval = `the ${pct(pi.confidence)} prediction interval ${num(pi.lower)}–${num(pi.upper)}`;
  return (
    `Result ${num(y0)} at time ${num(x0)} ${where(direction, interval)} of the trend fitted to ${fit.n} prior results ` +
    `(expected ${num(pi.fit)}, slope ${num(fit.slope)} per time unit, residual sd ${num(fit.residualSd)}): ${ending(direction)}`
  );
}

export function ootTimePointText(
  direction: 'above' | 'below' | null,
  y0: number,
  t: { lower: number; upper: number; mean: number; sd: number; k: number; n: number; coverage: number; confidence: number; kMethod: string },
): string {
  const interval = `the tolerance interval ${num(t.lower)}–${num(t.upper)} (${pct(t.coverage)} of batches with ${pct(t.confidence)} confidence)`;
  return (
    `Result ${num(y0)} ${where(direction, interval)} of ${t.n} historical batches at this time point ` +
    `(mean ${num(t.mean)}, sd ${num(t.sd)}, k ${num(t.k)} by ${t.kMethod === 'exact' ? 'the exact method' : "Howe's method"}): ${ending(direction)}`
  );
}

export function ootSlopeText(
  direction: 'above' | 'below' | null,
  slope: number,
  s: { lower: number; upper: number; mean: number; m: number; confidence: number },
): string {
  const interval = `the ${pct(s.confidence)} prediction interval ${num(s.lower)}–${num(s.upper)}`;
  return `The batch slope ${num(slope)} per time unit ${where(direction, interval)} of ${s.m} historical slopes (mean ${num(s.mean)}): ${ending(direction)}`;
}

export function ootUnavailableText(rule: string, reason: string): string {
  const name = rule === 'oot.regression' ? 'regression' : rule === 'oot.slope' ? 'slope' : 'by-time-point';
  return `The ${name} out-of-trend check cannot be made: ${reason}. QA review of the trend is needed.`;
}
