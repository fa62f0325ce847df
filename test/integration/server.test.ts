// The real server on port 0: health, metrics, login and lockout, role checks (audited),
// and the /copilot namespace refusing and accepting connections.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { SessionEvent } from '../../server/realtime/contract';
import { startTestServer, type TestServer } from '../support/server';

describe('qloop server', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ lockoutThreshold: 5 });
  });
  after(async () => server.stop());

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers /healthz with the database state', async () => {
    const res = await get('/healthz');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; database: string; version: string };
    assert.equal(body.status, 'ok');
    assert.equal(body.database, 'ok');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });

  it('exposes Prometheus metrics', async () => {
    const res = await get('/metrics');
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /# TYPE qloop_http_request_duration_seconds histogram/);
    assert.match(text, /qloop_process_resident_memory_bytes/);
  });

  it('creates the demo users and logs one in with a signed token', async () => {
    assert.ok(server.demoUsers.some((u) => u.role === 'qa'));
    const res = await post('/api/auth/login', { username: 'qa.anna', password: 'Quality-Demo-1' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { token: string; user: { role: string } };
    assert.equal(body.user.role, 'qa');
    assert.equal(body.token.split('.').length, 3);
    const me = await get('/api/me', body.token);
    assert.equal(((await me.json()) as { user: { username: string } }).user.username, 'qa.anna');
  });

  it('refuses a malformed login with a message naming the field', async () => {
    const res = await post('/api/auth/login', { username: 'qa.anna' });
    assert.equal(res.status, 422);
    const body = (await res.json()) as { error: { code: string; message: string; details: Array<{ path: string }> } };
    assert.equal(body.error.code, 'VALIDATION');
    assert.equal(body.error.details[0]?.path, 'password');
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": ' });
    assert.equal(res.status, 400);
  });

  it('refuses requests without a valid token', async () => {
    assert.equal((await get('/api/me')).status, 401);
    assert.equal((await get('/api/me', 'not-a-token')).status, 401);
  });

  it('forbids an operator from an admin-only endpoint (403) and audits it', async () => {
    const token = await server.login('op.line3', 'Operator-Demo-1');
    const res = await get('/api/users', token);
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /users\.manage/);
    const denied = await server.audit.list({ action: 'access.denied' });
    assert.ok(denied.some((r) => r.actor.id === 'op.line3' && r.subject.id === 'GET /api/users'));
    const admin = await server.login('it.admin', 'Plant-Admin-Demo-1');
    assert.equal((await get('/api/users', admin)).status, 200);
  });

  it('locks an account after 5 wrong passwords, even for the right one, and audits it', async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await post('/api/auth/login', { username: 'eng.tom', password: `wrong-${i}` });
      assert.equal(res.status, i < 5 ? 401 : 423, `attempt ${i}`);
    }
    const locked = await post('/api/auth/login', { username: 'eng.tom', password: 'Engineer-Demo-1' });
    assert.equal(locked.status, 423);
    assert.match(((await locked.json()) as { error: { message: string } }).error.message, /locked/);
    const trail = await server.audit.list({ subjectType: 'user', subjectId: 'eng.tom' });
    assert.equal(trail.filter((r) => r.action === 'auth.login.failed').length, 5);
    assert.ok(trail.some((r) => r.action === 'user.locked'));
    assert.ok(trail.some((r) => r.action === 'auth.login.refused'));
    assert.equal((await server.audit.verify()).ok, true);
  });

  it('serves the terminal context through the MES port', async () => {
    const token = await server.login('op.line3', 'Operator-Demo-1');
    const res = await get('/api/terminals/T-L3-01/context', token);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { line: { id: string }; workOrders: Array<{ id: string }>; lots: Array<{ id: string }> };
    assert.equal(body.line.id, 'LINE-3');
    assert.ok(body.workOrders.some((w) => w.id === 'WO-1001'));
    assert.ok(body.lots.some((l) => l.id === 'LOT-XYZ789'));
    assert.equal((await get('/api/terminals/NOPE/context', token)).status, 404);
  });

  it('serves the widget script and the terminal page with a CSP', async () => {
    const widget = await get('/widget.js');
    assert.equal(widget.status, 200);
    assert.match(await widget.text(), /qloop-copilot/);
    const page = await get('/');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await page.text(), /<qloop-copilot/);
  });

  describe('/copilot namespace', () => {
    const sockets: Socket[] = [];
    after(() => sockets.forEach((s) => s.close()));
    const connect = (auth: Record<string, string>) => {
      const socket = io(`${server.url}/copilot`, { auth, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      return socket;
    };

    it('refuses a connection without a token, with a clear reason', async () => {
      const err = await new Promise<Error & { data?: { code: string } }>((resolve) => connect({}).once('connect_error', resolve));
      assert.match(err.message, /no token/);
      assert.equal(err.data?.code, 'UNAUTHENTICATED');
    });

    it('refuses a forged token', async () => {
      const err = await new Promise<Error>((resolve) => connect({ token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' }).once('connect_error', resolve));
      assert.match(err.message, /not valid/);
    });

    it('refuses an operator on a terminal of another line', async () => {
      const token = await server.login('op.line1', 'Operator-Demo-1');
      const err = await new Promise<Error>((resolve) => connect({ token, terminal: 'T-L3-01' }).once('connect_error', resolve));
      assert.match(err.message, /not assigned to LINE-3/);
    });

    it('accepts a valid token, says whether the copilot is available, and never fakes an answer', async () => {
      const token = await server.login('op.line3', 'Operator-Demo-1');
      const socket = connect({ token, terminal: 'T-L3-01' });
      const session = await new Promise<SessionEvent>((resolve) => socket.once('session', resolve));
      assert.equal(session.user.username, 'op.line3');
      assert.equal(session.line, 'LINE-3');
      const invalid = await socket.emitWithAck('ask', { text: '' });
      assert.equal(invalid.ok, false);
      if (!session.copilot.available) {
        const ack = await socket.emitWithAck('ask', { text: 'What is the pH of LOT-XYZ789?' });
        assert.equal(ack.ok, false);
        assert.equal(!ack.ok && ack.error.code, 'UNAVAILABLE');
      }
    });
  });
});
