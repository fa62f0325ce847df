// Which setpoint writer a configuration gets (QLOOP_SETPOINT_WRITER): a simulated PLC only in
// the demo on a simulated MES, a refusing writer everywhere else; the refusal names the missing
// control-layer connection and writes nothing; a simulated write is audited with before/after;
// `simulated` next to an MES at a URL is a configuration error naming both keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryAuditLog } from '../../../server/adapters/audit/memory-audit-log';
import { ManualClock } from '../../../server/adapters/clock/manual-clock';
import { equipmentTags } from '../../../server/adapters/setpoint/control-layer';
import { connectSetpointWriter } from '../../../server/adapters/setpoint/connect';
import { ConfigError, loadConfig } from '../../../server/config';
import type { Equipment } from '../../../server/domain/types';
import { QloopError } from '../../../server/errors';

const tank: Equipment = { id: 'TK-07', name: 'Mixing tank 7', type: 'mixing tank', lineId: 'LINE-3', state: 'running', parameters: [{ id: 'TK-07.AgitatorSpeed', name: 'Agitator speed', unit: 'rpm', setpoint: 120, current: 119, validatedRange: { min: 80, max: 160 } }] };
const change = { equipmentId: 'TK-07', parameterId: 'TK-07.AgitatorSpeed', value: 140, expectedPrevious: 120, validatedRange: { min: 80, max: 160 }, approvalId: 'P-9' };

function writerFor(env: Record<string, string>, floor = equipmentTags([tank])) {
  const audit = new MemoryAuditLog(new ManualClock(Date.parse('2024-05-03T10:00:00Z')));
  const writer = connectSetpointWriter(loadConfig({ env }), { floorTags: env.QLOOP_MES && env.QLOOP_MES !== 'in-process' ? undefined : floor, audit });
  return { writer, audit, floor };
}

describe('setpoint writer choice', () => {
  it('auto in the demo on a simulated MES: a simulated PLC on that MES\'s equipment, audited with before and after', async () => {
    const { writer, audit, floor } = writerFor({});
    assert.equal(writer.name, 'simulated-control-layer');
    assert.deepEqual(await writer.write(change), { status: 'applied', previous: 120, current: 140 });
    assert.equal(floor.read('TK-07', 'TK-07.AgitatorSpeed')?.setpoint, 140, 'the MES equipment holds the new setpoint');
    const [started, record] = audit.records;
    assert.deepEqual([started?.action, started?.before, started?.after], ['setpoint.write.started', { value: 120 }, { value: 140, readBack: false, writer: 'simulated-control-layer' }], 'the intent first');
    assert.equal(record?.action, 'setpoint.written');
    assert.deepEqual(record?.subject, { type: 'setpoint', id: 'TK-07/TK-07.AgitatorSpeed' });
    assert.deepEqual(record?.before, { value: 120 });
    assert.deepEqual(record?.after, { value: 140, readBack: true, writer: 'simulated-control-layer' });
    assert.match(record?.reason ?? '', /P-9/);
  });

  it('auto outside the demo and none: refuses every write, naming the missing control-layer connection, writing nothing', async () => {
    for (const [env, why] of [[{ QLOOP_DEMO: 'false', QLOOP_WEBHOOK_SECRET: 'a-webhook-secret-shared-with-the-lims-0001' }, /QLOOP_SETPOINT_WRITER=auto outside the demo/], [{ QLOOP_SETPOINT_WRITER: 'none' }, /QLOOP_SETPOINT_WRITER=none/]] as const) {
      const { writer, audit, floor } = writerFor(env);
      assert.equal(writer.name, 'none');
      await assert.rejects(writer.write(change), (e) => e instanceof QloopError && e.code === 'NOT_FOUND' && /no control-layer \(PLC \/ OPC UA\) connection is configured/.test(e.message) && why.test(e.message) && /TK-07\.AgitatorSpeed on TK-07 was not changed/.test(e.message));
      assert.equal(floor.read('TK-07', 'TK-07.AgitatorSpeed')?.setpoint, 120);
      assert.equal(audit.records.length, 0);
    }
  });

  it('auto in the demo against an external MES: no simulated PLC stands in for a real one', async () => {
    const { writer } = writerFor({ QLOOP_MES: 'sap-dm', QLOOP_SAP_DM_URL: 'https://api.eu20.dmc.cloud.sap' });
    assert.equal(writer.name, 'none');
    await assert.rejects(writer.write(change), /QLOOP_MES=sap-dm is an external MES, not a simulator/);
  });

  it('simulated is refused outside the demo when the configuration is loaded', () => {
    assert.throws(() => loadConfig({ env: { QLOOP_SETPOINT_WRITER: 'simulated', QLOOP_DEMO: 'false' } }), (e) => e instanceof ConfigError && e.problems.some((p) => /QLOOP_SETPOINT_WRITER: simulated needs QLOOP_DEMO=true/.test(p)));
    assert.throws(() => loadConfig({ env: { QLOOP_SETPOINT_WRITER: 'opcua' } }), /QLOOP_SETPOINT_WRITER/);
  });

  it('simulated next to an MES at a URL is refused when the configuration is loaded, naming both keys, demo or not', () => {
    for (const [mes, urlKey, url] of [['sap-dm', 'QLOOP_SAP_DM_URL', 'https://api.eu20.dmc.cloud.sap'], ['plex', 'QLOOP_PLEX_URL', 'https://test.connect.plex.com'], ['opcenter', 'QLOOP_OPCENTER_URL', 'https://opcenter.plant.local'], ['generic-rest', 'QLOOP_GENERIC_MES_URL', 'http://127.0.0.1:9/api/v1']] as const) {
      assert.throws(
        () => loadConfig({ env: { QLOOP_SETPOINT_WRITER: 'simulated', QLOOP_MES: mes, [urlKey]: url } }),
        (e) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('QLOOP_SETPOINT_WRITER: simulated cannot run next to the MES at') && p.includes(urlKey)),
        `${mes} at ${urlKey}`,
      );
    }
  });

  it('simulated on a simulated MES: the in-process MES, or a vendor simulator qloop starts (its URL key empty)', () => {
    assert.equal(loadConfig({ env: { QLOOP_SETPOINT_WRITER: 'simulated' } }).setpointWriter, 'simulated');
    assert.equal(loadConfig({ env: { QLOOP_SETPOINT_WRITER: 'simulated', QLOOP_MES: 'sap-dm' } }).setpointWriter, 'simulated');
    // Another MES's URL key is not the one qloop talks to.
    assert.equal(loadConfig({ env: { QLOOP_SETPOINT_WRITER: 'simulated', QLOOP_PLEX_URL: 'https://test.connect.plex.com' } }).setpointWriter, 'simulated');
  });

  it('simulated with no simulated MES floor to write to is refused, never a PLC simulated from the plant record', () => {
    const config = loadConfig({ env: { QLOOP_SETPOINT_WRITER: 'simulated', QLOOP_MES: 'plex' } });
    const audit = new MemoryAuditLog(new ManualClock());
    assert.throws(() => connectSetpointWriter(config, { floorTags: undefined, audit }), (e) => e instanceof ConfigError && /QLOOP_SETPOINT_WRITER: simulated needs a simulated MES/.test(e.message));
  });
});
