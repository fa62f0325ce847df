// Shewhart control-chart constants for subgroup sizes 2..25 (d2, d3, c4 and the derived A2, A3, B3, B4, D3, D4).
// d2 and d3 are qcc 3.0's tables (exp.R.unscaled, se.R.unscaled) so limits match qcc to the digit;
// c4 is exact; the letter factors are derived from them rather than taken from rounded textbook tables.

export const MIN_SUBGROUP_SIZE = 2;
export const MAX_SUBGROUP_SIZE = 25;

// Expected relative range E(R/σ) for n = 2..25 (qcc `exp.R.unscaled`).
const D2_TABLE = [
  1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.97, 3.078, 3.173, 3.258, 3.336, 3.407, 3.472, 3.532, 3.588, 3.64,
  3.689, 3.735, 3.778, 3.819, 3.858, 3.895, 3.931,
] as const;

// Standard deviation of the relative range sd(R/σ) for n = 2..25 (qcc `se.R.unscaled`).
const D3_TABLE = [
  0.8525033, 0.8883697, 0.8798108, 0.8640855, 0.8480442, 0.8332108, 0.8198378, 0.8078413, 0.7970584, 0.787323,
  0.7784873, 0.7704257, 0.763033, 0.7562217, 0.7499188, 0.7440627, 0.7386021, 0.7334929, 0.728698, 0.7241851,
  0.7199267, 0.7158987, 0.7120802, 0.7084528,
] as const;

function checkSize(n: number): void {
  if (!Number.isInteger(n) || n < MIN_SUBGROUP_SIZE || n > MAX_SUBGROUP_SIZE) {
    throw new RangeError(`subgroup size must be an integer from ${MIN_SUBGROUP_SIZE} to ${MAX_SUBGROUP_SIZE}, got ${n}`);
  }
}

export function d2(n: number): number {
  checkSize(n);
  return D2_TABLE[n - MIN_SUBGROUP_SIZE] as number;
}

export function d3(n: number): number {
  checkSize(n);
  return D3_TABLE[n - MIN_SUBGROUP_SIZE] as number;
}

/**
 * c4(n) = sqrt(2/(n-1)) · Γ(n/2) / Γ((n-1)/2), the bias of the sample sd. Valid for any n ≥ 2 (the
 * RMSDF estimator needs large n). The gamma ratio r(n) follows r(n+2) = r(n)·n/(n-1) from
 * r(2) = 1/√π and r(3) = √π/2, which is exact and needs no log-gamma.
 */
export function c4(n: number): number {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`c4 needs an integer n >= 2, got ${n}`);
  let ratio = n % 2 === 0 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
  for (let m = n % 2 === 0 ? 2 : 3; m < n; m += 2) ratio *= m / (m - 1);
  return Math.sqrt(2 / (n - 1)) * ratio;
}

/** Xbar-R: Xbar limits = grand mean ± A2·Rbar. */
export function a2(n: number): number {
  return 3 / (d2(n) * Math.sqrt(n));
}

/** Xbar-S: Xbar limits = grand mean ± A3·Sbar. */
export function a3(n: number): number {
  checkSize(n);
  return 3 / (c4(n) * Math.sqrt(n));
}

/** S chart lower limit factor, truncated at 0 as qcc and the tables do. */
export function b3(n: number): number {
  checkSize(n);
  const c = c4(n);
  return Math.max(0, 1 - (3 * Math.sqrt(1 - c * c)) / c);
}

export function b4(n: number): number {
  checkSize(n);
  const c = c4(n);
  return 1 + (3 * Math.sqrt(1 - c * c)) / c;
}

/** R chart lower limit factor, truncated at 0. */
export function d3Factor(n: number): number {
  return Math.max(0, 1 - (3 * d3(n)) / d2(n));
}

/** R chart upper limit factor D4; D4(2) = 3.267296 with qcc's d2/d3 (textbooks round it to 3.267). */
export function d4Factor(n: number): number {
  return 1 + (3 * d3(n)) / d2(n);
}

/** Every constant for one subgroup size, for docs, the CLI and audit records. */
export function chartConstants(n: number) {
  return { n, d2: d2(n), d3: d3(n), c4: c4(n), A2: a2(n), A3: a3(n), B3: b3(n), B4: b4(n), D3: d3Factor(n), D4: d4Factor(n) };
}
