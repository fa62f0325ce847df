// Benchmark: one new result against a 10,000-point history with every run rule and the OOT check on,
// as the result watcher calls it (phase I limits prepared once). Run: node --import tsx bench/quality.bench.ts
import { performance } from 'node:perf_hooks';
import type { TestSpecification } from '../server/domain/types';
import { evaluateResult } from '../server/domain/quality/evaluate';
import type { EvaluateOptions, ResultHistory } from '../server/domain/quality/evaluate';
import { prepareSpcBaseline } from '../server/domain/quality/charts/monitor';
import { evaluateSpec } from '../server/domain/quality/spec';

const HISTORY = 10_000;
const RUNS = Number(process.argv[2] ?? 3000);
const WARMUP = 500;

// Deterministic normal results (mulberry32 + Box-Muller) around 100 with sd 0.5.
function normals(n: number, seed: number): number[] {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => 100 + 0.5 * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()));
}

const spec: TestSpecification = {
  id: 'BENCH-ASSAY', version: '1', productId: 'P', test: 'Assay', keyword: 'assay', unit: '%', kind: 'numeric',
  lsl: 95, usl: 105, decimals: 1, method: 'HPLC',
  spc: { chart: 'imr', subgroupSize: 1, rules: ['all'], baseline: 100 },
};
const wideSpec: TestSpecification = { ...spec, spc: { ...spec.spc!, baseline: HISTORY } };
const values = normals(HISTORY, 42);
const history: ResultHistory = { values, labels: values.map((_, i) => `LOT-${i + 1}`) };
const newResults = normals(RUNS + WARMUP, 7).map((v) => v.toFixed(2));

function measure(label: string, run: (reported: string) => unknown): { label: string; median: number; p95: number; mean: number; runs: number } {
  for (let i = 0; i < WARMUP; i++) run(newResults[i] as string);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const reported = newResults[WARMUP + i] as string;
    const start = performance.now();
    run(reported);
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  return { label, median: at(0.5), p95: at(0.95), mean: times.reduce((s, t) => s + t, 0) / times.length, runs: RUNS };
}

const spcBaseline = prepareSpcBaseline(spec.spc!, values);
const watcher: EvaluateOptions = { spcBaseline, oot: { window: 30, confidence: 0.95 } };
const rows = [
  measure('evaluateResult, limits prepared once (watcher path)', (r) => evaluateResult(spec, { reported: r, label: 'LOT-NEW' }, history, watcher)),
  measure('evaluateResult, 100-point phase I recomputed per call', (r) => evaluateResult(spec, { reported: r }, history, { oot: { window: 30 } })),
  measure('evaluateResult, 10,000-point phase I recomputed per call', (r) => evaluateResult(wideSpec, { reported: r }, history)),
  measure('  of which: spec verdict only', (r) => evaluateSpec(spec, r)),
  measure('  of which: SPC only (no OOT)', (r) => evaluateResult(spec, { reported: r }, history, { spcBaseline, oot: false })),
];

const ms = (x: number) => x.toFixed(4).padStart(9);
console.log(`quality engine: one new result vs a ${HISTORY.toLocaleString('en')}-point history, 12 rules (WE 1-4, Nelson 1-8) + regression OOT`);
console.log(`${RUNS} timed runs after ${WARMUP} warm-up runs; node ${process.version}\n`);
console.log(`${'case'.padEnd(58)} ${'median ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'mean ms'.padStart(9)}`);
for (const row of rows) console.log(`${row.label.padEnd(58)} ${ms(row.median)} ${ms(row.p95)} ${ms(row.mean)}`);
const main = rows[0]!;
const target = 1;
console.log(`\ntarget: median <= ${target} ms on the watcher path: ${main.median <= target ? 'met' : 'NOT met'}`);
console.log(JSON.stringify({
  bench: 'quality.evaluate-one-result', history: HISTORY, rules: 12, oot: true, runs: RUNS,
  medianMs: Number(main.median.toFixed(4)), p95Ms: Number(main.p95.toFixed(4)), meanMs: Number(main.mean.toFixed(4)), targetMs: target, met: main.median <= target,
  cases: rows.map((r) => ({ case: r.label.trim(), medianMs: Number(r.median.toFixed(4)), p95Ms: Number(r.p95.toFixed(4)) })),
}));
