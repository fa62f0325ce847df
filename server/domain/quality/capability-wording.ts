// The plain-English explanation of a capability report (Cpk against the AIAG 1.33 / 1.67 targets).
import type { CapabilityReport } from './capability';
import type { QualityExplanation } from './verdict';

const fmt = (x: number | null, digits = 2): string => (x === null ? 'n/a' : x.toFixed(digits));

export function capabilityExplanation(
  report: Omit<CapabilityReport, 'explanation'>,
  target: number,
): QualityExplanation {
  const { cpk, ppk, cpkInterval, n, confidence } = report;
  const pct = Math.round(confidence * 100);
  const sigmaSource = report.sigmaWithinMethod === 'moving-range' ? 'MR̄/1.128' : 'given';
  let text: string;
  if (cpk === null) {
    text = `No capability index: ${report.warnings.map((w) => w.text).join(' ') || 'no specification limits.'}`;
  } else {
    const ci = cpkInterval ? ` (${pct}% CI ${fmt(cpkInterval[0])}–${fmt(cpkInterval[1])})` : '';
    const verdict =
      cpk >= target
        ? `meets the ${fmt(target)} target`
        : cpkInterval && cpkInterval[1] < target
          ? `is below the ${fmt(target)} target even at the top of its interval`
          : `is below the ${fmt(target)} target`;
    text = `Cpk ${fmt(cpk)}${ci} from ${n} points with σ within ${report.sigmaWithin.toPrecision(4)} (${sigmaSource}); Ppk ${fmt(ppk)}. Cpk ${verdict}.`;
    const caveats = report.warnings.filter((w) => w.code === 'few-points' || w.code === 'normality-rejected');
    if (caveats.length) text += ` ${caveats.map((w) => w.text).join(' ')}`;
  }
  return {
    rule: 'capability.cpk',
    points: [],
    // The series itself is the caller's input; repeating 10,000 points here would bloat every audit record.
    values: [],
    limits: { lsl: report.lsl, usl: report.usl, target },
    numbers: {
      n,
      mean: report.mean,
      sigmaWithin: report.sigmaWithin,
      sigmaOverall: report.sigmaOverall,
      cp: report.cp,
      cpk,
      pp: report.pp,
      ppk,
      cpkLower: cpkInterval?.[0] ?? null,
      cpkUpper: cpkInterval?.[1] ?? null,
      andersonDarlingPValue: report.normality?.pValue ?? null,
    },
    text,
  };
}
