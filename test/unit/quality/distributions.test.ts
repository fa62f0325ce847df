// Hand-written distributions against SciPy 1.17.1 (scipy.stats norm/t/f/chi2; values copied below) and R.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as dist from '../../../server/domain/quality/distributions';
import { betaRegularized, gammaP, gammaQ, logBeta, logGamma } from '../../../server/domain/quality/special-functions';
import { assertClose } from './quality-reference';

type Case = [keyof typeof dist, number[], number];

// Reference values from SciPy 1.17.1 (scipy.stats.<dist>.cdf/.sf/.ppf).
const SCIPY: Case[] = [
  ['normalCdf', [-20], 2.7536241186061556e-89],
  ['normalCdf', [-8.5], 9.47953482220325e-18],
  ['normalCdf', [-3], 0.0013498980316300933],
  ['normalCdf', [-1.96], 0.024997895148220435],
  ['normalCdf', [0], 0.5],
  ['normalCdf', [0.5], 0.6914624612740131],
  ['normalCdf', [2.5], 0.9937903346742238],
  ['normalUpperTail', [8.3], 5.2055697448902465e-17],
  ['normalQuantile', [1e-20], -9.262340089798409],
  ['normalQuantile', [1e-5], -4.264890793922825],
  ['normalQuantile', [0.001], -3.090232306167813],
  ['normalQuantile', [0.025], -1.9599639845400545],
  ['normalQuantile', [0.3], -0.5244005127080409],
  ['normalQuantile', [0.975], 1.959963984540054],
  ['normalQuantile', [0.999999], 4.753424308817087],
  ['studentTCdf', [-2.7, 1], 0.11290631572034966],
  ['studentTCdf', [-2.7, 3], 0.03689301892003029],
  ['studentTCdf', [1.3, 4.5], 0.871901956027983],
  ['studentTCdf', [2.0, 9], 0.9617235881146495],
  ['studentTCdf', [-5, 30], 1.16483427335039e-5],
  ['studentTCdf', [0.7, 958], 0.7579513748166364],
  ['studentTQuantile', [0.975, 1], 12.706204736174694],
  ['studentTQuantile', [0.975, 2], 4.302652729749462],
  ['studentTQuantile', [0.975, 7], 2.364624251592784],
  ['studentTQuantile', [0.975, 9], 2.262157162798205],
  ['studentTQuantile', [0.95, 3], 2.3533634348018233],
  ['studentTQuantile', [0.95, 27], 1.7032884457221265],
  ['studentTQuantile', [0.995, 100], 2.6258905214380173],
  ['studentTQuantile', [1e-8, 5], -62.4045061109673],
  ['studentTQuantile', [0.95, 958], 1.6464457487528605],
  ['fUpperTail', [0.436, 2, 25], 0.6514409818780663],
  ['fUpperTail', [72.12, 2, 18], 2.5470126799888763e-9],
  ['fUpperTail', [0.5, 5, 5], 0.7674886808696212],
  ['fUpperTail', [3.2, 1, 1000], 0.07394086785937207],
  ['fCdf', [0.436, 2, 25], 0.3485590181219337],
  ['fCdf', [2.5, 3, 40], 0.9267456479820502],
  ['chiSquareCdf', [3.0, 1], 0.9167354833364496],
  ['chiSquareCdf', [874.0, 959], 0.023515228152328562],
  ['chiSquareCdf', [12.0, 9], 0.7866906949165835],
  ['chiSquareQuantile', [0.025, 959], 875.0731437481423],
  ['chiSquareQuantile', [0.975, 959], 1046.714899500323],
  ['chiSquareQuantile', [0.05, 9], 3.325112843066815],
  ['chiSquareQuantile', [0.95, 1], 3.841458820694124],
  ['chiSquareQuantile', [1e-6, 3], 0.00024181048720124264],
  ['chiSquareQuantile', [0.5, 0.5], 0.0873476047057468],
];

describe('distributions agree with SciPy to 1e-10 relative', () => {
  for (const [name, args, expected] of SCIPY) {
    it(`${name}(${args.join(', ')}) = ${expected}`, () => {
      const fn = dist[name] as (...a: number[]) => number;
      assertClose(fn(...args), expected, 1e-10, name);
    });
  }
});

describe('distributions agree with the R values quoted in the fixtures', () => {
  it('qnorm(0.975) = 1.9599639845400536 and qt(0.975, 9) = 2.262157162798205', () => {
    assertClose(dist.normalQuantile(0.975), 1.9599639845400536, 1e-14, 'qnorm');
    assertClose(dist.studentTQuantile(0.975, 9), 2.262157162798205, 1e-13, 'qt');
  });
});

describe('special functions', () => {
  it('logGamma on integers and halves', () => {
    assertClose(logGamma(1), 0, 1e-15, 'lgamma(1)');
    assertClose(logGamma(10), Math.log(362880), 1e-14, 'lgamma(10)');
    assertClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, 'lgamma(0.5)');
    assertClose(logGamma(171), 706.5730622457874, 1e-14, 'lgamma(171)');
  });
  it('logBeta keeps its digits for large arguments (B(a, b) = Γ(a)Γ(b)/Γ(a+b))', () => {
    assertClose(logBeta(2, 3), Math.log(1 / 12), 1e-14, 'B(2,3)');
    assertClose(logBeta(479, 0.5), logGamma(479) + logGamma(0.5) - logGamma(479.5), 1e-12, 'B(479, 0.5)');
    assertClose(logBeta(50, 60), logGamma(50) + logGamma(60) - logGamma(110), 1e-12, 'B(50, 60)');
  });
  it('P + Q = 1 and the beta symmetry I_x(a,b) = 1 - I_{1-x}(b,a)', () => {
    for (const [a, x] of [[0.5, 0.1], [3, 2], [30, 45], [479.5, 437]] as const) assertClose(gammaP(a, x) + gammaQ(a, x), 1, 1e-14, 'P+Q');
    for (const [x, a, b] of [[0.3, 2, 5], [0.9, 0.5, 10], [0.5, 100, 120]] as const) {
      assertClose(betaRegularized(x, a, b), 1 - betaRegularized(1 - x, b, a), 1e-13, 'beta symmetry');
    }
  });
});

describe('quantiles invert their CDFs', () => {
  it('normal, t and chi-square round trips', () => {
    for (const p of [1e-12, 0.001, 0.05, 0.5, 0.9, 0.999]) {
      assertClose(dist.normalCdf(dist.normalQuantile(p)), p, 1e-12, `normal ${p}`);
      for (const df of [1, 3, 12, 250]) {
        assertClose(dist.studentTCdf(dist.studentTQuantile(p, df), df), p, 1e-11, `t ${p} ${df}`);
        assertClose(dist.chiSquareCdf(dist.chiSquareQuantile(p, df), df), p, 1e-11, `chisq ${p} ${df}`);
      }
    }
  });
  it('t is symmetric and tends to the normal', () => {
    assertClose(dist.studentTQuantile(0.025, 7), -dist.studentTQuantile(0.975, 7), 1e-13, 'symmetry');
    assertClose(dist.studentTQuantile(0.975, 1e7), dist.normalQuantile(0.975), 1e-6, 't -> z');
  });
  it('rejects probabilities outside (0, 1)', () => {
    assert.throws(() => dist.studentTQuantile(1, 5), RangeError);
    assert.throws(() => dist.chiSquareQuantile(0, 5), RangeError);
    assert.throws(() => dist.normalQuantile(1.5), RangeError);
  });
});
