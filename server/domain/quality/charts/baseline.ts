// Which points form a chart's phase I baseline, shared by every chart type.

export interface BaselineOptions {
  /** First `baseline` points (a count), or an explicit [start, end) range; default all points. */
  baseline?: number | { start: number; end: number };
  /** Baseline indices to leave out of the estimate (assignable causes found in phase I). */
  exclude?: readonly number[];
  /** Sigma multiple L of the limits; default 3. */
  nsigmas?: number;
}

export function baselineRange(length: number, options: BaselineOptions): { start: number; end: number } {
  const chosen = options.baseline ?? length;
  const { start, end } = typeof chosen === 'number' ? { start: 0, end: chosen } : chosen;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length || end <= start) {
    throw new RangeError(`baseline [${start}, ${end}) does not fit a series of ${length} points`);
  }
  return { start, end };
}
