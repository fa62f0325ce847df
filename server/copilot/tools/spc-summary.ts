// The SPC summary a trend question gets: I-MR limits from the phase I baseline the
// specification names, the run-rule signals (Western Electric / Nelson) and capability.
import { capability } from '../../domain/quality/capability';
import { imrLimits } from '../../domain/quality/charts/imr';
import { evaluateRules } from '../../domain/quality/rules/evaluate-rules';
import { parseRuleList } from '../../domain/quality/rules/parse';
import type { TestSpecification } from '../../domain/types';

export interface SpcSummary {
  chart: 'imr';
  points: number;
  baselinePoints: number;
  center: number;
  lcl: number;
  ucl: number;
  rules: string[];
  /** Rule signals, most recent first (at most 6), each with the quality engine's sentence. */
  signals: { rule: string; at: string; text: string }[];
  /** Signals completed at the newest point: what an alert would fire on now. */
  signalsAtLatest: string[];
  capability: { cpk: number | null; ppk: number | null; n: number; note?: string } | null;
  /** Mean of the newest third against the oldest third, in sigmas: the drift an operator sees. */
  shift: { from: number; to: number; sigmas: number; direction: 'rising' | 'falling' | 'steady' };
}

const round = (x: number, decimals: number) => Number(x.toFixed(decimals));

/** The summary for the model, and (for the terminal's chart only) the points that broke a rule or a limit. */
export function spcSummary(values: readonly number[], labels: readonly string[], spec: TestSpecification): { summary: SpcSummary; flagged: Set<number> } | undefined {
  if (values.length < 3) return undefined;
  const decimals = Math.min(spec.decimals + 2, 6);
  const rules = parseRuleList(spec.spc?.rules.length ? spec.spc.rules : ['we']);
  const baseline = Math.max(2, Math.min(spec.spc?.baseline ?? 20, values.length));
  const limits = imrLimits(values, { baseline });
  const zones = limits.individuals.zones;
  const evaluation = evaluateRules(values, zones, rules, { labels, decimals: spec.decimals + 1 });
  const last = values.length - 1;
  const signals = [...evaluation.violations]
    .sort((a, b) => b.index - a.index)
    .filter((v, i, all) => all.findIndex((w) => w.rule === v.rule) === i)
    .slice(0, 6)
    .map((v) => ({ rule: v.rule, at: labels[v.index] ?? String(v.index + 1), text: v.text }));
  const third = Math.max(1, Math.floor(values.length / 3));
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const from = mean(values.slice(0, third));
  const to = mean(values.slice(-third));
  const sigmas = limits.sigma > 0 ? (to - from) / limits.sigma : 0;
  const flagged = new Set(evaluation.flags.map((f) => f.index));
  values.forEach((v, i) => (spec.lsl !== undefined && v < spec.lsl) || (spec.usl !== undefined && v > spec.usl) ? flagged.add(i) : undefined);
  const report = spec.lsl !== undefined || spec.usl !== undefined ? capability(values, { ...(spec.lsl !== undefined ? { lsl: spec.lsl } : {}), ...(spec.usl !== undefined ? { usl: spec.usl } : {}) }) : undefined;
  const summary: SpcSummary = {
    chart: 'imr',
    points: values.length,
    baselinePoints: baseline,
    center: round(limits.center, decimals),
    lcl: round(limits.individuals.lcl, decimals),
    ucl: round(limits.individuals.ucl, decimals),
    rules: rules.map((r) => r.rule),
    signals,
    signalsAtLatest: evaluation.violations.filter((v) => v.index === last).map((v) => v.rule),
    capability: report
      ? {
          cpk: report.cpk === null ? null : round(report.cpk, 2),
          ppk: report.ppk === null ? null : round(report.ppk, 2),
          n: report.n,
          ...(report.warnings.length ? { note: report.warnings.map((w) => w.text).join(' ') } : {}),
        }
      : null,
    shift: { from: round(from, decimals), to: round(to, decimals), sigmas: round(sigmas, 1), direction: Math.abs(sigmas) < 1 ? 'steady' : sigmas > 0 ? 'rising' : 'falling' },
  };
  return { summary, flagged };
}
