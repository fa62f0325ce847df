// The demo over HTTP: with QLOOP_LIMS / QLOOP_MES naming a vendor, qloop starts that vendor's
// simulator, talks to it over the wire, and the terminal page's context shows its live data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Config } from '../../server/config';
import { startTestServer } from '../support/server';

interface TerminalContext {
  source: string;
  line: { id: string };
  workOrders: { id: string; lotId: string; status: string }[];
  lots: { id: string; disposition: string }[];
  equipment: { id: string; parameters: { name: string; setpoint: number; current: number }[] }[];
}

const pairs: [Config['lims'], Config['mes']][] = [['senaite', 'sap-dm'], ['polling', 'plex'], ['generic-rest', 'opcenter'], ['senaite', 'generic-rest']];

describe('demo over HTTP against the vendor simulators', () => {
  for (const [lims, mes] of pairs) {
    it(`QLOOP_LIMS=${lims} QLOOP_MES=${mes}: the terminal shows the line, work order, lot and equipment from the simulator`, async () => {
      const server = await startTestServer({ lims, mes, demo: true, simulators: true, limsPollMs: 0 });
      try {
        assert.ok(server.integrations.mes.simulator, 'an MES simulator was started');
        assert.ok(server.integrations.lims.simulator, 'a LIMS simulator was started');
        const token = await server.login('op.line3', 'Operator-Demo-1');
        const res = await fetch(`${server.url}/api/terminals/T-L3-01/context`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(res.status, 200);
        const context = (await res.json()) as TerminalContext;
        assert.equal(context.source, mes);
        assert.equal(context.line.id, 'LINE-3');
        assert.deepEqual(context.workOrders.map((o) => [o.id, o.lotId, o.status]), [['WO-1001', 'LOT-XYZ789', 'running']]);
        assert.deepEqual(context.lots.map((l) => [l.id, l.disposition]), [['LOT-XYZ789', 'In-Process']]);
        const tank = context.equipment.find((e) => e.id === 'TK-07');
        assert.ok(tank?.parameters.some((p) => p.name === 'Agitator speed' && p.setpoint === 120));
        // The LIMS side answers through its adapter too.
        assert.equal((await server.lims.getSample('BATCH-2024-001-05'))?.lotId, 'LOT-XYZ789');
      } finally {
        await server.stop();
      }
    });
  }

  it('refuses to start a vendor adapter without its URL outside the demo, naming the key', async () => {
    await assert.rejects(startTestServer({ mes: 'sap-dm', demo: false, webhookSecret: 'a-webhook-secret-shared-with-the-lims-0001' }), /QLOOP_MES=sap-dm needs its URL key \(QLOOP_SAP_DM_URL\)/);
  });
});

describe('demo simulator faults from config', () => {
  it('refuses bad QLOOP_SIM_FAULTS at start, naming the key and the field', async () => {
    await assert.rejects(startTestServer({ mes: 'generic-rest', simFaults: '{"rate429":2}' }), /QLOOP_SIM_FAULTS: simulator faults: rate429/);
  });

  it('starts the chosen simulator misbehaving as configured; the adapter still serves the terminal', async () => {
    const server = await startTestServer({ mes: 'generic-rest', simFaults: '{"rate503":0.3,"seed":5}', limsPollMs: 0 });
    try {
      const token = await server.login('op.line3', 'Operator-Demo-1');
      const res = await fetch(`${server.url}/api/terminals/T-L3-01/context`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      assert.ok(server.integrations.mes.simulator!.faults.stats.injected['503'] > 0, 'faults were injected and retried');
    } finally {
      await server.stop();
    }
  });
});
