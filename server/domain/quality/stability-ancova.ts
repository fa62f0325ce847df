// ICH Q1E poolability: sequential (type I) ANCOVA of value ~ batch * time, as expirest:::check_ancova
// runs aov(); slopes are tested first, then intercepts, each at alpha_pool = 0.25.
import { fUpperTail } from './distributions';
import type { StabilityFits, StabilityRow } from './stability-models';

export interface AncovaRow {
  term: 'batch' | 'time' | 'batch:time' | 'residuals';
  df: number;
  sumSq: number;
  meanSq: number;
  f: number | null;
  p: number | null;
}

export interface PoolabilityTest {
  alphaPool: number;
  /** The sequential ANOVA table (batch entered first, then time, then the interaction). */
  anova: AncovaRow[];
  /** p of the batch term (intercepts), from the sequential table. */
  pBatch: number;
  /** p of the batch × time term (slopes). */
  pInteraction: number;
  commonSlope: boolean;
  /** The raw intercept test; it is only used when the slopes are common. */
  commonIntercept: boolean;
  /** cics: pool everything; dics: common slope, batch intercepts; dids: no pooling ("cids" becomes dids). */
  decision: 'cics' | 'dics' | 'dids';
  /**
   * LeBlond (2011) F values from anova(dids, dics, cics): intercepts tested after adjusting for time,
   * both over the full model's mean square. Reported for comparison; the decision uses the p-values above.
   */
  leblondF: { batch: number; interaction: number };
}

export function poolabilityTest(rows: readonly StabilityRow[], fits: StabilityFits, alphaPool = 0.25): PoolabilityTest | null {
  const k = fits.batches.length;
  const n = rows.length;
  if (k < 2) return null;
  const grand = rows.reduce((s, r) => s + r.value, 0) / n;
  const rssMean = rows.reduce((s, r) => s + (r.value - grand) ** 2, 0);
  const batchMean = new Map<string, number>();
  for (const b of fits.batches) {
    const own = rows.filter((r) => r.batch === b);
    batchMean.set(b, own.reduce((s, r) => s + r.value, 0) / own.length);
  }
  const rssBatch = rows.reduce((s, r) => s + (r.value - (batchMean.get(r.batch) as number)) ** 2, 0);
  const rssCics = fits.models.cics.sse;
  const rssDics = fits.models.dics.sse;
  const rssFull = fits.models['dids.pmse'].sse;
  const dfResidual = n - 2 * k;
  if (dfResidual < 1) throw new RangeError(`the ANCOVA needs more than ${2 * k} results for ${k} batches`);
  const msResidual = rssFull / dfResidual;
  const term = (name: AncovaRow['term'], df: number, sumSq: number): AncovaRow => {
    const meanSq = sumSq / df;
    const f = meanSq / msResidual;
    return { term: name, df, sumSq, meanSq, f, p: fUpperTail(f, df, dfResidual) };
  };
  const anova: AncovaRow[] = [
    term('batch', k - 1, rssMean - rssBatch),
    term('time', 1, rssBatch - rssDics),
    term('batch:time', k - 1, rssDics - rssFull),
    { term: 'residuals', df: dfResidual, sumSq: rssFull, meanSq: msResidual, f: null, p: null },
  ];
  const pBatch = anova[0]?.p as number;
  const pInteraction = anova[2]?.p as number;
  const commonSlope = pInteraction > alphaPool;
  const commonIntercept = pBatch > alphaPool;
  return {
    alphaPool,
    anova,
    pBatch,
    pInteraction,
    commonSlope,
    commonIntercept,
    decision: !commonSlope ? 'dids' : commonIntercept ? 'cics' : 'dics',
    leblondF: {
      batch: (rssCics - rssDics) / (k - 1) / msResidual,
      interaction: (rssDics - rssFull) / (k - 1) / msResidual,
    },
  };
}
