// The control chart a trend or alert answer carries to the terminal (drawn by the widget). It
// travels as the tool's artifact: the terminal sees it, the model does not.
import type { TestResult, TestSpecification } from '../../domain/types';
import type { ControlChart } from '../../realtime/contract';
import type { SpcSummary } from './spc-summary';

export interface ChartArtifact {
  chart: ControlChart;
}

export function chartArtifact(title: string, series: readonly TestResult[], values: readonly number[], spc: { summary: SpcSummary; flagged: Set<number> }, spec: TestSpecification): ChartArtifact {
  return {
    chart: {
      title,
      unit: spec.unit,
      points: series.map((r, i) => ({ x: r.finalizedAt, y: values[i] as number, label: `${r.sampleId} (${r.lotId})`, ...(spc.flagged.has(i) ? { flagged: true } : {}) })),
      center: spc.summary.center,
      ucl: spc.summary.ucl,
      lcl: spc.summary.lcl,
      ...(spec.usl !== undefined ? { usl: spec.usl } : {}),
      ...(spec.lsl !== undefined ? { lsl: spec.lsl } : {}),
    },
  };
}
