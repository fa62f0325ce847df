// ControlLayerSetpointWriter on the simulated control layer: range intersection, stale
// proposals, read-only PLCs, idempotent retries, read-back and the audit record of a write.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryAuditLog } from '../../../server/adapters/audit/memory-audit-log';
import { ManualClock } from '../../../server/adapters/clock/manual-clock';
import { SimulatedControlLayer, type ControlLayer } from '../../../server/adapters/setpoint/control-layer';
import { ControlLayerSetpointWriter } from '../../../server/adapters/setpoint/control-layer-setpoint-writer';
import type { Equipment } from '../../../server/domain/types';
import { QloopError } from '../../../server/errors';

const tank: Equipment = { id: 'TK-07', name: 'Mixing tank 7', type: 'mixing tank', lineId: 'LINE-3', state: 'running', parameters: [{ id: 'TK-07.AgitatorSpeed', name: 'Agitator speed', unit: 'rpm', setpoint: 120, current: 119, validatedRange: { min: 80, max: 160 } }] };
const write = (value: number, expectedPrevious = 120, validatedRange = { min: 80, max: 160 }) => ({ equipmentId: 'TK-07', parameterId: 'TK-07.AgitatorSpeed', value, expectedPrevious, validatedRange, approvalId: 'P-1' });
const code = (e: unknown) => (e instanceof QloopError ? e.code : String(e));

describe('ControlLayerSetpointWriter', () => {
  it('writes inside the validated range and reads back', async () => {
    const layer = new SimulatedControlLayer([tank]);
    assert.deepEqual(await new ControlLayerSetpointWriter(layer).write(write(130)), { status: 'applied', previous: 120, current: 130 });
    assert.equal((await layer.read('TK-07', 'TK-07.AgitatorSpeed'))?.value, 130);
  });

  it('refuses a value outside the intersection of the proposal range and the device range, writing nothing', async () => {
    const layer = new SimulatedControlLayer([tank]);
    await assert.rejects(new ControlLayerSetpointWriter(layer).write(write(170, 120, { min: 80, max: 200 })), (e) => code(e) === 'VALIDATION' && /outside the allowed range 80–160/.test((e as Error).message));
    await assert.rejects(new ControlLayerSetpointWriter(layer).write(write(140, 120, { min: 80, max: 130 })), /80–130/);
    assert.deepEqual(layer.writes, []);
  });

  it('refuses when the setpoint moved since the proposal', async () => {
    const layer = new SimulatedControlLayer([tank]);
    await assert.rejects(new ControlLayerSetpointWriter(layer).write(write(130, 110)), (e) => code(e) === 'CONFLICT' && /is 120, not the 110/.test((e as Error).message));
  });

  it('answers a retry of a landed write without writing again', async () => {
    const layer = new SimulatedControlLayer([tank]);
    const writer = new ControlLayerSetpointWriter(layer);
    await writer.write(write(130));
    assert.deepEqual(await writer.write(write(130)), { status: 'already', previous: 130, current: 130 }, 'this attempt changed nothing: before is what it read');
    assert.equal(layer.writes.length, 1);
  });

  it('a first attempt that finds the target already in the PLC reports the value read as before, writes nothing, audits it unchanged', async () => {
    const layer = new SimulatedControlLayer([{ ...tank, parameters: tank.parameters.map((p) => ({ ...p, setpoint: 130 })) }]);
    const audit = new MemoryAuditLog(new ManualClock());
    // The proposal was made against 120; someone set 130 at the HMI since.
    assert.deepEqual(await new ControlLayerSetpointWriter(layer, { audit }).write(write(130, 120)), { status: 'already', previous: 130, current: 130 });
    assert.deepEqual(layer.writes, []);
    assert.deepEqual(audit.records.map((r) => [r.action, r.before, r.after]), [['setpoint.unchanged', { value: 130 }, { value: 130, readBack: true, writer: 'simulated-control-layer' }]]);
  });

  it('audits a write with the value before and the value read back, and a retry that found it there as unchanged', async () => {
    const audit = new MemoryAuditLog(new ManualClock());
    const writer = new ControlLayerSetpointWriter(new SimulatedControlLayer([tank]), { audit });
    await writer.write(write(130));
    await writer.write(write(130));
    assert.deepEqual(audit.records.map((r) => [r.action, r.subject.id, r.before, r.after, r.reason]), [
      ['setpoint.write.started', 'TK-07/TK-07.AgitatorSpeed', { value: 120 }, { value: 130, readBack: false, writer: 'simulated-control-layer' }, 'approved proposal P-1'],
      ['setpoint.written', 'TK-07/TK-07.AgitatorSpeed', { value: 120 }, { value: 130, readBack: true, writer: 'simulated-control-layer' }, 'approved proposal P-1'],
      ['setpoint.unchanged', 'TK-07/TK-07.AgitatorSpeed', { value: 130 }, { value: 130, readBack: true, writer: 'simulated-control-layer' }, 'approved proposal P-1'],
    ]);
    await assert.rejects(writer.write(write(170)), /outside the allowed range/);
    assert.equal(audit.records.length, 3, 'a refused write is not audited at all');
  });

  it('a retry after a write whose record was lost (qloop died between the write and its record): qloop\'s own change, recorded with the value before it', async () => {
    const audit = new MemoryAuditLog(new ManualClock());
    const layer = new SimulatedControlLayer([tank]);
    // The first attempt: its intent audited, the PLC written, then the process died before the read-back and its record.
    const dying: ControlLayer = { read: (e, p) => layer.read(e, p), write: async (e, p, v) => { const status = await layer.write(e, p, v); throw Object.assign(new Error(`process killed after the write (${status})`), { status }); } };
    await assert.rejects(new ControlLayerSetpointWriter(dying, { audit }).write(write(130)), /process killed/);
    assert.equal((await layer.read('TK-07', 'TK-07.AgitatorSpeed'))?.value, 130, 'the write landed');
    // The retry (a new process: a new writer on the same audit trail).
    assert.deepEqual(await new ControlLayerSetpointWriter(layer, { audit }).write(write(130)), { status: 'applied', previous: 120, current: 130 }, 'not "already 130 → 130, nothing written"');
    assert.deepEqual(audit.records.map((r) => [r.action, r.before, r.after]), [
      ['setpoint.write.started', { value: 120 }, { value: 130, readBack: false, writer: 'simulated-control-layer' }],
      ['setpoint.written', { value: 120 }, { value: 130, readBack: true, writer: 'simulated-control-layer', confirmedOnRetry: true }],
    ]);
    assert.equal(layer.writes.length, 1, 'written once');
    // A further retry finds the change recorded: unchanged, as before.
    assert.equal((await new ControlLayerSetpointWriter(layer, { audit }).write(write(130))).status, 'already');
    // Another approval finding the same value never borrows this approval's intent.
    assert.equal((await new ControlLayerSetpointWriter(layer, { audit }).write({ ...write(130), approvalId: 'P-2' })).status, 'already');
  });

  it('reports a read-only PLC as forbidden (BadUserAccessDenied)', async () => {
    const layer = new SimulatedControlLayer([tank]);
    layer.readOnly = true;
    await assert.rejects(new ControlLayerSetpointWriter(layer).write(write(130)), (e) => code(e) === 'FORBIDDEN' && /BadUserAccessDenied/.test((e as Error).message));
  });

  it('fails when the read-back does not show the value written', async () => {
    const inner = new SimulatedControlLayer([tank]);
    let reads = 0;
    const lying: ControlLayer = { read: async (e, p) => (++reads > 1 ? { ...(await inner.read(e, p))!, value: 125 } : inner.read(e, p)), write: (e, p, v) => inner.write(e, p, v) };
    await assert.rejects(new ControlLayerSetpointWriter(lying).write(write(130)), (e) => code(e) === 'UPSTREAM' && /read-back/.test((e as Error).message));
  });
});
