// Plain-English summary of an ICH Q1E shelf-life estimate: the pooling decision and the POI.
import type { ShelfLifeReport } from './stability';
import type { QualityExplanation } from './verdict';

const num = (x: number, digits = 4): string => String(Number(x.toPrecision(digits)));
const p = (x: number): string => (x < 0.001 ? x.toExponential(1) : num(x, 3));

export function shelfLifeExplanation(report: Omit<ShelfLifeReport, 'explanation'>): QualityExplanation {
  const { poolability: pool, model, shelfLife, specLimit, side, alpha } = report;
  const level = `${num((1 - alpha) * 100)}%`;
  let pooling: string;
  if (!pool) pooling = 'One batch: nothing to pool.';
  else {
    const slopes = `slopes p = ${p(pool.pInteraction)} ${pool.commonSlope ? '>' : '≤'} ${pool.alphaPool}`;
    const intercepts = `intercepts p = ${p(pool.pBatch)} ${pool.commonIntercept ? '>' : '≤'} ${pool.alphaPool}`;
    pooling =
      model === 'cics'
        ? `Batches ${report.batches.join(', ')} pooled (${slopes}; ${intercepts}).`
        : model === 'dics'
          ? `Common slope (${slopes}) but batch intercepts differ (${intercepts}).`
          : `Batches not pooled: slopes differ (${slopes}); each batch is fitted on its own.`;
  }
  const worst = report.worstCase[model];
  const bound = `the ${side} ${report.intervalType} ${level} confidence bound of the mean regression`;
  const where = worst.batch && model !== 'cics' ? ` (worst case batch ${worst.batch})` : '';
  const text =
    shelfLife === null
      ? `${pooling} No shelf life: ${report.reason}.`
      : `${pooling} Shelf life ${num(shelfLife, 6)} (ICH Q1E, model ${model}): ${bound} meets the specification limit ${specLimit}${where}.`;
  return {
    rule: 'stability.shelf-life',
    points: [],
    values: [],
    limits: { specLimit },
    numbers: {
      shelfLife,
      pBatch: pool?.pBatch ?? null,
      pInteraction: pool?.pInteraction ?? null,
      alphaPool: pool?.alphaPool ?? null,
      alpha,
      poiCics: report.poi.cics,
      poiDics: report.poi.dics,
      poiDidsPooledMse: report.poi['dids.pmse'],
      poiDids: report.poi.dids,
      worstCaseIntercept: worst.intercept,
    },
    text,
  };
}
