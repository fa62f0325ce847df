// The OpenAI path over real HTTP: ChatOpenAI against a local OpenAI-compatible stub that returns
// scripted tool calls and SSE-streamed tokens. Full tool round trip, streaming, grounding; no network.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MemoryAuditLog } from '../../server/adapters/audit/memory-audit-log';
import { ManualClock } from '../../server/adapters/clock/manual-clock';
import { createCopilotService, MemoryConversationStore } from '../../server/copilot';
import { PlantCatalog } from '../../server/plant/catalog';
import { DEMO_PLANT_FILE, loadPlant } from '../../server/plant/load';
import type { AnswerSink } from '../../server/realtime/services';
import { InProcessLims, InProcessMes } from '../../simulators/in-process';
import { startOpenAiStub, type OpenAiStub, type StubReply } from '../support/openai-stub';

const plant = loadPlant(DEMO_PLANT_FILE);
const operator = { username: 'op.line3', displayName: 'Operator Line 3', role: 'operator' as const, lines: ['LINE-3'] };
const stubs: OpenAiStub[] = [];
after(async () => Promise.all(stubs.map((s) => s.close())));

async function setup(script: StubReply[]) {
  const stub = await startOpenAiStub(script);
  stubs.push(stub);
  const clock = new ManualClock(plant.asOf);
  const lims = new InProcessLims(plant, clock);
  const [pending] = await lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH' });
  lims.recordResult({ ...pending!, value: '9.8', numeric: 9.8, status: 'final', finalizedAt: '2024-05-03T10:15:00Z' });
  const audit = new MemoryAuditLog(clock);
  const copilot = createCopilotService({
    config: { model: 'openai', openaiBaseUrl: stub.baseUrl, openaiApiKey: 'sk-test-stub', openaiModel: 'stub-gpt', llamacppModel: '' },
    catalog: new PlantCatalog(plant),
    lims,
    mes: new InProcessMes(plant, clock),
    audit,
    conversations: new MemoryConversationStore(),
    clock,
  });
  return { stub, copilot, audit };
}

function collect() {
  const out = { progress: [] as string[], deltas: [] as string[], done: undefined as undefined | { text: string; citations: { docId: string }[] }, error: undefined as undefined | { message: string } };
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const sink: AnswerSink = {
    progress: (p) => out.progress.push(p.tool),
    delta: (t) => out.deltas.push(t),
    done: (a) => ((out.done = a), finish()),
    error: (e) => ((out.error = e), finish()),
  };
  return { out, sink, finished };
}

describe('copilot with an OpenAI-compatible model (local stub over HTTP)', () => {
  it('makes the tool round trip and streams the grounded answer', async () => {
    const answer = 'The pH of sample BATCH-2024-001-05 is 9.8 (LIMS result R-778812). The specification is 6.5–7.5, so this is OOS. I can propose a hold on LOT-XYZ789 if you ask.';
    const { stub, copilot, audit } = await setup([{ toolCalls: [{ name: 'lims_results', args: { sample: 'BATCH-2024-001-05', test: 'PH' } }] }, { content: answer }]);
    const { out, sink, finished } = collect();
    copilot.ask(operator, { terminal: 'T-L3-01', line: 'LINE-3' }, { text: "What's the pH result for sample BATCH-2024-001-05?" }, sink);
    await finished;
    assert.equal(out.error, undefined);
    assert.equal(out.done?.text, answer);
    assert.ok(out.deltas.length >= 3, `streamed in sentences, got ${out.deltas.length}`);
    assert.equal(out.deltas.join(''), answer);
    assert.deepEqual(out.progress, ['lims_results']);
    assert.deepEqual(out.done?.citations.map((c) => c.docId), ['LIMS:R-778812']);
    // What went over the wire: tools offered with their JSON schemas, streaming asked for, the tool result sent back.
    assert.equal(stub.requests.length, 2);
    assert.equal(stub.authorizations[0], 'Bearer sk-test-stub');
    assert.equal(stub.requests[0]?.model, 'stub-gpt');
    assert.equal(stub.requests[0]?.stream, true);
    const offered = stub.requests[0]?.tools?.map((t) => t.function.name) ?? [];
    assert.ok(offered.includes('lims_results') && offered.includes('propose_hold') && offered.length === 14, offered.join(','));
    assert.match(String(stub.requests[0]?.messages[0]?.content), /session: \{"user":"op.line3"/);
    const toolMessage = stub.requests[1]?.messages.find((m) => m.role === 'tool');
    assert.match(String(toolMessage?.content), /"resultId":"R-778812".*"value":"9.8"/);
    const record = audit.records.find((r) => r.action === 'copilot.answer');
    assert.match(record?.ai?.model ?? '', /^openai:stub-gpt@http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('withholds an answer whose figures the tools did not return', async () => {
    const { copilot, audit } = await setup([{ toolCalls: [{ name: 'lims_results', args: { lot: 'LOT-12345', test: 'PH' } }] }, { content: 'LOT-12345 has pH 7.1. Its average pH over the year is 7.03.' }]);
    const { out, sink, finished } = collect();
    copilot.ask(operator, {}, { text: 'pH of lot 12345?' }, sink);
    await finished;
    assert.match(out.done?.text ?? '', /withheld/);
    assert.ok(!out.deltas.join('').includes('7.03'));
    assert.equal(audit.records.at(-1)?.action, 'copilot.answer.withheld');
  });

  it('lets the model fix a bad argument after the tool says so', async () => {
    const { stub, copilot } = await setup([
      { toolCalls: [{ name: 'lot_status', args: { lot: 'LOT-NOPE' } }] },
      { toolCalls: [{ name: 'lot_status', args: { lot: 'LOT-XYZ789' } }] },
      { content: 'LOT-XYZ789 is In-Process and not on hold.' },
    ]);
    const { out, sink, finished } = collect();
    copilot.ask(operator, {}, { text: 'Is LOT-XYZ789 on hold?' }, sink);
    await finished;
    assert.match(String(stub.requests[1]?.messages.find((m) => m.role === 'tool')?.content), /No lot matches \\"LOT-NOPE\\".*try again/);
    assert.equal(out.done?.text, 'LOT-XYZ789 is In-Process and not on hold.');
  });
});
