// A hold's reason code is the requester's choice (WI-PRD-030 §5.6.2), end to end: over HTTP and
// through the copilot the code a person named is kept and audited as theirs; a code only the
// model put into the tool call is set aside (the default applies, the answer says so, the audit
// says "default"); and a hold already pending with another code is named, never a silent drop.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../server/domain/audit';
import type { ProposalEvent, WireError } from '../../server/realtime/contract';
import { connectCopilot, connected, type TestSocket } from '../e2e/support/socket-client';
import { startOpenAiStub, type OpenAiStub } from '../support/openai-stub';
import { startTestServer, type TestServer } from '../support/server';

type Reply<T> = ({ ok: true } & T) | { ok: false; error: WireError };

/** Asks and waits for this question's answer.done (listening before the ack: a fast answer can arrive with it). */
async function ask(socket: TestSocket, text: string): Promise<string> {
  const answers = new Map<string, string>();
  let wanted: string | undefined;
  let resolve!: (text: string) => void;
  const done = new Promise<string>((r) => (resolve = r));
  const onDone = (d: { messageId: string; text: string }) => (answers.set(d.messageId, d.text), d.messageId === wanted && resolve(d.text));
  socket.on('answer.done', onDone);
  try {
    const reply = (await socket.timeout(10_000).emitWithAck('ask', { text })) as Reply<{ messageId: string }>;
    if (!reply.ok) throw new Error(`ask refused: ${reply.error.message}`);
    wanted = reply.messageId;
    const early = answers.get(wanted);
    return early ?? (await done);
  } finally {
    socket.off('answer.done', onDone);
  }
}

async function created(server: TestServer, lotId: string): Promise<AuditRecord[]> {
  return (await server.audit.list({ action: 'proposal.created' })).filter((r) => (r.after as { lotId?: string }).lotId === lotId);
}

const origin = (record: AuditRecord | undefined) => (record?.after as { origin?: { reasonCodeFrom?: string } }).origin?.reasonCodeFrom;
const holdCode = (record: AuditRecord | undefined) => (record?.after as { holdReasonCode?: string }).holdReasonCode;

describe('hold reason codes: the person chooses, over HTTP and through the copilot (deterministic model)', () => {
  let server: TestServer;
  let operator: TestSocket;
  let token: string;
  const askHold = (body: Record<string, unknown>) =>
    fetch(`${server.url}/api/proposals`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'hold', reason: 'Mould seen on the tablet surface at the IPC.', ...body }) });

  before(async () => {
    server = await startTestServer({ limsPollMs: 0 });
    token = await server.login('op.line1', 'Operator-Demo-1');
    operator = connectCopilot(server.url, { token, terminal: 'T-L1-01' });
    await connected(operator);
  });
  after(async () => {
    operator?.close();
    await server?.stop();
  });

  it('HTTP: the chosen code is audited as the user\'s, no code as the default; a pending hold with another code is named in the answer', async () => {
    const first = await askHold({ lotId: 'LOT-24-0111', reasonCode: 'HR-05' });
    assert.equal(first.status, 201);
    const [record] = await created(server, 'LOT-24-0111');
    assert.equal(holdCode(record), 'HR-05');
    assert.equal(origin(record), 'user');

    const again = await askHold({ lotId: 'LOT-24-0111', reasonCode: 'hr-07' });
    assert.equal(again.status, 200);
    const body = (await again.json()) as { proposal: ProposalEvent; note?: string };
    assert.equal(body.proposal.existing, true);
    assert.equal(body.proposal.holdReasonCode, 'HR-05');
    assert.equal(body.proposal.requestedReasonCode, 'HR-07');
    assert.match(body.note ?? '', new RegExp(`a hold proposal for LOT-24-0111 is already proposed \\(${body.proposal.id}\\) with hold reason code HR-05; your code HR-07 was not applied and no second hold was proposed`));

    const same = (await (await askHold({ lotId: 'LOT-24-0111', reasonCode: 'HR-05' })).json()) as { proposal: ProposalEvent; note?: string };
    assert.equal(same.note, undefined, 'the same code: nothing to say');
    const none = (await (await askHold({ lotId: 'LOT-24-0111' })).json()) as { proposal: ProposalEvent; note?: string };
    assert.equal(none.note, undefined, 'no code chosen: nothing was dropped');
    assert.equal(none.proposal.holdReasonCode, 'HR-05');
    assert.equal((await created(server, 'LOT-24-0111')).length, 1);

    assert.equal((await askHold({ lotId: 'LOT-24-0113' })).status, 201);
    const [plain] = await created(server, 'LOT-24-0113');
    assert.equal(holdCode(plain), 'HR-04');
    assert.equal(origin(plain), 'default');
  });

  it('copilot: a code named in the question is the user\'s; asking again with another code is told the pending hold keeps its own', async () => {
    const text = await ask(operator, 'Put LOT-24-0115 on hold, mould on the tablets, reason code HR-05');
    assert.match(text, /PROPOSED a hold on LOT-24-0115 .*Hold reason code HR-05, as you chose\./s);
    const [record] = await created(server, 'LOT-24-0115');
    assert.equal(holdCode(record), 'HR-05');
    assert.equal(origin(record), 'user');

    const second = await ask(operator, 'Put LOT-24-0115 on hold with code HR-06, the press sounded odd');
    assert.match(second, /A hold proposal for LOT-24-0115 is already waiting \(\S+, status proposed\), so no second one was made\. It carries hold reason code HR-05; the code you chose, HR-06, was not applied\./);
    assert.equal((await created(server, 'LOT-24-0115')).length, 1);

    const plain = await ask(operator, 'Put LOT-24-0117 on hold, foreign tablet at the hopper');
    assert.match(plain, /Hold reason code HR-04, the default for a requested hold \(you named none/);
    assert.equal(origin((await created(server, 'LOT-24-0117'))[0]), 'default');
  });
});

describe('hold reason codes: a code the model chose alone is set aside (OpenAI-compatible model, local stub)', () => {
  let stub: OpenAiStub;
  let server: TestServer;
  let operator: TestSocket;

  before(async () => {
    stub = await startOpenAiStub((request, index) =>
      index % 2 === 0
        ? { toolCalls: [{ name: 'propose_hold', args: { lot: 'LOT-24-0109', reason: 'Foreign tablet found at the hopper', reasonCode: 'HR-06' } }] }
        : { content: `Proposed. ${JSON.stringify(request.messages.at(-1)?.content ?? '').includes('reasonCodeIgnored') ? 'HR-06 was set aside; HR-04 applies.' : 'Code HR-06.'}` },
    );
    server = await startTestServer({ limsPollMs: 0, model: 'openai', openaiBaseUrl: stub.baseUrl, openaiModel: 'stub-gpt', openaiApiKey: 'sk-stub' });
    operator = connectCopilot(server.url, { token: await server.login('op.line1', 'Operator-Demo-1'), terminal: 'T-L1-01' });
    await connected(operator);
  });
  after(async () => {
    operator?.close();
    await server?.stop();
    await stub?.close();
  });

  it('the hold is proposed with the default code, the model is told why, and the audit says "default"', async () => {
    const text = await ask(operator, 'Please hold LOT-24-0109, a foreign tablet was found at the hopper');
    assert.equal(text, 'Proposed. HR-06 was set aside; HR-04 applies.');
    const [record] = await created(server, 'LOT-24-0109');
    assert.equal(holdCode(record), 'HR-04', 'not the code the model chose');
    assert.equal(origin(record), 'default');
    const [answer] = await server.audit.list({ action: 'copilot.answer' });
    const call = (answer?.ai?.toolCalls as { name: string; result: string }[]).find((c) => c.name === 'propose_hold');
    assert.match(call?.result ?? '', /"reasonCodeIgnored":"HR-06"/);
    assert.match(call?.result ?? '', /does not name hold reason code HR-06, so it was not used/);
  });
});
