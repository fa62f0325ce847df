// QLOOP_GUIDANCE_WORDING=llm against a local OpenAI-compatible stub: the alert goes out at once
// with the deterministic guidance, then the same alert is updated with the model's wording; the
// verdict, rule, numbers and proposals stay. A rewording that changes a number is discarded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertEvent } from '../../server/realtime/contract';
import { connectCopilot, connected, nextEvent, record, type TestSocket } from '../e2e/support/socket-client';
import { startOpenAiStub, type ChatRequest, type OpenAiStub } from '../support/openai-stub';
import { startTestServer, type TestServer } from '../support/server';

const PREFIX = 'In short for the line: ';
/** The stub rewords faithfully, except for lot LOT-24-0312, where it "improves" a number. */
const reword = (request: ChatRequest) => {
  const text = String(request.messages.at(-1)?.content ?? '');
  return { content: text.includes('LOT-24-0312') ? PREFIX + text.replace('2900', '2950') : PREFIX + text.replace('Now:', 'What to do now:') };
};

async function postResult(server: TestServer, lot: string, test: string, value: number, id: string): Promise<void> {
  const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sample_id: `S-${id}`, test_name: test, result: value, material_lot: lot, result_id: id, finalized_at: '2024-05-03T12:00:00Z' }) });
  assert.equal(res.status, 202);
  await server.resultLoop.settled();
}

describe('alert guidance reworded by an LLM', () => {
  let stub: OpenAiStub;
  let server: TestServer;
  let qa: TestSocket;
  before(async () => {
    stub = await startOpenAiStub(reword);
    server = await startTestServer({ limsPollMs: 0, model: 'openai', openaiBaseUrl: stub.baseUrl, openaiModel: 'stub-gpt', openaiApiKey: 'sk-stub', guidanceWording: 'llm' });
    qa = connectCopilot(server.url, { token: await server.login('qa.anna', 'Quality-Demo-1') });
    await connected(qa);
  });
  after(async () => {
    qa?.close();
    await server?.stop();
    await stub?.close();
  });

  it('sends the deterministic guidance first, then updates the same alert with the wording; nothing else changes', async () => {
    const seen = record(qa, ['alert']);
    const reworded = nextEvent<AlertEvent>(qa, 'alert', (a) => a.lot === 'LOT-XYZ789' && a.guidance.startsWith(PREFIX));
    await postResult(server, 'LOT-XYZ789', 'PH', 9.8, 'R-W1');
    const update = await reworded;
    const alerts = seen.map((e) => e.payload as AlertEvent).filter((a) => a.id === update.id);
    assert.equal(alerts.length, 2, 'the alert, then its update');
    const [first] = alerts as [AlertEvent];
    assert.doesNotMatch(first.guidance, new RegExp(`^${PREFIX}`), 'the first event carries the deterministic text');
    assert.equal(update.guidance, `${PREFIX}${first.guidance.replace('Now:', 'What to do now:')}`);
    const { guidance: _a, ...firstRest } = first;
    const { guidance: _b, ...updateRest } = update;
    assert.deepEqual(updateRest, firstRest, 'severity, rule, value, spec and proposal are the same');

    assert.equal(stub.requests.length, 1);
    assert.equal(stub.requests[0]?.messages.at(-1)?.content, first.guidance);
    const [audited] = await server.audit.list({ action: 'alert.reworded' });
    assert.equal(audited?.subject.id, update.id);
    assert.equal(audited?.ai?.model, `openai:stub-gpt@${stub.baseUrl}`);
    // The evaluation and its audit record keep the deterministic words.
    const evaluated = (await server.audit.list({ action: 'result.evaluated' })).find((r) => r.subject.id === 'R-W1');
    assert.equal((evaluated?.after as { guidance: string }).guidance, first.guidance);
    const stored = server.db.prepare('SELECT event FROM alerts WHERE n = ?').pluck().get(Number(update.id.slice(3))) as string;
    assert.equal((JSON.parse(stored) as AlertEvent).guidance, update.guidance, 'a terminal that reconnects gets the same wording');
  });

  it('discards a rewording whose numbers differ from the deterministic text, and audits why', async () => {
    const raised = nextEvent<AlertEvent>(qa, 'alert', (a) => a.lot === 'LOT-24-0312');
    await postResult(server, 'LOT-24-0312', 'VISC', 2900, 'R-W2');
    const alert = await raised;
    assert.ok(alert.guidance.includes('2900'));
    const [rejected] = (await server.audit.list({ action: 'alert.rewording.rejected' })).filter((r) => r.subject.id === alert.id);
    assert.match(rejected?.reason ?? '', /numbers added: 2950/);
    const stored = server.db.prepare('SELECT event FROM alerts WHERE n = ?').pluck().get(Number(alert.id.slice(3))) as string;
    assert.equal((JSON.parse(stored) as AlertEvent).guidance, alert.guidance, 'the deterministic text stays');
  });
});

describe('guidance wording off', () => {
  it('by default no alert goes to the model, even with the copilot on an LLM; llm without one is refused at start', async () => {
    const stub = await startOpenAiStub(reword);
    try {
      const server = await startTestServer({ limsPollMs: 0, model: 'openai', openaiBaseUrl: stub.baseUrl, openaiModel: 'stub-gpt' });
      try {
        await postResult(server, 'LOT-XYZ789', 'PH', 9.8, 'R-W3');
        assert.equal(server.db.prepare(`SELECT COUNT(*) FROM alerts`).pluck().get(), 1);
        assert.equal(stub.requests.length, 0);
      } finally {
        await server.stop();
      }
      await assert.rejects(startTestServer({ guidanceWording: 'llm' }), /QLOOP_GUIDANCE_WORDING=llm needs QLOOP_MODEL=openai/);
    } finally {
      await stub.close();
    }
  });
});
