// How each test's results vary in the demo plant: normal variation around the target, a
// lot-to-lot effect, TP-101's slow hardness drift, and the few planned special values that
// the deviation reports tell the story of.
import { at, fixed } from './random';
import type { Variation } from './random';

/** TP-101 hardness starts drifting up here (punch tip wear, DEV-2024-031); in spec throughout. */
const DRIFT_START = at('2024-04-12T00:00:00Z');
const DRIFT_END = at('2024-05-03T10:00:00Z');
const DRIFT_KP = 1.45;

/** Raw values fixed by the story, keyed `lotId/sample/test` (sample is the BATCH suffix). */
export const STORY_VALUES: Record<string, string> = {
  'LOT-24-0104/12/ASSAY': '97.6', // review band
  'LOT-24-0113/12/ASSAY': '102.3', // review band
  'LOT-24-0114/12/ASSAY': '94.1', // the OOS (DEV-2024-021)
  'LOT-24-0118/12/ASSAY': '97.8', // review band
  'LOT-24-0105/01/LOD': '0.7', // over-dried after the inlet air excursion (DEV-2024-011)
  'LOT-24-0116/03/WEIGHT': '610', // TP-201 weight variation (DEV-2024-024)
  'LOT-24-0116/04/WEIGHT': '609',
  'LOT-24-0116/05/WEIGHT': '611',
  'LOT-24-0303/02/VISC': '1580', // below alert limit before extended mixing (DEV-2024-009)
  'LOT-24-0303/03/VISC': '1710',
  'LOT-24-0310/05/VISC': '2460', // above alert limit, agitator under-speed (DEV-2024-023)
  'LOT-24-0311/06/TAMC': '70', // above the alert level, within spec (DEV-2024-028)
  'LOT-12345/06/PH': '7.1', // "What's the pH result for lot 12345?"
};

export interface ValueContext {
  lotId: string;
  pressId?: string;
  sampledAt: number;
  /** Lot-to-lot offset in standard deviations, fixed per lot. */
  lotEffect: number;
}

type Generator = (vary: Variation, context: ValueContext) => string;

const GENERATORS: Record<string, Generator> = {
  // Clamped inside the release band: the review-band and OOS values come only from the story.
  ASSAY: (vary, c) => fixed(vary.normal(100.1 + 0.5 * c.lotEffect, 0.6, 98.3, 101.7), 1),
  DISSO: (vary, c) => fixed(vary.normal(91 + 1.5 * c.lotEffect, 2.5, 84, 99), 0),
  HARD: (vary, c) => fixed(vary.normal(hardnessMean(c), 0.3, 9.6, 13.4), 1),
  WEIGHT: (vary, c) => fixed(vary.normal(620 + 1.2 * c.lotEffect, 2.2, 613, 627), 0),
  LOD: (vary, c) => fixed(vary.normal(1.2 + 0.1 * c.lotEffect, 0.15, 0.8, 1.7), 1),
  RS: (vary) => (vary.chance(0.65) ? '< 0.05' : fixed(vary.uniform(0.05, 0.14), 2)),
  APPEAR: () => 'conforms',
  PH: (vary, c) => fixed(vary.normal(7.0 + 0.05 * c.lotEffect, 0.09, 6.8, 7.25), 1),
  VISC: (vary, c) => fixed(vary.normal(2000 + 60 * c.lotEffect, 90, 1720, 2300), 0),
  DENS: (vary) => fixed(vary.normal(1.15, 0.008, 1.13, 1.17), 2),
  'ASSAY-SUS': (vary, c) => fixed(vary.normal(100.3 + 0.4 * c.lotEffect, 0.8, 97.8, 102.6), 1),
  TAMC: (vary) => (vary.chance(0.8) ? '< 10' : vary.pick(['10', '10', '20'])),
};

function hardnessMean(context: ValueContext): number {
  const base = context.pressId === 'TP-201' ? 10.8 : 11.0;
  if (context.pressId !== 'TP-101' || context.sampledAt <= DRIFT_START) return base + 0.1 * context.lotEffect;
  return base + (DRIFT_KP * (context.sampledAt - DRIFT_START)) / (DRIFT_END - DRIFT_START);
}

export function resultValue(vary: Variation, test: string, sample: string, context: ValueContext): string {
  const story = STORY_VALUES[`${context.lotId}/${sample}/${test}`];
  const generator = GENERATORS[test];
  if (!generator) throw new Error(`no value generator for test ${test}`);
  const generated = generator(vary, context); // always drawn, so a story value never shifts the rest
  return story ?? generated;
}

/** numeric is set only for plain numbers; "< 0.05" and "conforms" stay text (docs/plant-data.md). */
export function numericOf(value: string): number | undefined {
  return /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : undefined;
}
