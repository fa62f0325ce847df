// Descriptive statistics shared by the quality engine. Sample variance uses n - 1.

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty series');
  return sum(values) / values.length;
}

export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) throw new RangeError('sample variance needs at least 2 values');
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return ss / (values.length - 1);
}

export function sampleSd(values: readonly number[]): number {
  return Math.sqrt(sampleVariance(values));
}
