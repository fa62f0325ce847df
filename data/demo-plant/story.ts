// What the deviation reports may ask of the generated lab data, so that reports and results
// tell the same story.
import type { TestResult } from '../../server/domain/types';
import type { LotPlan } from './schedule';
import { iso } from './random';

export interface StoryContext {
  plan(lotId: string): LotPlan;
  /** The final result of a test on the sample `BATCH-…-<sampleNo>` of a lot. */
  result(lotId: string, sampleNo: string, test: string): TestResult;
  /** "11.9–12.6": the range of final values of a test over lots, from a time on. */
  range(lotIds: string[], test: string, from?: string): string;
}

/** The ISO day of a time: 2024-04-02. */
export const day = (ms: number): string => iso(ms).slice(0, 10);

export const sampleOf = (plan: LotPlan, no: string): string => `BATCH-2024-${plan.batch}-${no}`;
