// Plain-language text for rule violations, for the operator's guidance, the chart tooltip and the audit
// trail. Text names points 1-based as the chart axis does (structured fields stay 0-based), or by the
// caller's labels (lot or sample ids).
import { zoneLine } from './charts/zones';
import type { ChartZones } from './charts/zones';
import { RULE_LABELS } from './rules/catalog';
import type { RuleDefinition, RuleName } from './rules/catalog';
import type { Side } from './rules/patterns';

export interface ExplainOptions {
  /** Label per point index (e.g. lot ids), as a list or a lookup; default "point <index + 1>". */
  labels?: readonly string[] | ((index: number) => string | undefined);
  /** Decimal places for numbers in the text; default up to 6 significant digits. */
  decimals?: number;
}

export interface ViolationFacts {
  rule: RuleName;
  index: number;
  window: { start: number; end: number };
  points: number[];
  values: number[];
  side?: Side;
  direction?: 'rising' | 'falling';
  definition: RuleDefinition;
  zones: ChartZones;
}

export interface ViolationExplanation {
  line?: { name: string; value: number; lower?: number };
  text: string;
}

export function formatNumber(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (decimals !== undefined) return value.toFixed(decimals);
  const text = String(Number(value.toPrecision(6)));
  return text.includes('e') ? value.toPrecision(6) : text;
}

export function pointName(index: number, options: ExplainOptions): string {
  const { labels } = options;
  return (typeof labels === 'function' ? labels(index) : labels?.[index]) ?? String(index + 1);
}

function pointsText(facts: ViolationFacts, options: ExplainOptions): string {
  const { start, end } = facts.window;
  const contiguous = facts.points.length === end - start + 1;
  const noun = options.labels ? '' : 'points ';
  if (facts.points.length === 1) return `${options.labels ? '' : 'point '}${pointName(facts.points[0] as number, options)}`;
  if (contiguous) return `${noun}${pointName(start, options)}–${pointName(end, options)}`;
  return `${noun}${facts.points.map((p) => pointName(p, options)).join(', ')} of ${pointName(start, options)}–${pointName(end, options)}`;
}


export function explainViolation(facts: ViolationFacts, options: ExplainOptions = {}): ViolationExplanation {
  const n = (x: number) => formatNumber(x, options.decimals);
  const label = RULE_LABELS[facts.rule];
  const { definition, zones, side } = facts;
  const where = `(${pointsText(facts, options)})`;
  const length = definition.length;
  switch (definition.kind) {
    case 'beyond-limits': {
      const name = side === 'above' ? 'UCL' : 'LCL';
      const value = zoneLine(zones, 3, side ?? 'above');
      const text = `${label}: ${facts.values[0] === undefined ? '' : n(facts.values[0]) + ' '}${side} the ${side === 'above' ? 'upper' : 'lower'} control limit ${n(value)} ${where}`;
      return { line: { name, value }, text };
    }
    case 'k-of-m': {
      const zone = definition.zone ?? 2;
      const value = zoneLine(zones, zone, side ?? 'above');
      const name = `${side === 'above' ? '+' : '−'}${zone}σ`;
      const text = `${label}: ${facts.points.length} of ${facts.window.end - facts.window.start + 1} consecutive points ${side} the ${name} line ${n(value)} ${where}`;
      return { line: { name, value }, text };
    }
    case 'run':
      return {
        line: { name: 'centre line', value: zones.center },
        text: `${label}: ${length} points in a row ${side} the centre line ${n(zones.center)} ${where}`,
      };
    case 'trend': {
      const first = facts.values[0] as number;
      const last = facts.values[facts.values.length - 1] as number;
      return { text: `${label}: ${length} points in a row steadily ${facts.direction === 'rising' ? 'increasing' : 'decreasing'}, ${n(first)} to ${n(last)} ${where}` };
    }
    case 'alternation':
      return { text: `${label}: ${length} points in a row alternating up and down ${where}` };
    case 'within': {
      const zone = definition.zone ?? 1;
      const line = { name: `±${zone}σ`, value: zoneLine(zones, zone, 'above'), lower: zoneLine(zones, zone, 'below') };
      return { line, text: `${label}: ${length} points in a row within ±${zone}σ of the centre line ${n(zones.center)} (${n(line.lower)} to ${n(line.value)}), too little variation ${where}` };
    }
    case 'beyond-either-side': {
      const zone = definition.zone ?? 1;
      const line = { name: `±${zone}σ`, value: zoneLine(zones, zone, 'above'), lower: zoneLine(zones, zone, 'below') };
      const sides = side ? `all ${side} ${n(side === 'above' ? line.value : line.lower)}` : `below ${n(line.lower)} or above ${n(line.value)}`;
      return { line, text: `${label}: ${length} points in a row beyond ±${zone}σ of the centre line ${n(zones.center)}, ${sides} ${where}` };
    }
  }
}
