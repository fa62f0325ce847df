// Ordinary least squares for small design matrices (the ICH Q1E stability models), solved by
// Householder QR like R's lm, with (X'X)⁻¹ for the standard error of any linear combination.

export interface LinearModel {
  coefficients: number[];
  /** (X'X)⁻¹, p × p. */
  xtxInverse: number[][];
  sse: number;
  /** Residual degrees of freedom n − p. */
  df: number;
  /** Residual standard deviation √(SSE / df). */
  sigma: number;
  n: number;
}

export function fitLinearModel(design: readonly (readonly number[])[], response: readonly number[]): LinearModel {
  const n = design.length;
  const p = design[0]?.length ?? 0;
  if (n !== response.length) throw new RangeError('design and response differ in length');
  if (p === 0 || n < p) throw new RangeError(`least squares needs at least as many rows (${n}) as columns (${p})`);
  // Householder QR on a copy: A = QR, then R·β = Qᵀy.
  const a = design.map((row) => [...row]);
  const y = [...response];
  const r: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const columnNorms = Array.from({ length: p }, (_, j) => Math.hypot(...a.map((row) => row[j] as number)));
  for (let j = 0; j < p; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += (a[i]![j] as number) ** 2;
    norm = Math.sqrt(norm);
    // What is left of a column after projecting out the earlier ones: ~0 means it adds nothing new.
    if (!(norm > 1e-10 * (columnNorms[j] as number))) throw new RangeError(`design column ${j} is linearly dependent on the others`);
    const alpha = (a[j]![j] as number) > 0 ? -norm : norm;
    const v = new Array<number>(n).fill(0);
    for (let i = j; i < n; i++) v[i] = a[i]![j] as number;
    v[j] = (v[j] as number) - alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += (v[i] as number) ** 2;
    if (vv > 0) {
      for (let c = j; c < p; c++) reflect(v, vv, j, n, (i) => a[i]![c] as number, (i, x) => (a[i]![c] = x));
      reflect(v, vv, j, n, (i) => y[i] as number, (i, x) => (y[i] = x));
    }
    for (let c = j; c < p; c++) r[j]![c] = a[j]![c] as number;
  }
  const coefficients = backSubstitute(r, y.slice(0, p));
  let sse = 0;
  for (let i = p; i < n; i++) sse += (y[i] as number) ** 2;
  const rInverse = invertUpper(r);
  // (X'X)⁻¹ = R⁻¹ R⁻ᵀ
  const xtxInverse = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let s = 0;
      for (let k = Math.max(i, j); k < p; k++) s += (rInverse[i]![k] as number) * (rInverse[j]![k] as number);
      return s;
    }),
  );
  const df = n - p;
  return { coefficients, xtxInverse, sse, df, sigma: df > 0 ? Math.sqrt(sse / df) : NaN, n };
}

function reflect(v: number[], vv: number, from: number, n: number, get: (i: number) => number, set: (i: number, x: number) => void): void {
  let dot = 0;
  for (let i = from; i < n; i++) dot += (v[i] as number) * get(i);
  const f = (2 * dot) / vv;
  for (let i = from; i < n; i++) set(i, get(i) - f * (v[i] as number));
}

function backSubstitute(r: number[][], b: number[]): number[] {
  const p = b.length;
  const x = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < p; k++) s -= (r[i]![k] as number) * (x[k] as number);
    x[i] = s / (r[i]![i] as number);
  }
  return x;
}

function invertUpper(r: number[][]): number[][] {
  const p = r.length;
  const inv = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    const e = Array.from({ length: p }, (_, i) => (i === j ? 1 : 0));
    const col = backSubstitute(r, e);
    for (let i = 0; i < p; i++) inv[i]![j] = col[i] as number;
  }
  return inv;
}

/** x'β and its standard error σ·√(x'(X'X)⁻¹x) for one design row. */
export function predictRow(model: LinearModel, row: readonly number[]): { fit: number; se: number } {
  let fit = 0;
  let q = 0;
  for (let i = 0; i < row.length; i++) {
    fit += (row[i] as number) * (model.coefficients[i] as number);
    for (let j = 0; j < row.length; j++) q += (row[i] as number) * (model.xtxInverse[i]![j] as number) * (row[j] as number);
  }
  return { fit, se: model.sigma * Math.sqrt(q) };
}
