// The control chart as SVG: points in time order, centre line, control limits (dashed),
// spec limits (solid, red) and flagged points (a spec breach or an SPC rule) enlarged in red.
import type { ControlChart } from '../../server/realtime/contract';
import { svg, el } from './dom';
import { format, type StringTable } from './strings';

const W = 440;
const H = 220;
const M = { left: 48, right: 64, top: 28, bottom: 26 };

export function renderControlChart(chart: ControlChart, strings: StringTable): HTMLElement {
  const points = chart.points.filter((p) => Number.isFinite(p.y));
  const flaggedCount = points.filter((p) => p.flagged).length;
  const summary = format(strings.chartSummary, { title: chart.title, count: points.length, flagged: flaggedCount });
  const limits: Array<{ key: string; value: number | undefined; label: string }> = [
    { key: 'usl', value: chart.usl, label: strings.chartUsl },
    { key: 'ucl', value: chart.ucl, label: strings.chartUcl },
    { key: 'center', value: chart.center, label: strings.chartCenter },
    { key: 'lcl', value: chart.lcl, label: strings.chartLcl },
    { key: 'lsl', value: chart.lsl, label: strings.chartLsl },
  ];
  const values = [...points.map((p) => p.y), ...limits.flatMap((l) => (l.value !== undefined && Number.isFinite(l.value) ? [l.value] : []))];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  const yMin = lo - pad;
  const yMax = hi + pad;
  const x = (i: number) => M.left + (points.length <= 1 ? (W - M.left - M.right) / 2 : (i * (W - M.left - M.right)) / (points.length - 1));
  const y = (v: number) => M.top + ((yMax - v) * (H - M.top - M.bottom)) / (yMax - yMin);
  const decimals = decimalsFor(yMax - yMin);

  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary, class: 'chart', preserveAspectRatio: 'xMidYMid meet' });
  root.append(svg('title', {}, summary));
  root.append(svg('text', { x: M.left, y: 18, class: 'chart-title' }, chart.unit ? `${chart.title} (${chart.unit})` : chart.title));
  root.append(svg('rect', { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom, class: 'chart-frame' }));
  const drawn = limits.filter((l): l is { key: string; value: number; label: string } => l.value !== undefined && Number.isFinite(l.value));
  const labelY = spreadLabels(drawn.map((l) => y(l.value) + 4), 12);
  drawn.forEach((limit, i) => {
    const ly = y(limit.value);
    root.append(svg('line', { x1: M.left, x2: W - M.right, y1: ly, y2: ly, class: `limit limit-${limit.key}`, 'data-limit': limit.key }));
    root.append(svg('text', { x: W - M.right + 4, y: labelY[i]!, class: `limit-label limit-label-${limit.key}` }, `${limit.label} ${limit.value.toFixed(decimals)}`));
  });
  root.append(svg('text', { x: M.left - 6, y: y(yMax) + 10, class: 'axis-label', 'text-anchor': 'end' }, yMax.toFixed(decimals)));
  root.append(svg('text', { x: M.left - 6, y: y(yMin), class: 'axis-label', 'text-anchor': 'end' }, yMin.toFixed(decimals)));
  if (points.length > 1) root.append(svg('polyline', { points: points.map((p, i) => `${x(i).toFixed(1)},${y(p.y).toFixed(1)}`).join(' '), class: 'series' }));
  points.forEach((p, i) => {
    const dot = svg('circle', { cx: x(i).toFixed(1), cy: y(p.y).toFixed(1), r: p.flagged ? 6 : 3.5, class: p.flagged ? 'point flagged' : 'point', 'data-flagged': p.flagged ? 'true' : undefined });
    dot.append(svg('title', {}, `${p.label ?? String(p.x)}: ${p.y}${p.flagged ? ` (${strings.chartFlagged})` : ''}`));
    root.append(dot);
  });
  const first = points[0];
  const last = points.at(-1);
  if (first) root.append(svg('text', { x: M.left, y: H - 8, class: 'axis-label' }, String(first.x)));
  if (last && points.length > 1) root.append(svg('text', { x: W - M.right, y: H - 8, class: 'axis-label', 'text-anchor': 'end' }, String(last.x)));
  return el('figure', { class: 'chart-figure' }, [root]);
}

/** Moves limit labels apart (top to bottom order kept) so close limits stay readable. */
function spreadLabels(positions: number[], gap: number): number[] {
  const order = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  for (let k = 1; k < order.length; k++) order[k]!.p = Math.max(order[k]!.p, order[k - 1]!.p + gap);
  const out: number[] = [];
  for (const { p, i } of order) out[i] = p;
  return out;
}

function decimalsFor(range: number): number {
  if (!(range > 0)) return 2;
  return Math.max(0, Math.min(4, 2 - Math.floor(Math.log10(range))));
}
