// The QC lab's side of the demo plant: samples per lot (sampling plan by product), their
// results with realistic turnaround times, the PHM-03 retractions and retests, and the
// reference sample BATCH-2024-001-05 whose pH is still pending.
import type { Sample, TestResult } from '../../server/domain/types';
import type { LotPlan } from './schedule';
import { AS_OF } from './schedule';
import { at, HOUR, iso } from './random';
import type { Variation } from './random';
import { numericOf, resultValue } from './values';

interface TestPlan {
  test: string;
  /** Turnaround from sampling to finalization, in minutes. */
  turnaround: [min: number, max: number];
  instrumentId?: string;
  analysts: 'qc' | 'production';
}
interface SamplePlan {
  no: string;
  point: string;
  hoursAfterStart: number;
  tests: TestPlan[];
}

const QC = ['aoife.murphy', 'ciaran.byrne', 'sinead.kelly', 'niamh.walsh'];
const PRODUCTION = ['tomas.ryan', 'mark.doyle', 'orla.nolan'];
const IPC_SAMPLES = 10;

const qc = (test: string, turnaround: [number, number], instrumentId?: string): TestPlan => ({ test, turnaround, instrumentId, analysts: 'qc' });

function tabletSamples(pressId: 'TP-101' | 'TP-201'): SamplePlan[] {
  const press = pressId.slice(3);
  const ipc = Array.from({ length: IPC_SAMPLES }, (_, k): SamplePlan => ({
    no: String(k + 2).padStart(2, '0'),
    point: `${pressId} in-process control ${k + 1} of ${IPC_SAMPLES} (20 tablets)`,
    hoursAfterStart: 9 + k * 2.5,
    tests: [
      { test: 'HARD', turnaround: [8, 25], instrumentId: `HT-${press}`, analysts: 'production' },
      { test: 'WEIGHT', turnaround: [8, 25], instrumentId: `BAL-${press}`, analysts: 'production' },
    ],
  }));
  return [
    { no: '01', point: 'FBD-101 dried granules at drying endpoint', hoursAfterStart: 7, tests: [{ test: 'LOD', turnaround: [15, 40], instrumentId: 'MA-02', analysts: 'production' }] },
    ...ipc,
    {
      no: '12',
      point: 'COAT-201 coated tablets, release composite',
      hoursAfterStart: 50,
      tests: [qc('ASSAY', [2 * 1440, 4 * 1440], 'HPLC-02'), qc('RS', [2 * 1440, 4 * 1440], 'HPLC-04'), qc('DISSO', [1440, 2 * 1440], 'DISSO-01'), qc('APPEAR', [180, 480])],
    },
  ];
}

const SUSPENSION_SAMPLES: SamplePlan[] = [
  { no: '01', point: 'TK-07 bulk after API dispersion', hoursAfterStart: 3, tests: [qc('PH', [25, 60], 'PHM-03')] },
  { no: '02', point: 'TK-07 bulk after thickener hydration', hoursAfterStart: 7, tests: [qc('PH', [25, 60], 'PHM-03'), qc('VISC', [30, 70], 'VISC-02')] },
  { no: '03', point: 'HOM-301 outlet after homogenization', hoursAfterStart: 11, tests: [qc('VISC', [30, 70], 'VISC-02'), qc('DENS', [20, 50], 'DM-01')] },
  { no: '04', point: 'TK-07 bulk after final pH and volume adjustment', hoursAfterStart: 15, tests: [qc('PH', [25, 60], 'PHM-03'), qc('DENS', [20, 50], 'DM-01')] },
  {
    no: '05',
    point: 'TK-07 final bulk before filling',
    hoursAfterStart: 20,
    tests: [qc('PH', [25, 60], 'PHM-03'), qc('VISC', [30, 70], 'VISC-02'), qc('DENS', [20, 50], 'DM-01'), qc('ASSAY-SUS', [1440, 2 * 1440], 'HPLC-02')],
  },
  {
    no: '06',
    point: 'FILL-301 filled bottles, release composite',
    hoursAfterStart: 30,
    tests: [qc('PH', [25, 60], 'PHM-03'), qc('ASSAY-SUS', [1440, 2 * 1440], 'HPLC-02'), qc('TAMC', [5 * 1440 + 120, 5 * 1440 + 360])],
  },
];

/** The pending pH analysis of the reference sample; the demo posts pH 9.8 to this id. */
export const REFERENCE_PENDING_PH = { sampleId: 'BATCH-2024-001-05', resultId: 'R-778812' };

/** PHM-03 failed its slope check here; its results since the last pass were retracted (DEV-2024-019). */
const PHM03_FAILED_CHECK = at('2024-04-02T06:30:00Z');
const PHM03_RETESTS_FROM = at('2024-04-02T09:00:00Z');
const PHM03_BIAS = 0.3;

export interface LabRecord {
  result: Omit<TestResult, 'id'> & { id?: string };
  registeredAt: number;
  /** For a retracted result: the draft of its retest, whose id its comment will name. */
  retest?: LabRecord;
}

export function sampleLots(plans: LotPlan[], specIdFor: (productId: string, test: string) => string, unitFor: (specId: string) => string, vary: Variation): { samples: Sample[]; records: LabRecord[] } {
  const asOf = at(AS_OF);
  const samples: Sample[] = [];
  const records: LabRecord[] = [];
  for (const plan of plans) {
    const lotEffect = vary.normal(0, 1, -2, 2);
    const sampling = plan.pressId ? tabletSamples(plan.pressId) : SUSPENSION_SAMPLES;
    for (const samplePlan of sampling) {
      const sampledAt = plan.start + samplePlan.hoursAfterStart * HOUR;
      if (sampledAt > asOf) continue;
      const sampleId = `BATCH-2024-${plan.batch}-${samplePlan.no}`;
      samples.push({ id: sampleId, lotId: plan.lotId, workOrderId: plan.workOrderId, point: samplePlan.point, sampledAt: iso(sampledAt) });
      for (const testPlan of samplePlan.tests) {
        const value = resultValue(vary, testPlan.test, samplePlan.no, { lotId: plan.lotId, pressId: plan.pressId, sampledAt, lotEffect });
        const finalizedAt = sampledAt + vary.minutes(...testPlan.turnaround);
        const registeredAt = Math.min(sampledAt + vary.minutes(5, 15), asOf);
        const specificationId = specIdFor(plan.productId, testPlan.test);
        const analyst = vary.pick(testPlan.analysts === 'qc' ? QC : PRODUCTION);
        const base = { sampleId, lotId: plan.lotId, specificationId, test: testPlan.test, unit: unitFor(specificationId), analyst, instrumentId: testPlan.instrumentId };
        const isReferencePh = sampleId === REFERENCE_PENDING_PH.sampleId && testPlan.test === 'PH';
        if (finalizedAt > asOf || isReferencePh) {
          // Not finished yet: a pending analysis, dated when the lab registered it.
          const { analyst: _unassigned, ...pending } = base;
          records.push({ result: { ...pending, id: isReferencePh ? REFERENCE_PENDING_PH.resultId : undefined, value: '', status: 'pending', finalizedAt: iso(registeredAt) }, registeredAt });
          continue;
        }
        const record: LabRecord = { result: { ...base, value, numeric: numericOf(value), status: 'final', finalizedAt: iso(finalizedAt) }, registeredAt };
        if (testPlan.instrumentId === 'PHM-03' && plan.lotId === 'LOT-24-0308' && finalizedAt < PHM03_FAILED_CHECK) {
          retractForPhm03(record, value, vary);
        }
        records.push(record);
        if (record.retest) records.push(record.retest);
      }
    }
  }
  return { samples, records };
}

/** The failing electrode read high: the recorded value had the bias; the retest on the retained sample did not. */
function retractForPhm03(record: LabRecord, trueValue: string, vary: Variation): void {
  const biased = Math.min(Number(trueValue) + PHM03_BIAS, 7.4).toFixed(1);
  const retestAt = PHM03_RETESTS_FROM + vary.minutes(10, 90);
  record.retest = {
    result: {
      ...record.result,
      value: trueValue,
      numeric: Number(trueValue),
      analyst: 'ciaran.byrne',
      finalizedAt: iso(retestAt),
      comment: 'Retest on the retained sample after PHM-03 electrode replacement and recalibration (DEV-2024-019).',
    },
    registeredAt: PHM03_RETESTS_FROM,
  };
  record.result = { ...record.result, value: biased, numeric: Number(biased), status: 'retracted' };
}

/** Ids in registration order (R-700001...), then the retraction comments that name them. */
export function numberResults(records: LabRecord[]): TestResult[] {
  const order = [...records].sort((a, b) => a.registeredAt - b.registeredAt || a.result.sampleId.localeCompare(b.result.sampleId));
  let next = 700001;
  for (const record of order) {
    record.result.id ??= `R-${next++}`;
  }
  for (const record of order) {
    if (record.retest) {
      record.result.comment = `Retracted on ${iso(PHM03_FAILED_CHECK + 4 * HOUR).slice(0, 10)}: PHM-03 failed its calibration check at ${iso(PHM03_FAILED_CHECK).slice(11, 16)} UTC; retested as ${record.retest.result.id} (DEV-2024-019).`;
    }
  }
  return order.map(({ result: r }) => {
    if (r.id === undefined) throw new Error('unnumbered result');
    // Key order as a LIMS export reads: what, the value, then who and when.
    return {
      id: r.id, sampleId: r.sampleId, lotId: r.lotId, specificationId: r.specificationId, test: r.test,
      value: r.value, numeric: r.numeric, unit: r.unit, status: r.status, finalizedAt: r.finalizedAt,
      analyst: r.analyst, instrumentId: r.instrumentId, comment: r.comment,
    };
  });
}
