// Assembles the demo plant dataset from its parts and checks it with the same loader rules
// the server applies, so a generator change can never write a file the server refuses.
import type { LotDisposition, LotHold, MaterialLot, TestResult, WorkOrder } from '../../server/domain/types';
import { SOP_QA_010_HOLD_REASONS } from '../../server/plant/hold-reasons';
import { validatePlant } from '../../server/plant/load';
import { PLANT_FORMAT, PLANT_FORMAT_VERSION } from '../../server/plant/schema';
import type { PlantDataset } from '../../server/plant/schema';
import { deviationReports, lotHolds } from './deviations';
import { equipment, lines, plant } from './equipment';
import { numberResults, sampleLots } from './lab';
import { at, HOUR, iso, Variation, seededRandom } from './random';
import { AS_OF, planLots, SUSPENSION_HOURS, TABLET_HOURS } from './schedule';
import type { LotPlan } from './schedule';
import { products, specifications } from './specifications';
import type { StoryContext } from './story';

export const DEMO_SEED = 20240503;

/** Lots shipped before this date are Closed (B2MML: fully distributed); later released lots are UnRestricted. */
const CLOSED_BEFORE = at('2024-03-20T00:00:00Z');

export function buildDemoPlant(seed = DEMO_SEED): PlantDataset {
  const vary = new Variation(seededRandom(seed));
  const plans = planLots();
  const specIdFor = (productId: string, test: string): string => {
    const spec = specifications.find((s) => s.productId === productId && s.test === test);
    if (!spec) throw new Error(`no specification for ${productId} ${test}`);
    return spec.id;
  };
  const unitFor = (specId: string): string => specifications.find((s) => s.id === specId)?.unit ?? '';
  const { samples, records } = sampleLots(plans, specIdFor, unitFor, vary);
  const results = numberResults(records);

  const story = storyContext(plans, results);
  const deviations = deviationReports(story);
  const holds = lotHolds(story, deviations);

  const workOrders = plans.map((plan) => workOrderOf(plan));
  const lots = plans.map((plan) => lotOf(plan, holds[plan.lotId] ?? [], vary));
  const byTime = <T>(items: T[], time: (item: T) => number) => [...items].sort((a, b) => time(a) - time(b));

  return validatePlant(
    {
      format: PLANT_FORMAT,
      formatVersion: PLANT_FORMAT_VERSION,
      asOf: AS_OF,
      plant,
      lines,
      products,
      specifications,
      equipment,
      workOrders: [...workOrders].sort((a, b) => a.id.localeCompare(b.id)),
      lots: byTime(lots, (lot) => at(lot.manufacturedAt)),
      samples: byTime(samples, (sample) => at(sample.sampledAt)),
      results,
      deviations,
      // RVP1's own table, written out so the file shows the setting a site with other codes changes.
      holdReasons: SOP_QA_010_HOLD_REASONS.map((entry) => ({ ...entry, ...(entry.usedFor ? { usedFor: [...entry.usedFor] } : {}) })),
    },
    'generated demo plant',
  );
}

function hoursOf(plan: LotPlan): number {
  return plan.productId === 'PRD-IBU400' ? TABLET_HOURS : SUSPENSION_HOURS;
}

function workOrderOf(plan: LotPlan): WorkOrder {
  const tablets = plan.productId === 'PRD-IBU400';
  const started = plan.status !== 'planned';
  const ended = plan.status === 'completed' || plan.status === 'closed';
  return {
    id: plan.workOrderId,
    productId: plan.productId,
    lineId: plan.lineId,
    lotId: plan.lotId,
    status: plan.status,
    quantity: tablets ? 300_000 : 20_000,
    unit: tablets ? 'tablets' : 'bottles',
    plannedStart: iso(plan.plannedStart),
    actualStart: started ? iso(plan.start) : undefined,
    actualEnd: ended ? iso(plan.start + hoursOf(plan) * HOUR) : undefined,
  };
}

function lotOf(plan: LotPlan, holds: LotHold[], vary: Variation): MaterialLot {
  const tablets = plan.productId === 'PRD-IBU400';
  const planned = tablets ? 300_000 : 20_000;
  const made = plan.status === 'completed' || plan.status === 'closed';
  // Yield after IPC samples, rejects and QC samples: 97-99 %.
  const quantity = made ? Math.round((planned * vary.uniform(0.97, 0.99)) / 100) * 100 : planned;
  const expires = new Date(plan.start);
  expires.setUTCMonth(expires.getUTCMonth() + (tablets ? 36 : 24));
  return {
    id: plan.lotId,
    productId: plan.productId,
    workOrderId: plan.workOrderId,
    lineId: plan.lineId,
    disposition: dispositionOf(plan, holds),
    quantity,
    unit: tablets ? 'tablets' : 'bottles',
    manufacturedAt: iso(plan.start),
    expiresAt: iso(expires.getTime()),
    holds,
  };
}

function dispositionOf(plan: LotPlan, holds: LotHold[]): LotDisposition {
  if (holds.some((hold) => hold.releasedAt === undefined)) return 'Restricted';
  switch (plan.status) {
    case 'planned':
      return 'Planned';
    case 'closed':
      return plan.start < CLOSED_BEFORE ? 'Closed' : 'UnRestricted';
    default:
      // Running, or made and awaiting the QA release decision.
      return 'In-Process';
  }
}

function storyContext(plans: LotPlan[], results: TestResult[]): StoryContext {
  const plan = (lotId: string): LotPlan => {
    const found = plans.find((p) => p.lotId === lotId);
    if (!found) throw new Error(`no lot ${lotId} in the schedule`);
    return found;
  };
  const final = results.filter((result) => result.status === 'final');
  return {
    plan,
    result(lotId, sampleNo, test) {
      const found = final.find((r) => r.lotId === lotId && r.test === test && r.sampleId.endsWith(`-${sampleNo}`));
      if (!found) throw new Error(`no final ${test} result on sample ${sampleNo} of ${lotId}`);
      return found;
    },
    range(lotIds, test, from) {
      const values = final
        .filter((r) => lotIds.includes(r.lotId) && r.test === test && (from === undefined || at(r.finalizedAt) >= at(from)))
        .map((r) => Number(r.value));
      if (values.length === 0) throw new Error(`no ${test} values for ${lotIds.join(', ')}`);
      const decimals = final.find((r) => r.test === test)?.value.split('.')[1]?.length ?? 0;
      return `${Math.min(...values).toFixed(decimals)}–${Math.max(...values).toFixed(decimals)}`;
    },
  };
}
