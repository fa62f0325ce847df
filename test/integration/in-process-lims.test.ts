// InProcessLims: the LIMS contract, plus what only the simulator does (recording results,
// refusals, the fault switch, subscriptions).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../server/adapters/clock/manual-clock';
import type { TestResult } from '../../server/domain/types';
import { QloopError } from '../../server/errors';
import { DEMO_PLANT_FILE, loadPlant } from '../../server/plant';
import { InProcessLims } from '../../simulators/in-process';
import { limsContract, REFERENCE_PH } from '../contracts/lims.contract';

const plant = loadPlant(DEMO_PLANT_FILE);
const START = { since: '1970-01-01T00:00:00Z' };

limsContract('InProcessLims', async () => {
  const lims = new InProcessLims(plant, new ManualClock(plant.asOf));
  return { adapter: lims, addFinalResult: async (result) => void lims.recordResult(result), close: async () => {} };
});

function setup(clock = new ManualClock(plant.asOf)) {
  return { lims: new InProcessLims(plant, clock), clock };
}

async function tail(lims: InProcessLims) {
  let cursor = START;
  for (;;) {
    const page = await lims.listFinalizedResults(cursor, 1000);
    if (page.results.length === 0) return cursor;
    cursor = page.next;
  }
}

const code = (error: unknown) => (error instanceof QloopError ? error.code : String(error));

describe('InProcessLims: recording results', () => {
  it('completes the pending reference analysis in place', async () => {
    const { lims } = setup();
    const recorded = lims.recordResult(REFERENCE_PH);
    assert.equal(recorded.status, 'final');
    const ph = await lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH' });
    assert.deepEqual(ph.map((r) => [r.id, r.status, r.value]), [['R-778812', 'final', '9.8']]);
  });

  it('completes a pending analysis recorded under another result id', async () => {
    const { lims } = setup();
    lims.recordResult({ ...REFERENCE_PH, id: 'R-900001' });
    const ph = await lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH' });
    assert.deepEqual(ph.map((r) => [r.id, r.status]), [['R-900001', 'final']]);
  });

  it('treats a redelivery as a no-op: no second feed event', async () => {
    const { lims } = setup();
    const cursor = await tail(lims);
    lims.recordResult(REFERENCE_PH);
    lims.recordResult({ ...REFERENCE_PH, finalizedAt: '2024-05-03T10:15:00.000Z' });
    assert.equal((await lims.listFinalizedResults(cursor)).results.length, 1);
  });

  it('feeds a retraction of a final result as a new event', async () => {
    const { lims, clock } = setup();
    lims.recordResult(REFERENCE_PH);
    const cursor = await tail(lims);
    clock.advance(60_000);
    lims.recordResult({ ...REFERENCE_PH, status: 'retracted', comment: 'PHM-03 failed its check' });
    const page = await lims.listFinalizedResults(cursor);
    assert.deepEqual(page.results.map((r) => [r.id, r.status]), [['R-778812', 'retracted']]);
    assert.equal(Date.parse(page.next.since), clock.now());
  });

  it('refuses to overwrite a final result with another value', () => {
    const { lims } = setup();
    lims.recordResult(REFERENCE_PH);
    assert.throws(() => lims.recordResult({ ...REFERENCE_PH, value: '7.0', numeric: 7 }), (e) => code(e) === 'CONFLICT' && /already final/.test((e as Error).message));
  });

  const refusals: [string, Partial<TestResult>, RegExp][] = [
    ['an unknown sample', { sampleId: 'BATCH-0000-000-00' }, /sampleId: unknown sample/],
    ['the wrong lot for the sample', { lotId: 'LOT-12345' }, /lotId: sample BATCH-2024-001-05 belongs to lot LOT-XYZ789/],
    ['a specification of another test', { specificationId: 'SPEC-PARASUS-VISC' }, /test: specification SPEC-PARASUS-VISC is for test VISC/],
    ['a final result without a value', { value: ' ', numeric: undefined }, /value: a final result needs its reported value/],
    ['a local time', { finalizedAt: '2024-05-03 10:15' }, /finalizedAt/],
  ];
  for (const [what, change, message] of refusals) {
    it(`refuses ${what}, naming the field`, () => {
      const { lims } = setup();
      assert.throws(() => lims.recordResult({ ...REFERENCE_PH, ...change }), (e) => code(e) === 'VALIDATION' && message.test((e as Error).message));
    });
  }

  it('orders results recorded under a clock behind the dataset after everything already seen', async () => {
    const { lims } = setup(new ManualClock('2024-01-01T00:00:00Z'));
    const cursor = await tail(lims);
    lims.recordResult(REFERENCE_PH);
    lims.recordResult({ ...REFERENCE_PH, id: 'R-900002', sampleId: 'BATCH-2024-001-04', value: '7.0', numeric: 7 });
    const page = await lims.listFinalizedResults(cursor);
    assert.deepEqual(page.results.map((r) => r.id), ['R-778812', 'R-900002']);
  });

  it('tells subscribers about every recorded result until they unsubscribe', () => {
    const { lims } = setup();
    const seen: string[] = [];
    const unsubscribe = lims.subscribe((result) => seen.push(`${result.id}:${result.status}`));
    lims.recordResult(REFERENCE_PH);
    unsubscribe();
    lims.recordResult({ ...REFERENCE_PH, status: 'retracted' });
    assert.deepEqual(seen, ['R-778812:final']);
  });

  it('hands out copies: a caller cannot change what the LIMS holds', async () => {
    const { lims } = setup();
    const [latest] = await lims.findResults({ lotId: 'LOT-12345', test: 'PH', limit: 1 });
    assert.ok(latest);
    latest.value = '3.0';
    const [again] = await lims.findResults({ lotId: 'LOT-12345', test: 'PH', limit: 1 });
    assert.equal(again?.value, '7.1');
    assert.equal(plant.results.find((r) => r.id === 'R-778812')?.status, 'pending', 'the loaded dataset is untouched');
  });
});

describe('InProcessLims: fault switch', () => {
  it('fails the next n port calls with a retryable UNAVAILABLE, then recovers', async () => {
    const { lims } = setup();
    lims.failNext(2);
    await assert.rejects(lims.listFinalizedResults(START), (e) => code(e) === 'UNAVAILABLE');
    await assert.rejects(lims.getSample('BATCH-2024-001-05'), (e) => code(e) === 'UNAVAILABLE');
    assert.equal((await lims.getSample('BATCH-2024-001-05'))?.lotId, 'LOT-XYZ789');
  });

  it('can target one operation and throw a given error; recording stays possible', async () => {
    const { lims } = setup();
    lims.failNext(1, new Error('socket hang up'), { operations: ['listFinalizedResults'] });
    assert.equal((await lims.getSample('BATCH-2024-001-05'))?.id, 'BATCH-2024-001-05');
    lims.recordResult(REFERENCE_PH);
    await assert.rejects(lims.listFinalizedResults(START), /socket hang up/);
    assert.ok((await lims.listFinalizedResults(START)).results.length > 0);
  });
});
