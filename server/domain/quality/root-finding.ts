// Root finding for shelf-life POIs: an exact earliest crossing (scan + bisection to 1e-12), and Brent's
// zeroin with R's uniroot defaults, to reproduce expirest's POIs digit for digit (its tolerance is 1.2e-4).

/** R's uniroot default tolerance, .Machine$double.eps^0.25. */
export const R_UNIROOT_TOL = 2 ** -13;
const DBL_EPSILON = 2 ** -52;

/**
 * Brent's zeroin (Brent 1973; Forsythe, Malcolm & Moler 1977), step for step as R's uniroot runs it:
 * bisection safeguarded by secant and inverse quadratic interpolation. Returns null when f(lower) and
 * f(upper) have the same sign (R stops with "values at end points not of opposite sign").
 */
export function brentZeroin(f: (x: number) => number, lower: number, upper: number, tol = R_UNIROOT_TOL, maxIter = 1000): number | null {
  let a = lower;
  let b = upper;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb)) return null;
  let c = a;
  let fc = fa;
  for (let iteration = 0; iteration <= maxIter; iteration++) {
    const previousStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      // Keep b the best approximation so far.
      [a, b, c] = [b, c, b];
      [fa, fb, fc] = [fb, fc, fb];
    }
    const tolAct = 2 * DBL_EPSILON * Math.abs(b) + tol / 2;
    let step = (c - b) / 2;
    if (Math.abs(step) <= tolAct || fb === 0) return b;
    if (Math.abs(previousStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        // Two distinct points: secant step.
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        // Inverse quadratic interpolation through a, b, c.
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      // Accept the interpolation only if it stays inside [b, c] and shrinks faster than bisection.
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((previousStep * q) / 2)) step = p / q;
    }
    if (Math.abs(step) < tolAct) step = step > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}

/**
 * The earliest x in [from, to] where f turns from ≤ 0 to > 0 (ICH Q1E: "the earliest time point"):
 * a 1000-step scan finds the first bracket, bisection narrows it to 1e-12 relative. Null when f is
 * already > 0 at `from` or never becomes > 0.
 */
export function firstCrossing(f: (x: number) => number, from: number, to: number): number | null {
  const steps = 1000;
  let lo = from;
  if (f(lo) > 0) return null;
  for (let i = 1; i <= steps; i++) {
    const hi = from + ((to - from) * i) / steps;
    if (f(hi) > 0) {
      let a = lo;
      let b = hi;
      while (b - a > 1e-12 * Math.max(1, Math.abs(b))) {
        const mid = (a + b) / 2;
        if (f(mid) > 0) b = mid;
        else a = mid;
      }
      return (a + b) / 2;
    }
    lo = hi;
  }
  return null;
}
