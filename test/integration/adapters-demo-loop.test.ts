// The whole demo over HTTP: the lab verifies pH 9.8 in the vendor LIMS simulator, qloop
// polls it (or receives the push), the LINE-3 terminal gets the hold proposal, QA signs, and
// the hold lands once in the vendor MES simulator, shown back on the terminal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Config } from '../../server/config';
import type { ProposalEvent, WireError } from '../../server/realtime/contract';
import { connectCopilot, connected, nextEvent } from '../e2e/support/socket-client';
import { REFERENCE_PH } from '../contracts/lims.contract';
import { startTestServer } from '../support/server';

type Reply<T> = ({ ok: true } & T) | { ok: false; error: WireError };
const pairs: [Config['lims'], Config['mes']][] = [['senaite', 'sap-dm'], ['generic-rest', 'opcenter']];

describe('the reference scenario over the wire', () => {
  for (const [lims, mes] of pairs) {
    it(`${lims} -> qloop -> ${mes}: pH 9.8 ends in one signed hold at the MES simulator`, async () => {
      const server = await startTestServer({ lims, mes, demo: true, simulators: true, limsPollMs: 200 });
      const operator = connectCopilot(server.url, { token: await server.login('op.line3', 'Operator-Demo-1'), terminal: 'T-L3-01' });
      const qa = connectCopilot(server.url, { token: await server.login('qa.anna', 'Quality-Demo-1') });
      try {
        await Promise.all([connected(operator), connected(qa)]);
        const proposed = nextEvent<ProposalEvent>(operator, 'proposal', (p) => p.kind === 'hold' && p.lot === 'LOT-XYZ789', 20_000);
        server.lims.recordResult(REFERENCE_PH); // the lab verifies the result in the LIMS simulator
        const hold = await proposed;
        const executed = nextEvent<ProposalEvent>(operator, 'proposal', (p) => p.id === hold.id && p.status === 'executed', 20_000);
        const reply = (await qa.emitWithAck('decide', { proposalId: hold.id, decision: 'approve', signature: { username: 'qa.anna', password: 'Quality-Demo-1', meaning: 'Approve hold', reason: 'Confirmed OOS pH 9.8 (demo over HTTP).' } })) as Reply<{ proposal: ProposalEvent }>;
        assert.ok(reply.ok, JSON.stringify(reply));
        await executed;
        const floor = server.integrations.mes.simulator?.floor;
        assert.equal(floor?.holdCount('LOT-XYZ789'), 1, 'the hold landed once at the MES simulator');
        const token = await server.login('op.line3', 'Operator-Demo-1');
        const context = (await (await fetch(`${server.url}/api/terminals/T-L3-01/context`, { headers: { authorization: `Bearer ${token}` } })).json()) as { source: string; lots: { id: string; disposition: string; holds: { placedBy: string }[] }[] };
        assert.equal(context.source, mes);
        assert.deepEqual(context.lots.map((l) => [l.id, l.disposition, l.holds.at(-1)?.placedBy]), [['LOT-XYZ789', 'Restricted', 'qa.anna']]);
      } finally {
        operator.close();
        qa.close();
        await server.stop();
      }
    });
  }
});
