// The four ICH Q1E regression models of expirest_osle: common intercept and slope (cics), different
// intercepts and common slope (dics), different intercepts and slopes with a pooled MSE (dids.pmse), and
// separate fits per batch (dids), each able to give a batch's mean line and its standard error at a time.
import { fitLinearModel, predictRow } from './linear-model';
import type { LinearModel } from './linear-model';
import { fitLine } from './regression';
import type { LineFit } from './regression';

export interface StabilityRow {
  batch: string;
  /** Time on stability (months in ICH Q1E practice). */
  time: number;
  value: number;
}

export type StabilityModelName = 'cics' | 'dics' | 'dids.pmse' | 'dids';
export const STABILITY_MODELS: readonly StabilityModelName[] = ['cics', 'dics', 'dids.pmse', 'dids'];

/** One batch's mean line in a model (for cics every batch shares the line). */
export interface BatchLine {
  batch: string;
  intercept: number;
  slope: number;
}

export interface StabilityModel {
  name: StabilityModelName;
  lines: BatchLine[];
  /** Residual sd and df of the model; for dids (separate fits) they differ per batch and are in `perBatch`. */
  residualSd: number | null;
  df: number | null;
  sse: number;
  perBatch?: { batch: string; residualSd: number; df: number }[];
  /** Mean response of batch `b` at `time`, its standard error and the df of its t quantile. */
  predict(b: number, time: number): { fit: number; se: number; df: number };
}

export interface StabilityFits {
  batches: string[];
  /** Mean time, used to centre the design (predictions do not depend on it). */
  timeCentre: number;
  models: Record<StabilityModelName, StabilityModel>;
}

/** Batches keep the order of their first appearance (R orders factor levels; pass rows sorted to match). */
export function fitStabilityModels(rows: readonly StabilityRow[]): StabilityFits {
  const batches = [...new Set(rows.map((r) => r.batch))];
  const k = batches.length;
  const index = new Map(batches.map((b, i) => [b, i]));
  for (const b of batches) {
    const own = rows.filter((r) => r.batch === b);
    if (own.length < 3 || new Set(own.map((r) => r.time)).size < 2) {
      throw new RangeError(`batch ${b} needs at least 3 results at 2 or more time points`);
    }
  }
  const timeCentre = rows.reduce((s, r) => s + r.time, 0) / rows.length;
  const y = rows.map((r) => r.value);
  const indicator = (b: number) => batches.map((_, i) => (i === b ? 1 : 0));
  const designs: Record<'cics' | 'dics' | 'dids.pmse', (b: number, tc: number) => number[]> = {
    cics: (_b, tc) => [1, tc],
    dics: (b, tc) => [...indicator(b), tc],
    'dids.pmse': (b, tc) => [...indicator(b), ...indicator(b).map((v) => v * tc)],
  };
  const linear = (name: 'cics' | 'dics' | 'dids.pmse'): StabilityModel => {
    const design = designs[name];
    const lm: LinearModel = fitLinearModel(rows.map((r) => design(index.get(r.batch) as number, r.time - timeCentre)), y);
    const predict = (b: number, time: number) => ({ ...predictRow(lm, design(b, time - timeCentre)), df: lm.df });
    const lines = batches.map((batch, b) => {
      const intercept = predict(b, 0).fit;
      return { batch, intercept, slope: predict(b, 1).fit - intercept };
    });
    return { name, lines, residualSd: lm.sigma, df: lm.df, sse: lm.sse, predict };
  };
  const separate: LineFit[] = batches.map((b) => fitLine(rows.filter((r) => r.batch === b).map((r) => ({ x: r.time, y: r.value }))));
  const dids: StabilityModel = {
    name: 'dids',
    lines: separate.map((f, b) => ({ batch: batches[b] as string, intercept: f.intercept, slope: f.slope })),
    residualSd: null,
    df: null,
    sse: separate.reduce((s, f) => s + f.sse, 0),
    perBatch: separate.map((f, b) => ({ batch: batches[b] as string, residualSd: f.residualSd, df: f.df })),
    predict: (b, time) => {
      const f = separate[b] as LineFit;
      const se = f.residualSd * Math.sqrt(1 / f.n + ((time - f.xMean) * (time - f.xMean)) / f.sxx);
      return { fit: f.intercept + f.slope * time, se, df: f.df };
    },
  };
  if (k < 1) throw new RangeError('no stability results');
  return { batches, timeCentre, models: { cics: linear('cics'), dics: linear('dics'), 'dids.pmse': linear('dids.pmse'), dids } };
}
