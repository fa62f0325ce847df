// ICH Q1E shelf life, reproducing expirest::expirest_osle: the earliest time at which the one-sided
// 95% confidence bound of the mean regression meets the specification limit (the point of intersection,
// POI), for the model the poolability test chooses; the POIs of all four models are reported.
import { studentTQuantile } from './distributions';
import { brentZeroin, firstCrossing } from './root-finding';
import { poolabilityTest } from './stability-ancova';
import type { PoolabilityTest } from './stability-ancova';
import { STABILITY_MODELS, fitStabilityModels } from './stability-models';
import type { BatchLine, StabilityModel, StabilityModelName, StabilityRow } from './stability-models';
import { shelfLifeExplanation } from './stability-wording';
import type { QualityExplanation } from './verdict';

export type { StabilityRow, StabilityModelName, BatchLine } from './stability-models';
export type { PoolabilityTest, AncovaRow } from './stability-ancova';

export interface ShelfLifeOptions {
  /** The acceptance criterion the bound is compared with (expirest sl, used as given: sf_option "tight"). */
  specLimit: number;
  /** 'lower' for an attribute that decreases (assay), 'upper' for one that increases (degradant). */
  side: 'lower' | 'upper';
  /** Default 0.05: a one-sided 95% bound. */
  alpha?: number;
  /** Default 0.25 (ICH Q1E). */
  alphaPool?: number;
  /** Default 'one-sided' (ICH Q1E for an attribute known to move one way). */
  intervalType?: 'one-sided' | 'two-sided';
  /** Time range searched for the POI; default [0, 500] as in the fixtures. */
  searchRange?: [number, number];
  /**
   * 'exact' (default): the earliest crossing, to 1e-12. 'uniroot': Brent's zeroin with R's default
   * tolerance (1.2e-4) over the whole range, which reproduces expirest's POIs to the last digit; they
   * differ from the exact crossing by up to ~3e-5 months.
   */
  rootFinder?: 'exact' | 'uniroot';
}

export interface WorstCase {
  batch: string | null;
  intercept: number | null;
}

export interface ShelfLifeReport {
  batches: string[];
  specLimit: number;
  side: 'lower' | 'upper';
  alpha: number;
  intervalType: 'one-sided' | 'two-sided';
  /** Null with a single batch (nothing to pool). */
  poolability: PoolabilityTest | null;
  /** The model the poolability test selects. */
  model: 'cics' | 'dics' | 'dids';
  /** POI of the selected model; null when the bound does not meet the limit in the search range. */
  shelfLife: number | null;
  poi: Record<StabilityModelName, number | null>;
  /** The batch whose bound meets the limit first, and its intercept (cics: the common line). */
  worstCase: Record<StabilityModelName, WorstCase>;
  models: Record<StabilityModelName, { lines: BatchLine[]; residualSd: number | null; df: number | null }>;
  reason: string | null;
  explanation: QualityExplanation;
}

export function shelfLife(rows: readonly StabilityRow[], opts: ShelfLifeOptions): ShelfLifeReport {
  const alpha = opts.alpha ?? 0.05;
  const intervalType = opts.intervalType ?? 'one-sided';
  const [from, to] = opts.searchRange ?? [0, 500];
  const fits = fitStabilityModels(rows);
  const poolability = poolabilityTest(rows, fits, opts.alphaPool ?? 0.25);
  // A single batch has nothing to pool; expirest (0.1.6+) reports it as dids.
  const model = poolability?.decision ?? 'dids';
  const tailProbability = intervalType === 'one-sided' ? 1 - alpha : 1 - alpha / 2;
  const sign = opts.side === 'lower' ? -1 : 1;
  const tByDf = new Map<number, number>();
  const t = (df: number): number => tByDf.get(df) ?? (tByDf.set(df, studentTQuantile(tailProbability, df)).get(df) as number);
  // The bound of batch b at time x: fit − t·se (lower) or fit + t·se (upper).
  const bound = (m: StabilityModel, b: number, x: number): number => {
    const p = m.predict(b, x);
    return p.fit + sign * t(p.df) * p.se;
  };
  // expirest's get_distance for one batch: sl − its lower bound (or sl − its upper bound).
  const distance = (m: StabilityModel, b: number) => (x: number) => opts.specLimit - bound(m, b, x);
  // A batch's POI: where the distance changes sign (lower side: from < 0 to > 0; upper side: the reverse).
  const batchPoi = (m: StabilityModel, b: number): number | null => {
    const f = distance(m, b);
    if (opts.rootFinder === 'uniroot') return brentZeroin(f, from, to);
    return firstCrossing((x) => (opts.side === 'lower' ? f(x) : -f(x)), from, to);
  };
  const poi = {} as Record<StabilityModelName, number | null>;
  const worstCase = {} as Record<StabilityModelName, WorstCase>;
  for (const name of STABILITY_MODELS) {
    const m = fits.models[name];
    if (name === 'cics') {
      poi.cics = batchPoi(m, 0);
      worstCase.cics = { batch: null, intercept: poi.cics === null ? null : (m.lines[0]?.intercept ?? null) };
      continue;
    }
    // dics, dids.pmse and dids (separate fits): one POI per batch, the earliest is the model's POI and its
    // batch the worst case (expirest get_poi_list, mode "all"; a batch whose bound never meets the limit is skipped).
    const perBatch = fits.batches.map((_, b) => ({ b, x: batchPoi(m, b) })).filter((e): e is { b: number; x: number } => e.x !== null);
    const first = perBatch.length ? perBatch.reduce((a, e) => (e.x < a.x ? e : a)) : null;
    poi[name] = first?.x ?? null;
    const line = first ? m.lines[first.b] : undefined;
    worstCase[name] = { batch: line?.batch ?? null, intercept: line?.intercept ?? null };
  }
  const selected = poi[model];
  const reason = selected === null ? `the ${model} confidence bound does not meet the limit between ${from} and ${to}` : null;
  const models = Object.fromEntries(
    STABILITY_MODELS.map((name) => [name, { lines: fits.models[name].lines, residualSd: fits.models[name].residualSd, df: fits.models[name].df }]),
  ) as ShelfLifeReport['models'];
  const report = { batches: fits.batches, specLimit: opts.specLimit, side: opts.side, alpha, intervalType, poolability, model, shelfLife: selected, poi, worstCase, models, reason };
  return { ...report, explanation: shelfLifeExplanation(report) };
}
