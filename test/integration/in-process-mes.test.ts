// InProcessMes: the MES contract, plus what only the simulator does (fault injection for the
// outbox, restoring dispositions, refusals naming the field).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../server/adapters/clock/manual-clock';
import { QloopError } from '../../server/errors';
import { DEMO_PLANT_FILE, loadPlant } from '../../server/plant';
import { InProcessMes, MES_WRITES } from '../../simulators/in-process';
import { mesContract } from '../contracts/mes.contract';

const plant = loadPlant(DEMO_PLANT_FILE);

mesContract('InProcessMes', async () => ({ adapter: new InProcessMes(plant, new ManualClock(plant.asOf)), close: async () => {} }));

const code = (error: unknown) => (error instanceof QloopError ? error.code : String(error));
const hold = (lotId: string, idempotencyKey: string) => ({ lotId, reasonCode: 'HR-01', comment: 'pH 9.8 above 7.5', initiatedBy: 'qa.demo', idempotencyKey });

describe('InProcessMes: holds and nonconformances', () => {
  it('stamps a hold with the clock and the initiator', async () => {
    const clock = new ManualClock('2024-05-03T10:16:00Z');
    const mes = new InProcessMes(plant, clock);
    const result = await mes.placeHold(hold('LOT-XYZ789', 'k1'));
    const lot = (await mes.getLotContext('LOT-XYZ789'))?.lot;
    assert.deepEqual(lot?.holds.find((h) => h.id === result.reference), {
      id: 'HOLD-LOT-XYZ789-1', reasonCode: 'HR-01', comment: 'pH 9.8 above 7.5', placedBy: 'qa.demo', placedAt: '2024-05-03T10:16:00.000Z',
    });
  });

  it('answers a hold on the seeded OOS lot with its existing hold', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    const result = await mes.placeHold(hold('LOT-24-0114', 'k1'));
    assert.deepEqual([result.status, result.reference], ['already', 'HOLD-LOT-24-0114-1']);
  });

  it('releases a seeded hold of a finished lot to UnRestricted', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    await mes.releaseHold({ lotId: 'LOT-24-0114', comment: 'QA decision', initiatedBy: 'qa.demo', idempotencyKey: 'r1' });
    assert.equal((await mes.getLotContext('LOT-24-0114'))?.lot.disposition, 'UnRestricted');
  });

  it('refuses to hold a Closed lot', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    await assert.rejects(mes.placeHold(hold('LOT-24-0101', 'k1')), (e) => code(e) === 'CONFLICT' && /Closed/.test((e as Error).message));
  });

  it('refuses a request with an empty field, naming it', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    await assert.rejects(mes.placeHold({ ...hold('LOT-XYZ789', 'k1'), reasonCode: ' ' }), (e) => code(e) === 'VALIDATION' && /reasonCode: must not be empty/.test((e as Error).message));
    assert.equal((await mes.getLotContext('LOT-XYZ789'))?.lot.disposition, 'In-Process');
  });

  it('keeps nonconformances as drafts', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    await mes.draftNonconformance({ lotId: 'LOT-XYZ789', code: 'OOS-PH', description: 'pH 9.8', initiatedBy: 'qa.demo', idempotencyKey: 'n1' });
    assert.deepEqual(mes.nonconformances().map((nc) => [nc.id, nc.lotId, nc.status, nc.createdAt]), [['NC-00001', 'LOT-XYZ789', 'draft', new Date(plant.asOf).toISOString()]]);
  });

  it('keeps its state to itself: other instances and the dataset are untouched', async () => {
    const first = new InProcessMes(plant, new ManualClock(plant.asOf));
    const second = new InProcessMes(plant, new ManualClock(plant.asOf));
    await first.placeHold(hold('LOT-XYZ789', 'k1'));
    const context = await first.getLotContext('LOT-XYZ789');
    context?.lot.holds.splice(0);
    assert.equal((await first.getLotContext('LOT-XYZ789'))?.lot.holds.length, 1, 'returned objects are copies');
    assert.equal((await second.getLotContext('LOT-XYZ789'))?.lot.disposition, 'In-Process');
    assert.equal(plant.lots.find((l) => l.id === 'LOT-XYZ789')?.disposition, 'In-Process');
  });
});

describe('InProcessMes: fault switch for the outbox', () => {
  it('fails writes only, before they take effect', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    mes.failNext(1, undefined, { operations: MES_WRITES });
    assert.equal((await mes.getLotContext('LOT-XYZ789'))?.lot.disposition, 'In-Process', 'reads are not affected');
    await assert.rejects(mes.placeHold(hold('LOT-XYZ789', 'k1')), (e) => code(e) === 'UNAVAILABLE');
    assert.equal((await mes.getLotContext('LOT-XYZ789'))?.lot.disposition, 'In-Process', 'nothing happened');
    assert.equal((await mes.placeHold(hold('LOT-XYZ789', 'k1'))).status, 'applied');
  });

  it('can lose the answer after the hold was applied; the retry then answers `already`', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    mes.failNext(1, new Error('timeout'), { operations: ['placeHold'], timing: 'after' });
    await assert.rejects(mes.placeHold(hold('LOT-XYZ789', 'k1')), /timeout/);
    assert.equal((await mes.getLotContext('LOT-XYZ789'))?.lot.disposition, 'Restricted', 'the MES did act');
    const retry = await mes.placeHold(hold('LOT-XYZ789', 'k1'));
    assert.deepEqual([retry.status, retry.reference], ['already', 'HOLD-LOT-XYZ789-1']);
  });

  it('counts faults down and can be cleared', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    mes.failNext(3);
    await assert.rejects(mes.listLines());
    mes.clearFaults();
    assert.equal((await mes.listLines()).length, 3);
    assert.throws(() => mes.failNext(0), RangeError);
  });
});
