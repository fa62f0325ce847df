// A setpoint change from proposal to the control layer, on the real server: an engineer proposes,
// QA signs, the outbox writes through the setpoint writer, the MES's own equipment shows the new
// setpoint (in-process MES and an MES simulator over HTTP), the audit trail has the write with its
// value before and after; a proposal made against a setpoint that moved since is refused by the
// read-back check; with QLOOP_SETPOINT_WRITER=none the approval goes to the dead letter with a
// message naming the missing control-layer connection, and QA is alerted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { MemoryNotifier } from '../../server/adapters/notifier/memory-notifier';
import { loadConfig, type ConfigSources } from '../../server/config';
import { startQloop, type QloopInstance } from '../../server/main';
import type { ProposalEvent } from '../../server/realtime/contract';
import type { InProcessMes } from '../../simulators/in-process/mes';
import { tempDir } from '../support/temp';

const PASSWORDS: Record<string, string> = { 'qa.anna': 'Quality-Demo-1', 'eng.tom': 'Engineer-Demo-1', 'op.line3': 'Operator-Demo-1' };
const AGITATOR = { equipmentId: 'TK-07', parameterId: 'TK-07.AgitatorSpeed' };

interface Plant {
  server: QloopInstance;
  notifier: MemoryNotifier;
  propose(value: number): Promise<ProposalEvent>;
  approve(id: string): Promise<ProposalEvent>;
  /** The agitator speed setpoint as the terminal page shows it (read through the MES port). */
  terminalSetpoint(): Promise<number | undefined>;
  stop(): Promise<void>;
}

async function startPlant(overrides: ConfigSources['overrides']): Promise<Plant> {
  const tmp = tempDir();
  const notifier = new MemoryNotifier();
  const config = loadConfig({ env: {}, overrides: { port: 0, host: '127.0.0.1', dataDir: tmp.dir, logLevel: 'silent', shutdownGraceMs: 2000, startupDocuments: [], limsPollMs: 0, outboxRetryMs: 10, ...overrides } });
  const server = await startQloop(config, { logger: pino({ level: 'silent' }), notifiers: [notifier] });
  const tokens = new Map<string, string>();
  const token = async (user: string) => {
    if (!tokens.has(user)) {
      const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: PASSWORDS[user] }) });
      tokens.set(user, ((await res.json()) as { token: string }).token);
    }
    return tokens.get(user) as string;
  };
  const post = async (user: string, path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await token(user)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as { proposal?: ProposalEvent; error?: { message: string } };
    assert.ok(res.ok && json.proposal, `${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.proposal;
  };
  return {
    server,
    notifier,
    propose: (value) => post('eng.tom', '/api/proposals', { kind: 'setpoint', ...AGITATOR, value, reason: 'Foam at the surface; faster mixing per SOP-MIX-004.' }),
    approve: async (id) => {
      await post('qa.anna', `/api/proposals/${id}/decision`, { decision: 'approve', signature: { username: 'qa.anna', password: PASSWORDS['qa.anna'], meaning: 'Approve setpoint change', reason: 'Within the validated range; foam observed.' } });
      await server.resultLoop.settled();
      const res = await fetch(`${server.url}/api/proposals/${id}`, { headers: { authorization: `Bearer ${await token('qa.anna')}` } });
      return ((await res.json()) as { proposal: ProposalEvent }).proposal;
    },
    terminalSetpoint: async () => {
      const res = await fetch(`${server.url}/api/terminals/T-L3-01/context`, { headers: { authorization: `Bearer ${await token('op.line3')}` } });
      const context = (await res.json()) as { equipment: { id: string; parameters: { id: string; setpoint: number }[] }[] };
      return context.equipment.find((e) => e.id === AGITATOR.equipmentId)?.parameters.find((p) => p.id === AGITATOR.parameterId)?.setpoint;
    },
    stop: async () => {
      await server.close();
      tmp.remove();
    },
  };
}

const outcome = (p: ProposalEvent) => p.outcome as { status: string; message: string; reference?: string } | undefined;

describe('setpoint changes reach the control layer', () => {
  it('in-process demo: QA signs, the simulated PLC writes to the MES equipment, the terminal shows it, the audit has before and after', async () => {
    const plant = await startPlant({});
    try {
      assert.equal(plant.server.integrations.mes.setpoint.name, 'simulated-control-layer');
      assert.equal(await plant.terminalSetpoint(), 120);
      const proposal = await plant.propose(140);
      const stale = await plant.propose(130); // made against 120 too
      const done = await plant.approve(proposal.id);
      assert.equal(done.status, 'executed', JSON.stringify(done.outcome));
      assert.equal(outcome(done)?.reference, 'TK-07/TK-07.AgitatorSpeed=140 (was 120; simulated-control-layer)');
      assert.equal(outcome(done)?.message, 'Simulated control layer (demo: no real machine was changed) confirmed: TK-07/TK-07.AgitatorSpeed=140 (was 120; simulated-control-layer).', 'a simulated PLC says so in the chat');
      assert.equal(await plant.terminalSetpoint(), 140);
      assert.equal((await plant.server.integrations.mes.adapter.getProcessParameters('TK-07')).find((p) => p.id === AGITATOR.parameterId)?.setpoint, 140);

      const [written] = await plant.server.audit.list({ action: 'setpoint.written' });
      assert.deepEqual(written?.subject, { type: 'setpoint', id: 'TK-07/TK-07.AgitatorSpeed' });
      assert.deepEqual(written?.before, { value: 120 });
      assert.deepEqual(written?.after, { value: 140, readBack: true, writer: 'simulated-control-layer' });
      assert.match(written?.reason ?? '', new RegExp(proposal.id));
      assert.equal((await plant.server.audit.list({ action: 'proposal.executed', subjectId: proposal.id })).length, 1);

      // The second proposal was made against 120; the writer reads 140 and refuses to write.
      const refused = await plant.approve(stale.id);
      assert.equal(refused.status, 'failed');
      assert.match(outcome(refused)?.message ?? '', /setpoint of TK-07 TK-07\.AgitatorSpeed is 140, not the 120 the proposal was made against; re-propose from the current value/);
      assert.equal(await plant.terminalSetpoint(), 140);
      assert.equal((await plant.server.audit.list({ action: 'setpoint.written' })).length, 1);

      // A new proposal starts from what the MES now shows.
      assert.equal(((await plant.propose(150)).setpoint as { from: number }).from, 140);
    } finally {
      await plant.stop();
    }
  });

  it('a PLC already holding the approved value (set at the HMI since the proposal): reported as already, before = the value read, nothing written', async () => {
    const plant = await startPlant({});
    try {
      const proposal = await plant.propose(140); // made against 120
      (plant.server.integrations.mes.adapter as InProcessMes).setpointTags().apply(AGITATOR.equipmentId, AGITATOR.parameterId, 140);
      const done = await plant.approve(proposal.id);
      assert.equal(done.status, 'executed', JSON.stringify(done.outcome));
      assert.equal(outcome(done)?.status, 'already');
      assert.equal(outcome(done)?.message, 'Simulated control layer (demo: no real machine was changed): the setpoint already held the approved value; nothing was written (TK-07/TK-07.AgitatorSpeed=140 (was 140; simulated-control-layer)).');
      const [executed] = await plant.server.audit.list({ action: 'proposal.executed', subjectId: proposal.id });
      assert.deepEqual((executed?.after as { raw: { previous: number; current: number } }).raw, { ...AGITATOR, previous: 140, current: 140, writer: 'simulated-control-layer' }, 'no claim of a change from 120');
      assert.equal((await plant.server.audit.list({ action: 'setpoint.written' })).length, 0);
      const [unchanged] = await plant.server.audit.list({ action: 'setpoint.unchanged' });
      assert.deepEqual([unchanged?.before, unchanged?.after], [{ value: 140 }, { value: 140, readBack: true, writer: 'simulated-control-layer' }]);
    } finally {
      await plant.stop();
    }
  });

  it('QLOOP_SETPOINT_WRITER=none: the approval goes to the dead letter naming the missing control-layer connection, and QA is alerted', async () => {
    const plant = await startPlant({ setpointWriter: 'none' });
    try {
      const proposal = await plant.propose(140);
      const failed = await plant.approve(proposal.id);
      assert.equal(failed.status, 'failed');
      assert.match(outcome(failed)?.message ?? '', /no control-layer \(PLC \/ OPC UA\) connection is configured \(QLOOP_SETPOINT_WRITER=none\); TK-07\.AgitatorSpeed on TK-07 was not changed/);
      const entry = plant.server.db.prepare('SELECT state, attempts FROM outbox WHERE proposal_n = ?').get(Number(proposal.id.slice(2))) as { state: string; attempts: number };
      assert.deepEqual(entry, { state: 'dead', attempts: 1 }, 'not retried: retrying cannot connect a control layer');
      const alert = plant.notifier.sent.find((n) => n.severity === 'critical' && n.subject.includes(proposal.id));
      assert.match(alert?.summary ?? '', /QLOOP_SETPOINT_WRITER=none/);
      assert.match(alert?.summary ?? '', /did not reach the control layer: .* QA must act at the HMI \/ control system directly\./);
      assert.equal(await plant.terminalSetpoint(), 120);
      assert.equal((await plant.server.audit.list({ action: 'setpoint.written' })).length, 0);
    } finally {
      await plant.stop();
    }
  });

  it('over HTTP (QLOOP_MES=generic-rest, simulator started): the simulator floor takes the setpoint and the adapter reads it back', async () => {
    const plant = await startPlant({ mes: 'generic-rest', demo: true, simulators: true });
    try {
      const floor = plant.server.integrations.mes.simulator?.floor;
      assert.ok(floor, 'an MES simulator with a floor was started');
      const proposal = await plant.propose(95);
      const done = await plant.approve(proposal.id);
      assert.equal(done.status, 'executed', JSON.stringify(done.outcome));
      assert.equal(await plant.terminalSetpoint(), 95);
      assert.deepEqual(floor.writes.filter((w) => w.op === 'setpoint').map((w) => [w.target, w.reference]), [['TK-07.AgitatorSpeed', '95']]);
    } finally {
      await plant.stop();
    }
  });
});
