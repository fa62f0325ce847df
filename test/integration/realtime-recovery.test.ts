// A terminal that loses its connection misses nothing: socket.io connection state recovery
// replays room broadcasts (alerts, an answer still streaming), and on every (re)connect the
// outstanding alerts and proposals of the screen's lines are sent again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertEvent, AnswerDone, ProposalEvent, WireError } from '../../server/realtime/contract';
import { holdProposal, phAlert, startRealtimeServer, type RealtimeTestServer } from '../e2e/support/realtime-server';
import { connectCopilot, connected, nextEvent, record, type TestSocket } from '../e2e/support/socket-client';

describe('missed events after a reconnect', () => {
  let server: RealtimeTestServer;
  const sockets: TestSocket[] = [];
  const open = async (username: string, password: string, terminal: string, reconnection = false) => {
    const socket = connectCopilot(server.url, { token: await server.login(username, password), terminal }, { reconnection });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  /** Cuts the transport from the server side, as a network blip would, and waits for it. */
  const blip = async (socket: TestSocket) => {
    const nsp = server.io.of('/copilot');
    const serverSide = [...nsp.sockets.values()].find((s) => s.id === socket.id);
    assert.ok(serverSide, 'server side of the socket');
    const gone = new Promise<void>((resolve) => serverSide.once('disconnect', () => resolve()));
    serverSide.conn.close();
    await gone;
  };

  before(async () => {
    server = await startRealtimeServer();
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server?.stop();
  });

  it('recovers alerts pushed while the terminal was offline, and replays the outstanding ones', async () => {
    const socket = await open('op.line3', 'Operator-Demo-1', 'T-L3-01', true);
    const first = nextEvent<AlertEvent>(socket, 'alert', (a) => a.id === 'A-r0');
    server.store.raise(phAlert('A-r0'));
    await first; // the client now holds an offset to recover from
    const seen = record(socket, ['alert']);
    const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
    await blip(socket);
    server.store.raise(phAlert('A-r1', { severity: 'warning', test: 'VISC', value: 1480 }));
    server.store.raise(phAlert('A-r2', { test: 'DENS' }), { push: false }); // only in the store
    await reconnected;
    await nextEvent(socket, 'alert', (a: AlertEvent) => a.id === 'A-r2');
    assert.equal(socket.recovered, true, 'socket.io recovered the session');
    const ids = new Set(seen.map((e) => (e.payload as AlertEvent).id));
    assert.ok(ids.has('A-r1'), 'the alert pushed while offline arrives');
    assert.ok(ids.has('A-r2'), 'the outstanding alert is replayed');
  });

  it('completes an answer that was streaming when the connection dropped', async () => {
    const socket = await open('op.line3', 'Operator-Demo-1', 'T-L3-02', true);
    const first = nextEvent(socket, 'alert');
    server.feed.alert({ lineId: 'LINE-3' }, phAlert('A-offset'));
    await first;
    const reply = (await socket.emitWithAck('ask', { text: 'a slow, long answer please' })) as { ok: true; messageId: string } | { ok: false; error: WireError };
    assert.ok(reply.ok);
    await nextEvent(socket, 'answer.delta');
    const done = nextEvent<AnswerDone>(socket, 'answer.done', (d) => d.messageId === reply.messageId, 20_000);
    const deltas = record(socket, ['answer.delta']);
    await blip(socket);
    const answer = await done;
    assert.match(answer.text, /word0 .*word199 $/);
    assert.ok(deltas.length > 0, 'deltas arrived after the reconnect');
  });

  it('sends a fresh connection the outstanding alerts and pending proposals of its lines only', async () => {
    server.store.raise(phAlert('A-line1', { line: 'LINE-1', lot: 'LOT-24-0120', test: 'HARD', value: 13.9, severity: 'warning' }), { push: false });
    server.store.propose(holdProposal('P-out-1'), { push: false });
    const line3 = connectCopilot(server.url, { token: await server.login('op.line3', 'Operator-Demo-1'), terminal: 'T-L3-01' });
    sockets.push(line3);
    const seen3 = record(line3, ['alert', 'proposal']);
    const proposal = nextEvent<ProposalEvent>(line3, 'proposal', (p) => p.id === 'P-out-1');
    await nextEvent(line3, 'alert', (a: AlertEvent) => a.id === 'A-r2');
    await proposal;
    assert.ok(!seen3.some((e) => (e.payload as AlertEvent).id === 'A-line1'), 'LINE-1 alert not replayed to LINE-3');
    const line1 = connectCopilot(server.url, { token: await server.login('op.line1', 'Operator-Demo-1'), terminal: 'T-L1-01' });
    sockets.push(line1);
    const seen1 = record(line1, ['alert', 'proposal']);
    await nextEvent(line1, 'alert', (a: AlertEvent) => a.id === 'A-line1');
    assert.ok(seen1.every((e) => (e.payload as AlertEvent).id === 'A-line1'), 'only LINE-1 items on LINE-1');
  });
});
