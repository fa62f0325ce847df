// Builds a TestSpecification from LIMS limits. Where a LIMS has only one range plus
// "shoulders" (SENAITE warn_min/warn_max), the convention is: the inner range is the
// release band, the shoulders are the specification limits (review between, hold beyond).
import type { DispositionBand, TestSpecification } from '../../../domain/types';

export interface LimsLimits {
  id: string;
  version: string;
  productId: string;
  test: string;
  keyword: string;
  unit: string;
  kind: 'numeric' | 'text';
  decimals: number;
  method: string;
  /** Acceptance range (SENAITE min/max). */
  min?: number;
  max?: number;
  /** Shoulders (SENAITE warn_min/warn_max), when the LIMS expresses review bands with them. */
  warnMin?: number;
  warnMax?: number;
  loq?: number;
}

const fmt = (n: number, decimals: number) => n.toFixed(decimals);

export function specFromLimits(limits: LimsLimits): TestSpecification {
  const { min, max, warnMin, warnMax, decimals, unit } = limits;
  const banded = (warnMin !== undefined && min !== undefined) || (warnMax !== undefined && max !== undefined);
  const lsl = banded ? (warnMin ?? min) : min;
  const usl = banded ? (warnMax ?? max) : max;
  const spec: TestSpecification = {
    id: limits.id, version: limits.version, productId: limits.productId, test: limits.test, keyword: limits.keyword, unit, kind: limits.kind, decimals, method: limits.method,
    ...(lsl !== undefined ? { lsl } : {}), ...(usl !== undefined ? { usl } : {}), ...(limits.loq !== undefined && limits.loq > 0 ? { loq: limits.loq } : {}),
  };
  if (!banded) return spec;
  const u = unit ? ` ${unit}` : '';
  const bands: DispositionBand[] = [{ ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), disposition: 'release', label: `${min !== undefined ? fmt(min, decimals) : '…'}–${max !== undefined ? fmt(max, decimals) : '…'}${u}: release` }];
  if (warnMin !== undefined && min !== undefined) {
    bands.push({ min: warnMin, max: min, disposition: 'review', label: `${fmt(warnMin, decimals)}–${fmt(min, decimals)}${u}: review` });
    bands.push({ max: warnMin, disposition: 'hold', label: `below ${fmt(warnMin, decimals)}${u}: hold` });
  }
  if (warnMax !== undefined && max !== undefined) {
    bands.push({ min: max, max: warnMax, disposition: 'review', label: `${fmt(max, decimals)}–${fmt(warnMax, decimals)}${u}: review` });
    bands.push({ min: warnMax, disposition: 'hold', label: `above ${fmt(warnMax, decimals)}${u}: hold` });
  }
  return { ...spec, bands };
}
