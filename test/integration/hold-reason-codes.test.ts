// A site's own hold reason codes reach the MES: the plant file's holdReasons table (not
// SOP-QA-010's) decides the code of an approved hold, by cause: an OOS, a microbial count over
// its limit (on the catalog's spec or on the LIMS's own limits), and a hold a person asked for
// each get the code the site gave that cause; a person may choose the code from the table
// (WI-PRD-030 §5.6.2), and a code not in the table is refused naming the table.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { SystemClock } from '../../server/adapters/clock/system-clock';
import { loadConfig } from '../../server/config';
import { startQloop, type QloopInstance } from '../../server/main';
import { DEMO_PLANT_FILE, loadPlant } from '../../server/plant';
import type { ProposalEvent } from '../../server/realtime/contract';
import { InProcessMes } from '../../simulators/in-process/mes';
import { connectCopilot, connected, nextEvent, type TestSocket } from '../e2e/support/socket-client';
import { tempDir } from '../support/temp';

const SITE_CODES = [
  { code: 'QH-10', reason: 'Out of specification', usedFor: ['oos'] },
  { code: 'QH-20', reason: 'Microbiology', usedFor: ['microbiological'] },
  { code: 'QH-90', reason: 'Under QA evaluation', usedFor: ['trend', 'review', 'requested'] },
];

describe('hold reason codes from the plant file, to the MES', () => {
  const tmp = tempDir();
  let server: QloopInstance;
  let mes: InProcessMes;
  let qa: TestSocket;
  let qaToken: string;
  const login = async (username: string, password: string) => {
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return ((await res.json()) as { token: string }).token;
  };
  const approve = async (id: string) => {
    const res = await fetch(`${server.url}/api/proposals/${id}/decision`, {
      method: 'POST', headers: { authorization: `Bearer ${qaToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve', signature: { username: 'qa.anna', password: 'Quality-Demo-1', meaning: 'Approve hold', reason: 'Hold per the site procedure.' } }),
    });
    assert.equal(res.status, 200, await res.text());
  };
  const openHoldCode = async (lotId: string) => (await mes.getLotContext(lotId))?.lot.holds.find((h) => !h.releasedAt)?.reasonCode;
  /** Posts a final result to the LIMS webhook, approves the hold it proposes, waits for the MES. */
  const holdFromResult = async (result: Record<string, unknown>) => {
    const proposed = nextEvent<ProposalEvent>(qa, 'proposal', (p) => p.kind === 'hold' && p.lot === result.material_lot && p.status === 'proposed');
    const posted = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'final', finalized_at: '2024-05-03T10:15:00Z', ...result }) });
    assert.equal(posted.status, 202);
    const hold = await proposed;
    const executed = nextEvent<ProposalEvent>(qa, 'proposal', (p) => p.id === hold.id && p.status === 'executed');
    await approve(hold.id);
    await executed;
  };

  before(async () => {
    const plant = JSON.parse(JSON.stringify(loadPlant(DEMO_PLANT_FILE))) as ReturnType<typeof loadPlant>;
    plant.holdReasons = SITE_CODES as NonNullable<typeof plant.holdReasons>;
    for (const lot of plant.lots) for (const hold of lot.holds) hold.reasonCode = hold.reasonCode === 'HR-01' ? 'QH-10' : 'QH-90';
    const plantFile = path.join(tmp.dir, 'site-plant.json');
    writeFileSync(plantFile, JSON.stringify(plant));
    const config = loadConfig({ env: {}, overrides: { plant: plantFile, startupDocuments: [], port: 0, host: '127.0.0.1', dataDir: path.join(tmp.dir, 'data'), logLevel: 'silent', shutdownGraceMs: 2000, limsPollMs: 0 } });
    mes = new InProcessMes(loadPlant(plantFile), new SystemClock());
    server = await startQloop(config, { logger: pino({ level: 'silent' }), mes });
    qaToken = await login('qa.anna', 'Quality-Demo-1');
    qa = connectCopilot(server.url, { token: qaToken });
    await connected(qa);
  });
  after(async () => {
    qa?.close();
    await server?.close();
    tmp.remove();
  });

  it('an OOS result: the site\'s OOS code', async () => {
    await holdFromResult({ sample_id: 'BATCH-2024-001-05', test_name: 'pH', result: 9.8, material_lot: 'LOT-XYZ789', work_order: 'WO-1001', result_id: 'R-778812', unit: '' });
    assert.equal(await openHoldCode('LOT-XYZ789'), 'QH-10');
  });

  it('a microbial count over its limit (cfu): the site\'s microbiology code', async () => {
    const lot = loadPlant(DEMO_PLANT_FILE).lots.find((l) => l.productId === 'PRD-PARA-SUS' && l.disposition === 'UnRestricted' && l.holds.length === 0);
    assert.ok(lot, 'a released suspension lot without holds');
    const sample = loadPlant(DEMO_PLANT_FILE).samples.find((s) => s.lotId === lot.id);
    assert.ok(sample);
    await holdFromResult({ sample_id: sample.id, test_name: 'TAMC', result: 250, material_lot: lot.id, result_id: 'R-TAMC-SITE-1', unit: 'cfu/g' });
    assert.equal(await openHoldCode(lot.id), 'QH-20');
  });

  it('a cfu count with no catalog spec, judged on the LIMS\'s own limits: still the site\'s microbiology code (the result\'s unit)', async () => {
    const plant = loadPlant(DEMO_PLANT_FILE);
    const lot = plant.lots.find((l) => l.id === 'LOT-24-0109');
    assert.ok(lot && lot.disposition === 'UnRestricted' && lot.holds.length === 0 && lot.productId === 'PRD-IBU400', 'a released tablet lot without holds');
    assert.ok(!plant.specifications.some((sp) => sp.productId === 'PRD-IBU400' && sp.test === 'TAMC'), 'no TAMC spec for tablets in the catalog');
    const sample = plant.samples.find((sm) => sm.lotId === lot.id);
    assert.ok(sample);
    await holdFromResult({ sample_id: sample.id, test_name: 'TAMC', result: 250, spec_max: 100, material_lot: lot.id, result_id: 'R-TAMC-LIMS-1', unit: 'cfu/g' });
    assert.equal(await openHoldCode(lot.id), 'QH-20');
  });

  it('a person\'s hold with the code they chose from the table; a code the table lacks is refused naming the table', async () => {
    const operator = await login('op.line1', 'Operator-Demo-1');
    const ask = (body: Record<string, unknown>) =>
      fetch(`${server.url}/api/proposals`, { method: 'POST', headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'hold', lotId: 'LOT-24-0111', reason: 'Mould seen on the tablet surface at the IPC.', ...body }) });
    const refused = await ask({ reasonCode: 'HR-05' });
    assert.equal(refused.status, 422);
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'VALIDATION');
    assert.match(error.message, /hold reason code "HR-05" is not in the plant's table; use one of QH-10 \(Out of specification\), QH-20 \(Microbiology\), QH-90 \(Under QA evaluation\)/);
    const res = await ask({ reasonCode: 'qh-20' });
    assert.equal(res.status, 201);
    const { proposal } = (await res.json()) as { proposal: ProposalEvent };
    assert.equal(proposal.holdReasonCode, 'QH-20', 'the card shows the code the signer approves');
    const executed = nextEvent<ProposalEvent>(qa, 'proposal', (p) => p.id === proposal.id && p.status === 'executed');
    await approve(proposal.id);
    await executed;
    assert.equal(await openHoldCode('LOT-24-0111'), 'QH-20', 'the chosen code, in the table\'s spelling');
    const [created] = await server.audit.list({ action: 'proposal.created', subjectId: proposal.id });
    assert.equal((created?.after as { holdReasonCode?: string }).holdReasonCode, 'QH-20', 'the choice is in the audit trail');
  });

  it('a hold a person asked for: the code the site gave requested holds', async () => {
    const res = await fetch(`${server.url}/api/proposals`, {
      method: 'POST', headers: { authorization: `Bearer ${await login('op.line1', 'Operator-Demo-1')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'hold', lotId: 'LOT-24-0120', reason: 'Foreign tablet found at the hopper.' }),
    });
    const { proposal } = (await res.json()) as { proposal: ProposalEvent };
    assert.equal(proposal.holdReasonCode, 'QH-90', 'the default, shown on the card');
    const executed = nextEvent<ProposalEvent>(qa, 'proposal', (p) => p.id === proposal.id && p.status === 'executed');
    await approve(proposal.id);
    await executed;
    assert.equal(await openHoldCode('LOT-24-0120'), 'QH-90');
  });
});
