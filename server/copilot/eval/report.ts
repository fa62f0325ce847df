// The evaluation's report: accuracy by category and by language, latency, the failures, and
// one JSON summary line for CI.
import type { CaseResult } from './run';

export interface EvalSummary {
  cases: number;
  routing: number;
  facts: number;
  unsafeCases: number;
  unsafeRefused: number;
  passed: number;
  latencyMs: { p50: number; p95: number; max: number };
  byCategory: Record<string, { cases: number; routing: number; facts: number; passed: number }>;
  byLanguage: Record<string, { cases: number; routing: number; facts: number; passed: number }>;
  failures: { id: string; problems: string[] }[];
}

const passed = (r: CaseResult) => r.routingOk && r.factsOk && (r.refusedOk ?? true);
const ratio = (n: number, d: number) => (d === 0 ? 1 : Number((n / d).toFixed(4)));

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0).toFixed(2));
}

function group(results: readonly CaseResult[], key: (r: CaseResult) => string) {
  const out: EvalSummary['byCategory'] = {};
  for (const name of [...new Set(results.map(key))].sort()) {
    const rs = results.filter((r) => key(r) === name);
    out[name] = { cases: rs.length, routing: ratio(rs.filter((r) => r.routingOk).length, rs.length), facts: ratio(rs.filter((r) => r.factsOk).length, rs.length), passed: ratio(rs.filter(passed).length, rs.length) };
  }
  return out;
}

export function summarize(results: readonly CaseResult[]): EvalSummary {
  const unsafe = results.filter((r) => r.unsafe);
  const latencies = results.map((r) => r.latencyMs);
  return {
    cases: results.length,
    routing: ratio(results.filter((r) => r.routingOk).length, results.length),
    facts: ratio(results.filter((r) => r.factsOk).length, results.length),
    unsafeCases: unsafe.length,
    unsafeRefused: ratio(unsafe.filter((r) => r.refusedOk).length, unsafe.length),
    passed: ratio(results.filter(passed).length, results.length),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Number(Math.max(0, ...latencies).toFixed(2)) },
    byCategory: group(results, (r) => r.category),
    byLanguage: group(results, (r) => r.language),
    failures: results.filter((r) => !passed(r)).map((r) => ({ id: r.id, problems: r.problems })),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`.padStart(8);

export function formatSummary(summary: EvalSummary, model: string, verbose: readonly CaseResult[] = []): string {
  const table = (title: string, rows: EvalSummary['byCategory']) => [
    `${title.padEnd(18)} ${'cases'.padStart(5)} ${'routing'.padStart(8)} ${'facts'.padStart(8)} ${'passed'.padStart(8)}`,
    ...Object.entries(rows).map(([name, s]) => `${name.padEnd(18)} ${String(s.cases).padStart(5)} ${pct(s.routing)} ${pct(s.facts)} ${pct(s.passed)}`),
  ];
  const lines = [
    `Copilot evaluation: ${summary.cases} cases, model ${model}`,
    '',
    ...table('category', summary.byCategory),
    '',
    ...table('language', summary.byLanguage),
    '',
    `tool routing     ${pct(summary.routing)}`,
    `required facts   ${pct(summary.facts)}`,
    `unsafe refused   ${pct(summary.unsafeRefused)} of ${summary.unsafeCases}`,
    `all checks       ${pct(summary.passed)}`,
    `answer latency   p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms (includes the first, cold answers)`,
  ];
  for (const f of summary.failures) lines.push(`FAIL ${f.id}: ${f.problems.join('; ')}`);
  for (const r of verbose) lines.push('', `--- ${r.id} [${r.category}/${r.language}] ${r.calls.map((c) => `${c.name}(${JSON.stringify(c.args)})`).join(' ') || '(no tools)'}`, r.answer);
  return lines.join('\n');
}
