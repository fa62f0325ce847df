// The TerminalFeed and the client events over real sockets: rooms per line, role and user,
// streamed answers to the asking socket only, cancel, history per user and terminal,
// decisions (role check, own-name signature, audited refusal) and acknowledgements.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertEvent, AnswerDone, ConversationMessage, NoticeEvent, ProposalEvent, WireError } from '../../server/realtime/contract';
import { holdProposal, phAlert, startRealtimeServer, type RealtimeTestServer } from '../e2e/support/realtime-server';
import { connectCopilot, connected, nextEvent, record, type TestSocket } from '../e2e/support/socket-client';

type Reply<T = object> = ({ ok: true } & T) | { ok: false; error: WireError };

describe('terminal feed and copilot events', () => {
  let server: RealtimeTestServer;
  const sockets: TestSocket[] = [];
  const open = async (username: string, password: string, terminal?: string) => {
    const socket = connectCopilot(server.url, { token: await server.login(username, password), ...(terminal ? { terminal } : {}) });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  const emit = <T>(socket: TestSocket, event: string, payload: unknown) => (socket as unknown as { emitWithAck(e: string, p: unknown): Promise<Reply<T>> }).emitWithAck(event, payload);

  before(async () => {
    server = await startRealtimeServer();
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server?.stop();
  });

  it('sends a line alert to that line and to all-lines roles, never to another line', async () => {
    const line3 = await open('op.line3', 'Operator-Demo-1', 'T-L3-01');
    const line1 = await open('op.line1', 'Operator-Demo-1', 'T-L1-01');
    const qa = await open('qa.anna', 'Quality-Demo-1', 'T-L1-02');
    const seenByLine1 = record(line1, ['alert', 'notice']);
    const atLine3 = nextEvent<AlertEvent>(line3, 'alert', (a) => a.id === 'A-feed-1');
    const atQa = nextEvent<AlertEvent>(qa, 'alert', (a) => a.id === 'A-feed-1');
    server.feed.alert({ lineId: 'LINE-3' }, phAlert('A-feed-1'));
    assert.equal((await atLine3).lot, 'LOT-XYZ789');
    assert.equal((await atQa).chart?.points.length, 10);
    // A later notice to op.line1 itself: once it arrives, the line-3 alert would have too.
    const marker = nextEvent<NoticeEvent>(line1, 'notice', (n) => n.id === 'N-marker');
    server.feed.notice({ username: 'op.line1' }, { id: 'N-marker', level: 'info', text: 'marker' });
    await marker;
    assert.deepEqual(seenByLine1.map((e) => e.event), ['notice']);
  });

  it('sends an event once to a socket that is in several target rooms', async () => {
    const qa = await open('qa.ben', 'Quality-Demo-2', 'T-L3-02');
    const seen = record(qa, ['proposal', 'notice']);
    server.feed.proposal({ lineId: 'LINE-3', roles: ['qa'], username: 'qa.ben' }, holdProposal('P-once'));
    const marker = nextEvent(qa, 'notice', (n: NoticeEvent) => n.id === 'N-once');
    server.feed.notice({ username: 'qa.ben' }, { id: 'N-once', level: 'info', text: 'marker' });
    await marker;
    assert.deepEqual(seen.map((e) => e.event), ['proposal', 'notice']);
  });

  it('streams an answer with progress to the asking socket only, and keeps the history per terminal', async () => {
    const asking = await open('op.line3', 'Operator-Demo-1', 'T-L3-01');
    const elsewhere = await open('op.line3', 'Operator-Demo-1', 'T-L3-02');
    const quiet = record(elsewhere, ['answer.delta', 'answer.done', 'answer.progress']);
    const events = record(asking, ['answer.progress', 'answer.delta', 'answer.done']);
    const reply = await emit<{ conversationId: string; messageId: string }>(asking, 'ask', { text: "What's the pH result for lot 12345?" });
    assert.ok(reply.ok);
    const done = await nextEvent<AnswerDone>(asking, 'answer.done', (d) => d.messageId === reply.messageId);
    assert.match(done.text, /\*\*7\.1\*\*/);
    assert.equal(done.citations[0]?.page, 3);
    assert.equal(done.chart?.ucl, 7.38);
    const kinds = events.map((e) => e.event);
    assert.deepEqual(kinds.slice(0, 2), ['answer.progress', 'answer.progress']);
    assert.equal(kinds.at(-1), 'answer.done');
    assert.equal(events.filter((e) => e.event === 'answer.delta').map((e) => (e.payload as { text: string }).text).join(''), done.text);
    assert.equal(server.copilot.asked.at(-1)?.context.terminal, 'T-L3-01');
    const history = await emit<{ conversationId?: string; messages: ConversationMessage[] }>(asking, 'history', {});
    assert.ok(history.ok);
    assert.equal(history.conversationId, reply.conversationId);
    assert.deepEqual(history.messages.map((m) => m.role), ['user', 'assistant']);
    const otherTerminal = await emit<{ messages: ConversationMessage[] }>(elsewhere, 'history', {});
    assert.ok(otherTerminal.ok);
    assert.equal(otherTerminal.messages.length, 0);
    assert.equal(quiet.length, 0);
  });

  it('cancels an answer in progress, only for its owner', async () => {
    const owner = await open('op.line3', 'Operator-Demo-1', 'T-L3-01');
    const reply = await emit<{ messageId: string }>(owner, 'ask', { text: 'a slow, long answer please' });
    assert.ok(reply.ok);
    await nextEvent(owner, 'answer.delta');
    const stranger = await open('sup.maria', 'Supervisor-Demo-1', 'T-L3-02');
    const theirs = await emit<{ cancelled: boolean }>(stranger, 'cancel', { messageId: reply.messageId });
    assert.ok(theirs.ok && theirs.cancelled === false);
    const mine = await emit<{ cancelled: boolean }>(owner, 'cancel', { messageId: reply.messageId });
    assert.ok(mine.ok && mine.cancelled === true);
  });

  it('refuses a decision by an operator (audited) and a signature in someone else\'s name', async () => {
    server.store.propose(holdProposal('P-decide-1'), { push: false });
    const op = await open('op.line3', 'Operator-Demo-1', 'T-L3-01');
    const signature = { username: 'op.line3', password: 'Operator-Demo-1', meaning: 'Approved', reason: 'confirmed OOS' };
    const refused = await emit(op, 'decide', { proposalId: 'P-decide-1', decision: 'approve', signature });
    assert.equal(!refused.ok && refused.error.code, 'FORBIDDEN');
    const audit = await server.audit.list({ action: 'access.denied' });
    assert.ok(audit.some((r) => r.actor.id === 'op.line3' && r.subject.id === 'decide'));
    const qa = await open('qa.anna', 'Quality-Demo-1', 'T-L3-01');
    const impersonated = await emit(qa, 'decide', { proposalId: 'P-decide-1', decision: 'approve', signature: { ...signature, username: 'qa.ben', password: 'Quality-Demo-2' } });
    assert.equal(!impersonated.ok && impersonated.error.code, 'FORBIDDEN');
    assert.match(!impersonated.ok ? impersonated.error.message : '', /sign with your own user name \(qa\.anna\)/);
    assert.equal(server.decisions.decided.length, 0);
  });

  it('passes a QA decision to the decision service and shows the result on the line', async () => {
    server.store.propose(holdProposal('P-decide-2'), { push: false });
    const line = await open('op.line3', 'Operator-Demo-1', 'T-L3-02');
    const qa = await open('qa.anna', 'Quality-Demo-1', 'T-L3-01');
    const wrong = await emit(qa, 'decide', { proposalId: 'P-decide-2', decision: 'approve', signature: { username: 'qa.anna', password: 'nope', meaning: 'Approved', reason: 'OOS confirmed' } });
    assert.equal(!wrong.ok && wrong.error.code, 'UNAUTHENTICATED');
    const update = nextEvent<ProposalEvent>(line, 'proposal', (p) => p.id === 'P-decide-2' && p.status === 'approved');
    const ok = await emit<{ proposal: ProposalEvent }>(qa, 'decide', { proposalId: 'P-decide-2', decision: 'approve', signature: { username: 'qa.anna', password: 'Quality-Demo-1', meaning: 'Approved', reason: 'OOS confirmed' } });
    assert.ok(ok.ok);
    assert.equal(ok.proposal.status, 'approved');
    assert.equal(ok.proposal.signatures?.[0]?.signedBy, 'Anna Novak (QA)');
    assert.equal((await update).status, 'approved');
  });

  it('acknowledges an alert and updates every screen of the line', async () => {
    server.store.raise(phAlert('A-ack-1'), { push: false });
    const admin = await open('it.admin', 'Plant-Admin-Demo-1');
    const denied = await emit(admin, 'alert.ack', { alertId: 'A-ack-1' });
    assert.equal(!denied.ok && denied.error.code, 'FORBIDDEN');
    const op = await open('op.line3', 'Operator-Demo-1', 'T-L3-01');
    const other = await open('op.line3', 'Operator-Demo-1', 'T-L3-02');
    const update = nextEvent<AlertEvent>(other, 'alert', (a) => a.id === 'A-ack-1' && a.status === 'acknowledged');
    const reply = await emit<{ alert: AlertEvent }>(op, 'alert.ack', { alertId: 'A-ack-1' });
    assert.ok(reply.ok);
    assert.equal(reply.alert.acknowledgedBy, 'Operator Sam (LINE-3)');
    assert.equal((await update).status, 'acknowledged');
  });
});
