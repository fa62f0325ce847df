// Two-sided normal tolerance factors k (x̄ ± k·s covers `coverage` of the population with `confidence`):
// Howe (1969) closed form by default, and the exact factor (Odeh/Owen integral) for audits and tables.
import { chiSquareQuantile, chiSquareUpperTail, normalCdf, normalPdf, normalQuantile } from './distributions';

export type ToleranceMethod = 'howe' | 'exact';

function check(n: number, coverage: number, confidence: number): void {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`a tolerance interval needs n >= 2, got ${n}`);
  if (!(coverage > 0 && coverage < 1)) throw new RangeError(`coverage must be in (0, 1), got ${coverage}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
}

/**
 * Howe's k = √( ν (1 + 1/n) z²₍₁₊P₎/₂ / χ²_{1−γ, ν} ), ν = n − 1. Within about 0.1% of the exact
 * factor for n >= 5 (it is what R tolerance::K.factor(method = "HE") returns).
 */
export function toleranceFactorHowe(n: number, coverage: number, confidence: number): number {
  check(n, coverage, confidence);
  const nu = n - 1;
  const z = normalQuantile((1 + coverage) / 2);
  return Math.sqrt((nu * (1 + 1 / n) * z * z) / chiSquareQuantile(1 - confidence, nu));
}

/**
 * The exact two-sided factor: k solves
 *   √(2n/π) ∫₀^∞ P(χ²_ν > ν·r(z)²/k²) e^(−n z²/2) dz = γ,  where Φ(z + r) − Φ(z − r) = P
 * (Odeh & Owen 1980; Krishnamoorthy & Mathew 2009, eq. 2.3.4). Integrated by Simpson's rule in
 * u = √n·z on [0, 9] (the Gaussian weight is below 3e-18 beyond), then solved for k by bisection.
 */
export function toleranceFactorExact(n: number, coverage: number, confidence: number): number {
  check(n, coverage, confidence);
  const nu = n - 1;
  const panels = 600;
  const h = 9 / panels;
  const nodes: { r2: number; weight: number }[] = [];
  for (let j = 0; j <= panels; j++) {
    const u = j * h;
    const simpson = j === 0 || j === panels ? 1 : j % 2 === 1 ? 4 : 2;
    const weight = ((simpson * h) / 3) * Math.sqrt(2 / Math.PI) * Math.exp((-u * u) / 2);
    const r = coverageRadius(u / Math.sqrt(n), coverage);
    nodes.push({ r2: r * r, weight });
  }
  const content = (k: number): number => {
    let total = 0;
    for (const node of nodes) total += node.weight * chiSquareUpperTail((nu * node.r2) / (k * k), nu);
    return total;
  };
  // content(k) rises with k; bracket around Howe's value, then bisect to 1e-12 relative.
  const start = toleranceFactorHowe(n, coverage, confidence);
  let lo = start * 0.9;
  let hi = start * 1.1;
  while (content(lo) > confidence) lo *= 0.9;
  while (content(hi) < confidence) hi *= 1.1;
  while (hi - lo > 1e-12 * hi) {
    const mid = (lo + hi) / 2;
    if (content(mid) < confidence) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The r > 0 with Φ(z + r) − Φ(z − r) = P: the half-width covering P of N(z, 1) around 0. */
function coverageRadius(z: number, coverage: number): number {
  let r = z + normalQuantile(coverage);
  if (z < 1) r = normalQuantile((1 + coverage) / 2) + z * z / 2;
  for (let i = 0; i < 50; i++) {
    const f = normalCdf(z + r) - normalCdf(z - r) - coverage;
    const step = f / (normalPdf(z + r) + normalPdf(z - r));
    r = Math.max(r - step, r / 2);
    if (Math.abs(step) < 1e-15 * r) break;
  }
  return r;
}

export function toleranceFactor(n: number, coverage: number, confidence: number, method: ToleranceMethod = 'howe'): number {
  return method === 'exact' ? toleranceFactorExact(n, coverage, confidence) : toleranceFactorHowe(n, coverage, confidence);
}
