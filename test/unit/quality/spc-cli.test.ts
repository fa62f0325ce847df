// `qloop spc`: reference values through runSpc (CSV and JSON), clear errors, and the commander wiring.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { readColumn, registerSpcCommand, runSpc } from '../../../server/cli/spc';
import { QloopError } from '../../../server/errors';

const referenceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..', '..', 'shared', 'reference');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (name: string): any => JSON.parse(readFileSync(path.join(referenceDir, name), 'utf8'));
const close = (a: number | null, b: number, what: string) => assert.ok(a !== null && Math.abs(a - b) <= 1e-6 * Math.abs(b), `${what}: ${a} vs ${b}`);

const pistonrings = load('pistonrings_xbar_r.json');
const pistonCsv = ['sample,diameter', ...pistonrings.input.subgroups.flatMap((s: { sample: number; values: number[] }) => s.values.map((v) => `${s.sample},${v}`))].join('\r\n');
const crosscheck = load('imr_nelson_statprocon_crosscheck.json');
const crosscheckJson = JSON.stringify(crosscheck.input.values.map((x: number, i: number) => ({ id: `S-${i}`, assay: x })));

describe('runSpc', () => {
  it('Xbar-R on pistonrings (CSV, subgroups of 5, baseline 25) matches qcc', () => {
    const report = runSpc({ input: 'p.csv', column: 'diameter', chart: 'xbar-r', subgroup: 5, baseline: 25, rules: 'we' }, pistonCsv, 'p.csv');
    const xbar = pistonrings.expected.xbar;
    close(report.center, xbar.center, 'centre');
    close(report.sigma, pistonrings.expected.sigma, 'sigma');
    close(report.lcl, xbar.LCL, 'LCL');
    close(report.ucl, xbar.UCL, 'UCL');
    close(report.spread.ucl, pistonrings.expected.R.UCL, 'R UCL');
    assert.equal(report.points, 40);
    assert.equal(report.baseline, 25);
    assert.deepEqual(report.outOfLimits.chart, [36, 37, 38]);
    assert.ok(report.violations.some((v) => v.rule === 'we1' && v.index === 36 && v.text.startsWith('WE1: 74.0166 above')));
    assert.deepEqual(report.capability, { cp: null, cpk: null, pp: null, ppk: null, cpkInterval: null, ppkInterval: null, n: 125, warnings: ['no --lsl or --usl given: capability not computed'] });
  });

  it('Xbar-S is chosen explicitly; --subgroup alone means Xbar-R', () => {
    const s = runSpc({ input: 'p.csv', column: 'diameter', chart: 'xbar-s', subgroup: '5', baseline: '25' }, pistonCsv, 'p.csv');
    close(s.sigma, load('pistonrings_xbar_s.json').expected.sigma, 'S sigma');
    assert.equal(s.spread.chart, 's');
    assert.equal(runSpc({ input: 'p.csv', column: 'diameter', subgroup: 5 }, pistonCsv, 'p.csv').chart, 'xbar-r');
  });

  it('I-MR on JSON rows reproduces qcc limits and the Nelson flags, both conventions', () => {
    const qcc = crosscheck.expected.qcc;
    const nelson = crosscheck.expected.rules.nelson;
    for (const flag of ['completing', 'all'] as const) {
      const report = runSpc({ input: 'x.json', column: 'assay', rules: 'nelson', flag }, crosscheckJson, 'x.json');
      close(report.center, qcc.center, 'centre');
      close(report.sigma, qcc.sigma, 'sigma');
      close(report.lcl, qcc.LCL, 'LCL');
      close(report.ucl, qcc.UCL, 'UCL');
      close(report.spread.ucl, qcc.MR_UCL, 'MR UCL');
      const key = flag === 'completing' ? 'flag_completing_point' : 'flag_all_points_in_run';
      for (const n of [1, 2, 6]) {
        assert.deepEqual(report.violations.filter((v) => v.rule === `nelson${n}`).map((v) => v.index), nelson[`N${n}`][key].qcc, `N${n} ${flag}`);
      }
      assert.ok(report.violations.every((v) => v.text.length > 0));
    }
  });

  it('capability uses the chart sigma and matches the reference (TEP XMEAS(9), 120.3-120.5)', () => {
    const fixture = load('capability_tep_xmeas09.json');
    const json = JSON.stringify({ xmeas9: fixture.input.values });
    const report = runSpc({ input: 't.json', column: 'xmeas9', lsl: fixture.input.LSL, usl: fixture.input.USL }, json, 't.json');
    const e = fixture.expected;
    close(report.capability.cp, e.Cp, 'Cp');
    close(report.capability.cpk, e.Cpk, 'Cpk');
    close(report.capability.pp, e.Pp, 'Pp');
    close(report.capability.ppk, e.Ppk, 'Ppk');
    close(report.capability.cpkInterval?.[0] ?? null, e.Cpk_bissell_95ci[0], 'Cpk CI low');
  });

  it('the Rspc variant flags the start-of-series 2-of-3', () => {
    const values = load('rules_edge_cases.json').input.cases.rspc_start_2of3.values as number[];
    const csv = ['x', ...values].join('\n');
    // Limits from the data would move; the point is the variant switch, so compare qcc and rspc on the same file.
    const qcc = runSpc({ input: 'e.csv', column: 'x', rules: 'we2', variant: 'qcc' }, csv, 'e.csv');
    const rspc = runSpc({ input: 'e.csv', column: 'x', rules: 'we2', variant: 'rspc' }, csv, 'e.csv');
    assert.equal(qcc.violations.filter((v) => v.index === 1).length, 0);
    assert.equal(rspc.variant, 'rspc');
    assert.ok(rspc.violations.length >= qcc.violations.length);
  });
});

describe('input errors name the problem', () => {
  const fails = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (err: unknown) => err instanceof QloopError && pattern.test(`${err.message} ${err.details.map((d) => `${d.path}: ${d.message}`).join(' ')}`));
  it('missing column lists the columns found', () => {
    fails(() => readColumn('a,b\n1,2\n3,4', 'f.csv', 'c'), /f\.csv: column "c" not found; the header has: a, b/);
    fails(() => readColumn('[{"a":1},{"a":2}]', 'f.json', 'c'), /column "c" not found; columns: a/);
  });
  it('non-numeric and empty cells give the line', () => {
    fails(() => readColumn('a\n1\nND\n3', 'f.csv', 'a'), /f\.csv line 3: column "a" holds "ND", which is not a number/);
    fails(() => readColumn('a;b\n1;2\n1,5;3', 'f.csv', 'a'), /line 3: column "a" holds "1,5".*decimal separator/);
    fails(() => readColumn('a,b\n1,2\n\n,4', 'f.csv', 'a'), /f\.csv line 4: column "a" is empty/);
    fails(() => readColumn('{"a":[1,"x"]}', 'f.json', 'a'), /a\[1\]: column "a" holds "x"/);
  });
  it('bad files', () => {
    fails(() => readColumn('', 'f.csv', 'a'), /f\.csv is empty/);
    fails(() => readColumn('{"a": [1,', 'f.json', 'a'), /f\.json is not valid JSON/);
    fails(() => readColumn('a\n"1\n2', 'f.csv', 'a'), /unterminated quoted field starting on line 2/);
    fails(() => readColumn('a\n1', 'f.csv', 'a'), /has 1 value\(s\); a chart needs at least 2/);
    fails(() => readColumn('[1,2]', 'f.json', 'a'), /item \[0\] is not an object/);
  });
  it('reads quoted CSV, tabs, BOM and numeric strings in JSON', () => {
    assert.deepEqual(readColumn('\uFEFF"lot","pH"\n"L-1, a","7.1"\n"L-2",7.3\n', 'f.csv', 'ph'), [7.1, 7.3]);
    assert.deepEqual(readColumn('lot\tpH\nL1\t7\nL2\t8', 'f.tsv', 'pH'), [7, 8]);
    assert.deepEqual(readColumn('[{"pH":"7.10"},{"pH":6.9}]', 'data', 'pH'), [7.1, 6.9]);
  });
  it('bad options', () => {
    fails(() => runSpc({ input: 'f', column: 'a', chart: 'xbar-r' }, 'a\n1\n2', 'f.csv'), /--chart xbar-r needs --subgroup N/);
    fails(() => runSpc({ input: 'f', column: 'a', chart: 'imr', subgroup: 4 }, 'a\n1\n2', 'f.csv'), /imr charts single values/);
    fails(() => runSpc({ input: 'f', column: 'a', rules: 'we7' }, 'a\n1\n2', 'f.csv'), /--rules: unknown rule "we7"/);
    fails(() => runSpc({ input: 'f', column: 'a', flag: 'every' as 'all' }, 'a\n1\n2', 'f.csv'), /invalid option --flag: /);
    fails(() => runSpc({ input: 'f', column: 'a', subgroup: 'five' }, 'a\n1\n2', 'f.csv'), /invalid option --subgroup: /);
    fails(() => runSpc({ input: 'f', column: 'a', lsl: 5, usl: 1 }, 'a\n1\n2', 'f.csv'), /--lsl 5 must be below --usl 1/);
    fails(() => runSpc({ input: 'f', column: 'a', chart: 'xbar-r', subgroup: 5 }, 'a\n1\n2', 'f.csv'), /do not make one subgroup of 5/);
  });
});

describe('qloop spc through commander', () => {
  async function run(args: string[]): Promise<{ out: string; error?: unknown }> {
    const program = new Command('qloop').exitOverride().configureOutput({ writeErr: () => {} });
    registerSpcCommand(program);
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => { out += chunk; return true; }) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'qloop', 'spc', ...args]);
      return { out };
    } catch (error) {
      return { out, error };
    } finally {
      process.stdout.write = write;
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qloop-spc-'));
  const file = path.join(dir, 'pistonrings.csv');
  writeFileSync(file, pistonCsv);

  it('prints one JSON object', async () => {
    const { out, error } = await run(['--input', file, '--column', 'diameter', '--chart', 'xbar-r', '--subgroup', '5', '--baseline', '25', '--rules', 'we1,we4', '--usl', '74.05', '--lsl', '73.95']);
    assert.equal(error, undefined);
    const report = JSON.parse(out);
    for (const key of ['center', 'sigma', 'lcl', 'ucl', 'violations', 'capability']) assert.ok(key in report, key);
    assert.deepEqual(report.rules, ['we1', 'we4']);
    assert.deepEqual(report.violations.map((v: { rule: string; index: number }) => `${v.rule}@${v.index}`), ['we1@36', 'we1@37', 'we1@38']);
    close(report.capability.cp, (74.05 - 73.95) / (6 * pistonrings.expected.sigma), 'Cp');
  });
  it('a missing file is a NOT_FOUND error naming it', async () => {
    const { error } = await run(['--input', path.join(dir, 'nope.csv'), '--column', 'x']);
    assert.ok(error instanceof QloopError && error.code === 'NOT_FOUND' && /nope\.csv: ENOENT/.test(error.message));
  });
  it('a missing --column is refused by commander', async () => {
    const { error } = await run(['--input', file]);
    assert.ok(error instanceof Error && /required option '--column <name>' not specified/.test(error.message));
    rmSync(dir, { recursive: true, force: true });
  });
});
