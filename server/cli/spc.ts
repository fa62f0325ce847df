// `qloop spc`: control limits, run-rule violations and capability for one column of a CSV or JSON file.
// Prints one JSON object (format in docs/quality-engine.md); bad files, columns and cells are refused
// with the row and column named. runSpc is the pure part, testable without a shell.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { QloopError } from '../errors';
import { imrLimits, movingRanges } from '../domain/quality/charts/imr';
import { subgroupLimits, subgroupStatistics, toSubgroups } from '../domain/quality/charts/xbar';
import { outsideLimits } from '../domain/quality/charts/zones';
import type { ControlLimits } from '../domain/quality/charts/zones';
import { evaluateRules } from '../domain/quality/rules/evaluate-rules';
import { parseRuleList, ruleSettingText } from '../domain/quality/rules/parse';
import { capability } from '../domain/quality/capability';

const optionsSchema = z.object({
  input: z.string().min(1),
  column: z.string().min(1, '--column names the column to chart'),
  chart: z.enum(['imr', 'xbar-r', 'xbar-s']).optional(),
  subgroup: z.coerce.number().int().min(1).max(25).optional(),
  lsl: z.coerce.number().finite().optional(),
  usl: z.coerce.number().finite().optional(),
  rules: z.string().default('we'),
  baseline: z.coerce.number().int().min(2).optional(),
  flag: z.enum(['completing', 'all']).default('completing'),
  variant: z.enum(['qcc', 'rspc']).default('qcc'),
});
export type SpcOptions = z.input<typeof optionsSchema>;

interface LimitsJson { center: number; lcl: number; ucl: number }

export interface SpcReport {
  chart: 'imr' | 'xbar-r' | 'xbar-s';
  column: string;
  /** Values read from the column. */
  n: number;
  subgroupSize: number;
  /** Points (I-MR) or subgroups (Xbar) in the chart and in the phase I baseline. */
  points: number;
  baseline: number;
  center: number;
  sigma: number;
  lcl: number;
  ucl: number;
  /** The moving-range, range or sd chart. */
  spread: LimitsJson & { chart: 'mr' | 'r' | 's' };
  rules: string[];
  flag: 'completing' | 'all';
  variant: 'qcc' | 'rspc';
  /** Flagged points under the chosen convention; index is 0-based (a subgroup index for Xbar charts). */
  violations: { rule: string; index: number; text: string }[];
  /** Indices beyond the control limits on the main chart and on the spread chart. */
  outOfLimits: { chart: number[]; spread: number[] };
  capability: { cp: number | null; cpk: number | null; pp: number | null; ppk: number | null; cpkInterval: [number, number] | null; ppkInterval: [number, number] | null; n: number; warnings: string[] };
  warnings: string[];
}

function validated(raw: SpcOptions) {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ path: `--${issue.path.join('.')}`, message: issue.message }));
    throw new QloopError('VALIDATION', `invalid option ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }
  const o = parsed.data;
  const chart = o.chart ?? (o.subgroup !== undefined && o.subgroup > 1 ? 'xbar-r' : 'imr');
  if (chart === 'imr' && o.subgroup !== undefined && o.subgroup !== 1) {
    throw new QloopError('VALIDATION', `--chart imr charts single values; drop --subgroup ${o.subgroup} or use --chart xbar-r / xbar-s`);
  }
  if (chart !== 'imr' && (o.subgroup === undefined || o.subgroup < 2)) throw new QloopError('VALIDATION', `--chart ${chart} needs --subgroup N with N from 2 to 25`);
  if (o.lsl !== undefined && o.usl !== undefined && !(o.lsl < o.usl)) throw new QloopError('VALIDATION', `--lsl ${o.lsl} must be below --usl ${o.usl}`);
  let rules;
  try {
    rules = parseRuleList(o.rules);
  } catch (err) {
    throw new QloopError('VALIDATION', `--rules: ${(err as Error).message}`);
  }
  return { ...o, chart, subgroupSize: chart === 'imr' ? 1 : (o.subgroup as number), rules };
}

const limitsJson = (l: ControlLimits): LimitsJson => ({ center: l.center, lcl: l.lcl, ucl: l.ucl });

export function runSpc(options: SpcOptions, fileText: string, fileName: string): SpcReport {
  const o = validated(options);
  const values = readColumn(fileText, fileName, o.column);
  const warnings: string[] = [];
  let statistics: number[];
  let spreadStatistics: number[];
  let main: ControlLimits;
  let spread: ControlLimits;
  let sigma: number;
  let baselineValues: number[];
  const fail = (err: unknown): never => {
    throw new QloopError('VALIDATION', `${fileName}: ${(err as Error).message}`);
  };
  if (o.chart === 'imr') {
    statistics = values;
    spreadStatistics = movingRanges(values);
    const baseline = Math.min(o.baseline ?? values.length, values.length);
    const limits = (() => { try { return imrLimits(values, { baseline }); } catch (err) { return fail(err); } })();
    [main, spread, sigma] = [limits.individuals, limits.movingRange, limits.sigma];
    baselineValues = values.slice(0, baseline);
  } else {
    const { subgroups, leftover } = toSubgroups(values, o.subgroupSize);
    if (leftover.length) warnings.push(`the last ${leftover.length} value(s) do not fill a subgroup of ${o.subgroupSize} and were left out`);
    if (subgroups.length === 0) fail(new Error(`${values.length} value(s) do not make one subgroup of ${o.subgroupSize}`));
    const stats = subgroupStatistics(subgroups);
    statistics = stats.means;
    spreadStatistics = o.chart === 'xbar-r' ? stats.ranges : stats.sds;
    const baseline = Math.min(o.baseline ?? subgroups.length, subgroups.length);
    const limits = (() => { try { return subgroupLimits(o.chart as 'xbar-r' | 'xbar-s', subgroups, { baseline }); } catch (err) { return fail(err); } })();
    [main, spread, sigma] = [limits.xbar, limits.spread, limits.sigma];
    baselineValues = subgroups.slice(0, baseline).flat();
  }
  if (o.baseline !== undefined && o.baseline > statistics.length) warnings.push(`--baseline ${o.baseline} is longer than the ${statistics.length} points charted; all points were used`);
  const evaluation = evaluateRules(statistics, main.zones, o.rules, { flag: o.flag, variant: o.variant });
  const textOf = (rule: string, index: number) =>
    evaluation.violations.find((v) => v.rule === rule && (o.flag === 'completing' ? v.index === index : v.points.includes(index)))?.text ?? '';
  return {
    chart: o.chart,
    column: o.column,
    n: values.length,
    subgroupSize: o.subgroupSize,
    points: statistics.length,
    baseline: o.chart === 'imr' ? baselineValues.length : baselineValues.length / o.subgroupSize,
    center: main.center,
    sigma,
    lcl: main.lcl,
    ucl: main.ucl,
    spread: { chart: o.chart === 'imr' ? 'mr' : o.chart === 'xbar-r' ? 'r' : 's', ...limitsJson(spread) },
    rules: o.rules.map(ruleSettingText),
    flag: o.flag,
    variant: o.variant,
    violations: evaluation.flags.map((f) => ({ rule: f.rule, index: f.index, text: textOf(f.rule, f.index) })),
    outOfLimits: { chart: outsideLimits(statistics, main), spread: outsideLimits(spreadStatistics, spread, o.chart === 'imr' ? 1 : 0) },
    capability: capabilityOf(baselineValues, sigma, o.lsl, o.usl),
    warnings,
  };
}

/** Capability of the baseline values with the chart's within sigma; indices are null without spec limits. */
function capabilityOf(values: number[], sigmaWithin: number, lsl?: number, usl?: number): SpcReport['capability'] {
  if ((lsl === undefined && usl === undefined) || values.length < 2) {
    return { cp: null, cpk: null, pp: null, ppk: null, cpkInterval: null, ppkInterval: null, n: values.length, warnings: ['no --lsl or --usl given: capability not computed'] };
  }
  const report = capability(values, { ...(lsl !== undefined ? { lsl } : {}), ...(usl !== undefined ? { usl } : {}), sigmaWithin });
  return {
    cp: report.cp, cpk: report.cpk, pp: report.pp, ppk: report.ppk,
    cpkInterval: report.cpkInterval, ppkInterval: report.ppkInterval,
    n: report.n, warnings: report.warnings.map((w) => w.text),
  };
}

export function registerSpcCommand(program: Command): void {
  program
    .command('spc')
    .description('control limits, run-rule violations and capability for one column of a CSV or JSON file')
    .requiredOption('--input <file>', 'CSV (header row) or JSON (array of objects, or an object of columns)')
    .requiredOption('--column <name>', 'the column to chart')
    .option('--chart <kind>', 'imr, xbar-r or xbar-s (default imr, or xbar-r with --subgroup)')
    .option('--subgroup <n>', 'subgroup size for xbar charts (consecutive values, 2-25)')
    .option('--lsl <x>', 'lower specification limit (capability)')
    .option('--usl <y>', 'upper specification limit (capability)')
    .option('--rules <list>', 'rules: we1..we4, nelson1..nelson8, groups we/nelson/all, nelson2:7, we2:3/4', 'we')
    .option('--baseline <n>', 'phase I: first N points (subgroups) estimate the limits; default all')
    .option('--flag <convention>', 'completing (qcc, Rspc) or all (every point of the pattern)', 'completing')
    .option('--variant <tool>', 'qcc or rspc semantics where they differ', 'qcc')
    .action((opts: Record<string, string>) => {
      let text: string;
      try {
        text = readFileSync(opts.input as string, 'utf8');
      } catch (err) {
        throw new QloopError('NOT_FOUND', `cannot read --input ${opts.input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      process.stdout.write(`${JSON.stringify(runSpc(opts as unknown as SpcOptions, text, opts.input as string), null, 2)}\n`);
    });
}

// ---- reading the input file -------------------------------------------------------------------

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function bad(message: string): never {
  throw new QloopError('VALIDATION', message);
}

function toNumber(cell: unknown, where: string, column: string): number {
  if (typeof cell === 'number' && Number.isFinite(cell)) return cell;
  if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')) bad(`${where}: column "${column}" is empty`);
  const text = typeof cell === 'string' ? cell.trim() : JSON.stringify(cell);
  if (typeof cell === 'string' && NUMBER.test(text)) return Number(text);
  const hint = /^[+-]?\d+,\d+$/.test(text) ? ' (use a dot as the decimal separator)' : '';
  return bad(`${where}: column "${column}" holds "${text}", which is not a number${hint}`);
}

/** The numbers of one column; the format comes from the file name, or from the first character. */
export function readColumn(text: string, fileName: string, column: string): number[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') bad(`${fileName} is empty`);
  const json = /\.json$/i.test(fileName) || (!/\.(csv|tsv|txt)$/i.test(fileName) && /^\s*[[{]/.test(body));
  const values = json ? jsonColumn(body, fileName, column) : csvColumn(body, fileName, column);
  if (values.length < 2) bad(`${fileName}: column "${column}" has ${values.length} value(s); a chart needs at least 2`);
  return values;
}

function jsonColumn(text: string, fileName: string, column: string): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return bad(`${fileName} is not valid JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(parsed)) {
    const rows = parsed as unknown[];
    rows.forEach((row, i) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) bad(`${fileName}: item [${i}] is not an object with named columns`);
    });
    const records = rows as Record<string, unknown>[];
    if (!records.some((r) => column in r)) bad(`${fileName}: column "${column}" not found; columns: ${[...new Set(records.flatMap(Object.keys))].join(', ') || '(none)'}`);
    return records.map((r, i) => toNumber(r[column], `${fileName} item [${i}]`, column));
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const columns = parsed as Record<string, unknown>;
    const cells = columns[column];
    if (!Array.isArray(cells)) bad(`${fileName}: column "${column}" not found as an array; keys: ${Object.keys(columns).join(', ') || '(none)'}`);
    return (cells as unknown[]).map((c, i) => toNumber(c, `${fileName} ${column}[${i}]`, column));
  }
  return bad(`${fileName}: expected an array of objects or an object of columns`);
}

/** RFC 4180 rows with their line numbers: quoted fields, doubled quotes, CRLF; delimiter , ; or tab (from the header). */
function csvRows(text: string): { cells: string[]; line: number }[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0]?.d ?? ',';
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(field);
    if (cells.some((c) => c.trim() !== '')) rows.push({ cells, line: rowLine });
    cells = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n') line++;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { cells.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') { i++; line++; }
      endRow();
      rowLine = line;
    } else field += ch;
  }
  if (quoted) bad(`unterminated quoted field starting on line ${rowLine}`);
  endRow();
  return rows;
}

function csvColumn(text: string, fileName: string, column: string): number[] {
  let rows: { cells: string[]; line: number }[];
  try {
    rows = csvRows(text);
  } catch (err) {
    return bad(`${fileName}: ${(err as Error).message}`);
  }
  const header = (rows[0]?.cells ?? []).map((h) => h.trim());
  let at = header.indexOf(column);
  if (at < 0) at = header.findIndex((h) => h.toLowerCase() === column.trim().toLowerCase());
  if (at < 0) bad(`${fileName}: column "${column}" not found; the header has: ${header.join(', ')}`);
  return rows.slice(1).map((r) => toNumber(r.cells[at], `${fileName} line ${r.line}`, column));
}
