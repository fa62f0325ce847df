// The copilot end to end over socket.io (issue 7 acceptance): after the reference result (pH 9.8 on
// BATCH-2024-001-05) is recorded in the LIMS and pushed to qloop, an operator at T-L3-01 asks for it
// and gets 9.8, the spec 6.5–7.5 and the OOS verdict, with the LIMS record cited; the answer is
// streamed, kept in the terminal's conversation and audited. Then the same through an
// OpenAI-compatible model (local stub): tokens stream to the socket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Citation, ToolCallSummary, WireError } from '../../server/realtime/contract';
import { connectCopilot, connected, record, type TestSocket } from '../e2e/support/socket-client';
import { startOpenAiStub, type OpenAiStub } from '../support/openai-stub';
import { startTestServer, type TestServer } from '../support/server';

const QUESTION = "What's the pH result for sample BATCH-2024-001-05?";
const WEBHOOK = { sample_id: 'BATCH-2024-001-05', test_name: 'pH', result: 9.8, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-XYZ789', work_order: 'WO-1001', result_id: 'R-778812', unit: '', status: 'final', finalized_at: '2024-05-03T10:15:00Z' };

type Reply<T> = ({ ok: true } & T) | { ok: false; error: WireError };
interface Done {
  messageId: string;
  text: string;
  citations: Citation[];
  toolCalls: ToolCallSummary[];
}

async function postReferenceResult(server: TestServer): Promise<void> {
  const [pending] = await server.lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH' });
  assert.equal(pending?.status, 'pending');
  server.lims.recordResult({ ...pending!, value: '9.8', numeric: 9.8, status: 'final', finalizedAt: WEBHOOK.finalized_at });
  const pushed = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(WEBHOOK) });
  assert.equal(pushed.status, 202);
}

async function ask(socket: TestSocket, text: string, conversationId?: string): Promise<{ done: Done; events: Array<{ event: string; payload: unknown }>; conversationId: string }> {
  const events = record(socket, ['answer.progress', 'answer.delta', 'answer.done', 'answer.error']);
  // Listen before asking: a fast answer can arrive right behind the ack.
  const answers: Done[] = [];
  const waiting = new Set<(d: Done) => void>();
  socket.on('answer.done', (d) => {
    answers.push(d as Done);
    for (const w of waiting) w(d as Done);
  });
  const reply = await socket.timeout(10_000).emitWithAck('ask', { text, ...(conversationId ? { conversationId } : {}) }) as Reply<{ conversationId: string; messageId: string }>;
  if (!reply.ok) throw new Error(`ask refused: ${reply.error.message}`);
  const done =
    answers.find((d) => d.messageId === reply.messageId) ??
    (await new Promise<Done>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer.done within 30 s')), 30_000);
      waiting.add((d) => d.messageId === reply.messageId && (clearTimeout(timer), resolve(d)));
    }));
  socket.off('answer.done');
  return { done, events: events.filter((e) => (e.payload as { messageId?: string }).messageId === reply.messageId), conversationId: reply.conversationId };
}

describe('copilot over socket.io with the deterministic model', () => {
  let server: TestServer;
  let operator: TestSocket;

  before(async () => {
    server = await startTestServer({ limsPollMs: 0 });
    operator = connectCopilot(server.url, { token: await server.login('op.line3', 'Operator-Demo-1'), terminal: 'T-L3-01' });
    await connected(operator);
  });
  after(async () => {
    operator?.close();
    await server?.stop();
  });

  it('answers the reference question with 9.8, the spec and the OOS verdict, citing the LIMS record', async () => {
    await postReferenceResult(server);
    const { done, events, conversationId } = await ask(operator, QUESTION);
    assert.match(done.text, /9\.8/);
    assert.match(done.text, /6\.5–7\.5/);
    assert.match(done.text, /OUT OF SPECIFICATION \(OOS\)/);
    assert.ok(done.citations.some((c) => c.docId === 'LIMS:R-778812'), JSON.stringify(done.citations));
    assert.deepEqual(done.toolCalls.map((c) => c.name), ['lims_results']);
    const progress = events.filter((e) => e.event === 'answer.progress');
    const deltas = events.filter((e) => e.event === 'answer.delta').map((e) => (e.payload as { text: string }).text);
    assert.equal(events[0]?.event, 'answer.progress');
    assert.equal((progress[0]?.payload as { tool: string }).tool, 'lims_results');
    assert.ok(deltas.length > 1);
    assert.equal(deltas.join(''), done.text);

    const history = await operator.timeout(10_000).emitWithAck('history', { conversationId }) as Reply<{ messages: { role: string; text: string }[] }>;
    assert.ok(history.ok);
    assert.deepEqual(history.ok && history.messages.map((m) => m.role), ['user', 'assistant']);

    const [audited] = await server.audit.list({ action: 'copilot.answer', subjectId: conversationId });
    assert.equal(audited?.actor.type, 'ai');
    assert.equal(audited?.ai?.model, 'deterministic');
    assert.match(audited?.ai?.promptVersion ?? '', /^copilot-system@\d+#[0-9a-f]{12}$/);
    assert.match(JSON.stringify(audited?.ai?.toolCalls), /R-778812/);
    assert.equal(audited?.ai?.output, done.text);
    assert.equal((await server.audit.verify()).ok, true);
  });

  it('asks the proposal flow for a hold when asked, and never places it; the watcher\'s hold for the OOS is already waiting, and the answer says so with its code', async () => {
    const { done } = await ask(operator, 'Put this lot on hold');
    assert.deepEqual(done.toolCalls.map((c) => [c.name, (c.args as { lot?: string }).lot]), [['propose_hold', 'LOT-XYZ789']]);
    // Not "I have PROPOSED": the pending hold is the one the watcher proposed for pH 9.8 (HR-01, OOS).
    assert.match(done.text, /A hold proposal for LOT-XYZ789 is already waiting \(P-\d+, status proposed\), so no second one was made\. It carries hold reason code HR-01\./);
    const token = await server.login('op.line3', 'Operator-Demo-1');
    const terminal = (await (await fetch(`${server.url}/api/terminals/T-L3-01/context`, { headers: { authorization: `Bearer ${token}` } })).json()) as { lots: { id: string; disposition: string }[] };
    assert.equal(terminal.lots.find((l) => l.id === 'LOT-XYZ789')?.disposition, 'In-Process', 'a proposal does not hold the lot');
  });
});

describe('copilot over socket.io with an OpenAI-compatible model (local stub)', () => {
  let stub: OpenAiStub;
  let server: TestServer;
  let operator: TestSocket;
  const answer = 'Sample BATCH-2024-001-05 has pH 9.8 (LIMS result R-778812). The specification is 6.5–7.5, so the result is OOS.';

  before(async () => {
    stub = await startOpenAiStub([{ toolCalls: [{ name: 'lims_results', args: { sample: 'BATCH-2024-001-05', test: 'PH' } }] }, { content: answer }]);
    server = await startTestServer({ limsPollMs: 0, model: 'openai', openaiBaseUrl: stub.baseUrl, openaiModel: 'stub-gpt', openaiApiKey: 'sk-stub' });
    operator = connectCopilot(server.url, { token: await server.login('op.line3', 'Operator-Demo-1'), terminal: 'T-L3-01' });
    await connected(operator);
  });
  after(async () => {
    operator?.close();
    await server?.stop();
    await stub?.close();
  });

  it('streams the tool round trip and the grounded answer to the terminal', async () => {
    await postReferenceResult(server);
    const { done, events } = await ask(operator, QUESTION);
    assert.equal(done.text, answer);
    assert.ok(events.filter((e) => e.event === 'answer.delta').length >= 2);
    assert.deepEqual(done.citations.map((c) => c.docId), ['LIMS:R-778812']);
    assert.equal(stub.requests.length, 2);
    assert.match(JSON.stringify(stub.requests[1]?.messages), /\\"value\\":\\"9.8\\"/);
  });
});
