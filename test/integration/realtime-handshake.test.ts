// The /copilot handshake and event guard against the real server: terminal or line binding,
// validation of every incoming event naming the field, unknown events, size and rate limits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SessionEvent, WireError } from '../../server/realtime/contract';
import { startRealtimeServer, type RealtimeTestServer } from '../e2e/support/realtime-server';
import { connectCopilot, connected, nextEvent, type TestSocket } from '../e2e/support/socket-client';

type Reply = { ok: true } | { ok: false; error: WireError };

describe('/copilot handshake and event guard', () => {
  let server: RealtimeTestServer;
  const sockets: TestSocket[] = [];
  const open = (auth: Parameters<typeof connectCopilot>[1]) => {
    const socket = connectCopilot(server.url, auth);
    sockets.push(socket);
    return socket;
  };
  const refusal = (auth: Parameters<typeof connectCopilot>[1]) => new Promise<Error & { data?: WireError }>((resolve) => open(auth).once('connect_error', resolve));
  const emit = (socket: TestSocket, event: string, ...args: unknown[]) => (socket as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<Reply> }).emitWithAck(event, ...args);

  before(async () => {
    server = await startRealtimeServer({ askPerMinute: 3, socketEventsPerMinute: 20 });
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server?.stop();
  });

  it('binds a screen to a line without a terminal, and refuses unknown or mismatched ones', async () => {
    const op = await server.login('op.line3', 'Operator-Demo-1');
    const socket = open({ token: op, line: 'LINE-3' });
    const session = await nextEvent<SessionEvent>(socket, 'session');
    assert.equal(session.line, 'LINE-3');
    assert.equal(session.terminal, undefined);
    assert.match((await refusal({ token: op, line: 'LINE-9' })).message, /no line "LINE-9"/);
    assert.match((await refusal({ token: op, line: 'LINE-1' })).message, /not assigned to LINE-1/);
    const qa = await server.login('qa.anna', 'Quality-Demo-1');
    const mismatch = await refusal({ token: qa, terminal: 'T-L3-01', line: 'LINE-1' });
    assert.match(mismatch.message, /T-L3-01 is on LINE-3, not LINE-1/);
    assert.equal(mismatch.data?.code, 'BAD_REQUEST');
  });

  it('validates every event and names the offending field', async () => {
    const qa = await server.login('qa.ben', 'Quality-Demo-2');
    const socket = open({ token: qa, terminal: 'T-L3-01' });
    await connected(socket);
    const ask = await emit(socket, 'ask', { text: '   ' });
    assert.equal(!ask.ok && ask.error.code, 'VALIDATION');
    assert.match(!ask.ok ? ask.error.message : '', /text: the question is empty/);
    const decide = await emit(socket, 'decide', { proposalId: 'P-1', decision: 'approve', signature: { username: 'qa.ben', password: 'x', meaning: 'Approved' } });
    assert.equal(!decide.ok && decide.error.details?.[0]?.path, 'signature.reason');
    const wrongDecision = await emit(socket, 'decide', { proposalId: 'P-1', decision: 'maybe', signature: { username: 'qa.ben', password: 'x', meaning: 'm', reason: 'r' } });
    assert.equal(!wrongDecision.ok && wrongDecision.error.details?.[0]?.path, 'decision');
    const shelve = await emit(socket, 'alert.ack', { alertId: 'A-1', action: 'shelve', until: '2024-05-03T12:00:00Z' });
    assert.equal(!shelve.ok && shelve.error.details?.[0]?.path, 'reason');
    const cancel = await emit(socket, 'cancel', {});
    assert.equal(!cancel.ok && cancel.error.details?.[0]?.path, 'messageId');
    const history = await emit(socket, 'history', { conversationId: 42 });
    assert.equal(!history.ok && history.error.details?.[0]?.path, 'conversationId');
  });

  it('refuses unknown events and oversized payloads with a clear ack', async () => {
    const op = await server.login('op.line3', 'Operator-Demo-1');
    const socket = open({ token: op, terminal: 'T-L3-02' });
    await connected(socket);
    const unknown = await emit(socket, 'drop.tables', {});
    assert.equal(!unknown.ok && unknown.error.code, 'BAD_REQUEST');
    assert.match(!unknown.ok ? unknown.error.message : '', /unknown event "drop.tables"/);
    const huge = await emit(socket, 'ask', { text: 'x'.repeat(40_000) });
    assert.equal(!huge.ok && huge.error.code, 'PAYLOAD_TOO_LARGE');
    assert.match(!huge.ok ? huge.error.message : '', /limit is 16384/);
    assert.ok(socket.connected, 'an oversized event is refused, the connection stays');
  });

  it('limits questions per user across all their sockets, with the time to wait', async () => {
    const token = await server.login('sup.maria', 'Supervisor-Demo-1');
    const a = open({ token, terminal: 'T-L1-01' });
    const b = open({ token, terminal: 'T-L2-01' });
    await Promise.all([connected(a), connected(b)]);
    const replies = [await emit(a, 'ask', { text: 'one' }), await emit(b, 'ask', { text: 'two' }), await emit(a, 'ask', { text: 'three' })];
    assert.deepEqual(replies.map((r) => r.ok), [true, true, true]);
    const fourth = await emit(b, 'ask', { text: 'four' });
    assert.equal(!fourth.ok && fourth.error.code, 'RATE_LIMITED');
    assert.match(!fourth.ok ? fourth.error.message : '', /at most 3 a minute/);
    assert.ok(!fourth.ok && (fourth.error.retryAfterMs ?? 0) > 0);
    // Another user is not affected by Maria's budget.
    const other = open({ token: await server.login('qa.anna', 'Quality-Demo-1'), terminal: 'T-L1-02' });
    await connected(other);
    assert.equal((await emit(other, 'ask', { text: 'mine' })).ok, true);
  });

  it('limits events of any kind per user', async () => {
    const token = await server.login('eng.tom', 'Engineer-Demo-1');
    const socket = open({ token, terminal: 'T-L1-01' });
    await connected(socket);
    const replies: Reply[] = [];
    for (let i = 0; i < 22; i++) replies.push(await emit(socket, 'cancel', { messageId: `M-none-${i}` }));
    assert.equal(replies.filter((r) => r.ok).length, 20);
    const refused = replies.at(-1)!;
    assert.equal(!refused.ok && refused.error.code, 'RATE_LIMITED');
  });
});
