// Contract every MesAdapter + MES (simulator or real) pair passes, serving the demo plant:
// lookups, unknown ids, and hold / release / nonconformance semantics that make outbox
// retries safe (a second hold answers `already`, never a second hold).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { MesAdapter } from '../../server/ports/mes';

export interface MesUnderTest {
  adapter: MesAdapter;
  close(): Promise<void>;
}

const key = () => `contract-${randomUUID()}`;
const hold = (lotId: string, idempotencyKey = key()) => ({
  lotId, reasonCode: 'HR-01', comment: 'pH 9.8 above 7.5 (contract test)', initiatedBy: 'qa.contract', idempotencyKey,
});
const release = (lotId: string, idempotencyKey = key()) => ({ lotId, comment: 'released after review (contract test)', initiatedBy: 'qa.contract', idempotencyKey });

export function mesContract(name: string, make: () => Promise<MesUnderTest>): void {
  describe(`MesAdapter contract: ${name}`, () => {
    let mes: MesUnderTest;
    beforeEach(async () => {
      mes = await make();
    });
    afterEach(async () => {
      await mes.close();
    });

    it('names itself and its capabilities', () => {
      const capabilities = mes.adapter.capabilities();
      assert.ok(mes.adapter.name.length > 0 && capabilities.system.length > 0);
      for (const capability of [capabilities.lotContext, capabilities.placeHold, capabilities.releaseHold]) {
        assert.ok(['native', 'emulated'].includes(capability));
      }
    });

    it('lists the lines with their terminals', async () => {
      const lines = await mes.adapter.listLines();
      assert.deepEqual(lines.map((l) => l.id), ['LINE-1', 'LINE-2', 'LINE-3']);
      assert.ok(lines.find((l) => l.id === 'LINE-3')?.terminals.some((t) => t.id === 'T-L3-01'));
    });

    it('gives the context of the reference lot and undefined for an unknown lot', async () => {
      const context = await mes.adapter.getLotContext('LOT-XYZ789');
      assert.deepEqual([context?.lot.disposition, context?.lot.productId, context?.workOrder?.id, context?.line?.id], ['In-Process', 'PRD-PARA-SUS', 'WO-1001', 'LINE-3']);
      assert.equal(await mes.adapter.getLotContext('LOT-NOPE'), undefined);
    });

    it('gets work orders, the running ones per line, and undefined for an unknown order', async () => {
      assert.deepEqual([(await mes.adapter.getWorkOrder('WO-1001'))?.lotId, (await mes.adapter.getWorkOrder('WO-1001'))?.status], ['LOT-XYZ789', 'running']);
      assert.equal(await mes.adapter.getWorkOrder('WO-0000'), undefined);
      assert.deepEqual((await mes.adapter.getRunningWorkOrders('LINE-3')).map((o) => o.id), ['WO-1001']);
      assert.equal((await mes.adapter.getRunningWorkOrders('LINE-1')).length, 1);
      assert.deepEqual(await mes.adapter.getRunningWorkOrders('LINE-9'), []);
    });

    it('gets equipment with process parameters inside their validated ranges', async () => {
      const tank = await mes.adapter.getEquipment('TK-07');
      assert.equal(tank?.lineId, 'LINE-3');
      const agitator = tank?.parameters.find((p) => p.name === 'Agitator speed');
      assert.deepEqual([agitator?.setpoint, agitator?.validatedRange.min, agitator?.validatedRange.max], [120, 80, 160]);
      assert.ok((await mes.adapter.listEquipment('LINE-1')).some((e) => e.id === 'TP-101'));
      const press = await mes.adapter.getProcessParameters('TP-101');
      assert.ok(press.some((p) => p.name === 'Main compression force' && p.unit === 'kN' && p.setpoint === 18));
      for (const parameter of press) assert.ok(parameter.setpoint >= parameter.validatedRange.min && parameter.setpoint <= parameter.validatedRange.max);
      assert.equal(await mes.adapter.getEquipment('TK-99'), undefined);
      assert.deepEqual(await mes.adapter.listEquipment('LINE-9'), []);
    });

    it('holds a lot: disposition Restricted with one open hold', async () => {
      const result = await mes.adapter.placeHold(hold('LOT-XYZ789'));
      assert.equal(result.status, 'applied');
      assert.ok(result.reference.length > 0);
      const lot = (await mes.adapter.getLotContext('LOT-XYZ789'))?.lot;
      assert.equal(lot?.disposition, 'Restricted');
      const open = lot?.holds.filter((h) => h.releasedAt === undefined) ?? [];
      assert.deepEqual(open.map((h) => [h.id, h.reasonCode]), [[result.reference, 'HR-01']]);
    });

    it('answers a second hold with `already` and the existing hold, never a second hold', async () => {
      const first = await mes.adapter.placeHold(hold('LOT-XYZ789'));
      const second = await mes.adapter.placeHold(hold('LOT-XYZ789'));
      const retry = await mes.adapter.placeHold(hold('LOT-XYZ789', 'same-key'));
      const retryAgain = await mes.adapter.placeHold(hold('LOT-XYZ789', 'same-key'));
      assert.deepEqual([second.status, second.reference], ['already', first.reference]);
      assert.deepEqual([retry.status, retryAgain.status], ['already', 'already']);
      const lot = (await mes.adapter.getLotContext('LOT-XYZ789'))?.lot;
      assert.equal(lot?.holds.filter((h) => h.releasedAt === undefined).length, 1);
    });

    it('refuses to release a lot that is not held, and leaves it as it was', async () => {
      await assert.rejects(mes.adapter.releaseHold(release('LOT-12345')), /not on hold/);
      const lot = (await mes.adapter.getLotContext('LOT-12345'))?.lot;
      assert.equal(lot?.disposition, 'UnRestricted');
    });

    it('releases a hold it placed, back to the lot\'s disposition, and answers a retry with `already`', async () => {
      const placed = await mes.adapter.placeHold(hold('LOT-XYZ789'));
      const releaseKey = key();
      const released = await mes.adapter.releaseHold(release('LOT-XYZ789', releaseKey));
      assert.deepEqual([released.status, released.reference], ['applied', placed.reference]);
      const lot = (await mes.adapter.getLotContext('LOT-XYZ789'))?.lot;
      assert.equal(lot?.disposition, 'In-Process');
      assert.ok(lot?.holds.find((h) => h.id === placed.reference)?.releasedAt);
      assert.equal((await mes.adapter.releaseHold(release('LOT-XYZ789', releaseKey))).status, 'already');
      await assert.rejects(mes.adapter.releaseHold(release('LOT-XYZ789')), /not on hold/);
    });

    it('refuses writes for an unknown lot', async () => {
      await assert.rejects(mes.adapter.placeHold(hold('LOT-NOPE')), /LOT-NOPE/);
      await assert.rejects(mes.adapter.releaseHold(release('LOT-NOPE')), /LOT-NOPE/);
      await assert.rejects(mes.adapter.draftNonconformance({ lotId: 'LOT-NOPE', code: 'OOS', description: 'x', initiatedBy: 'qa.contract', idempotencyKey: key() }), /LOT-NOPE/);
    });

    it('drafts a nonconformance once per idempotency key', async () => {
      const draft = { lotId: 'LOT-XYZ789', code: 'OOS-PH', description: 'pH 9.8 above 7.5 on BATCH-2024-001-05', initiatedBy: 'qa.contract', idempotencyKey: key() };
      const first = await mes.adapter.draftNonconformance(draft);
      const retry = await mes.adapter.draftNonconformance(draft);
      const other = await mes.adapter.draftNonconformance({ ...draft, idempotencyKey: key() });
      assert.deepEqual([first.status, retry.status, retry.reference], ['applied', 'already', first.reference]);
      assert.equal(other.status, 'applied');
      assert.notEqual(other.reference, first.reference);
    });
  });
}
