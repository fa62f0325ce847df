// The /copilot socket.io namespace: token in the handshake, rooms per user, terminal, line
// and role, runtime validation of every incoming event, acks in one error shape.
import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import type { Accounts } from '../auth/accounts';
import type { TokenService } from '../auth/tokens';
import { QloopError, toQloopError, issuesToDetails } from '../errors';
import type { Metrics } from '../http/metrics';
import type { MesAdapter } from '../ports/mes';
import {
  COPILOT_NAMESPACE,
  askSchema,
  decideSchema,
  type ClientToServerEvents,
  type HandshakeAuth,
  type ServerToClientEvents,
  type SocketData,
  type WireError,
} from './contract';
import type { CopilotService, DecisionService } from './services';

export type CopilotServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type CopilotNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type CopilotSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface CopilotNamespaceDeps {
  tokens: TokenService;
  accounts: Accounts;
  mes: MesAdapter;
  metrics: Metrics;
  logger: Logger;
  copilot?: CopilotService;
  decisions?: DecisionService;
}

export const rooms = {
  user: (username: string) => `user:${username}`,
  terminal: (id: string) => `terminal:${id}`,
  line: (id: string) => `line:${id}`,
  role: (role: string) => `role:${role}`,
};

export function attachCopilotNamespace(io: CopilotServer, deps: CopilotNamespaceDeps): CopilotNamespace {
  const nsp = io.of(COPILOT_NAMESPACE) as CopilotNamespace;

  nsp.use(async (socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as HandshakeAuth;
    try {
      if (!auth.token) throw new QloopError('UNAUTHENTICATED', 'connection refused: no token in the handshake (auth: { token })');
      const claims = await deps.tokens.verify(auth.token);
      const user = deps.accounts.session(claims.username);
      if (!user) throw new QloopError('UNAUTHENTICATED', 'connection refused: the account no longer exists or is inactive');
      socket.data.user = user;
      if (auth.terminal) {
        const lines = await deps.mes.listLines();
        const line = lines.find((l) => l.terminals.some((t) => t.id === auth.terminal));
        if (!line) throw new QloopError('NOT_FOUND', `connection refused: no terminal "${auth.terminal}" in this plant`);
        if (user.role === 'operator' && user.lines.length > 0 && !user.lines.includes(line.id)) {
          throw new QloopError('FORBIDDEN', `connection refused: ${user.username} is not assigned to ${line.id}`);
        }
        socket.data.terminal = auth.terminal;
        socket.data.line = line.id;
      }
      next();
    } catch (err) {
      const error = toQloopError(err);
      const refusal = new Error(error.message) as Error & { data: WireError };
      refusal.data = { code: error.code, message: error.message };
      next(refusal);
    }
  });

  nsp.on('connection', (socket: CopilotSocket) => {
    const { user, terminal, line } = socket.data;
    deps.metrics.socketConnections.inc();
    void socket.join(rooms.user(user.username));
    void socket.join(rooms.role(user.role));
    if (terminal) void socket.join(rooms.terminal(terminal));
    for (const id of line ? [line] : user.lines) void socket.join(rooms.line(id));
    socket.emit('session', {
      user,
      ...(terminal ? { terminal } : {}),
      ...(line ? { line } : {}),
      copilot: deps.copilot
        ? { available: true, model: deps.copilot.model }
        : { available: false, reason: 'The copilot agent is not installed on this server yet: questions cannot be answered.' },
    });

    socket.on('ask', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = askSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: validationError('ask', parsed.error.issues) });
      if (!deps.copilot) return ack({ ok: false, error: { code: 'UNAVAILABLE', message: 'The copilot is not available on this server yet.' } });
      try {
        const ids = deps.copilot.ask(user, { ...(terminal ? { terminal } : {}), ...(line ? { line } : {}) }, parsed.data, {
          progress: (step) => socket.emit('answer.progress', { messageId: ids.messageId, ...step }),
          delta: (text) => socket.emit('answer.delta', { messageId: ids.messageId, text }),
          done: (answer) => socket.emit('answer.done', { messageId: ids.messageId, ...answer }),
          error: (error) => socket.emit('answer.error', { messageId: ids.messageId, error }),
        });
        ack({ ok: true, ...ids });
      } catch (err) {
        ack({ ok: false, error: wire(err) });
      }
    });

    socket.on('decide', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = decideSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: validationError('decide', parsed.error.issues) });
      if (!deps.decisions) return ack({ ok: false, error: { code: 'UNAVAILABLE', message: 'Decisions are not available on this server yet.' } });
      try {
        ack({ ok: true, proposal: await deps.decisions.decide(user, parsed.data) });
      } catch (err) {
        ack({ ok: false, error: wire(err) });
      }
    });

    socket.on('disconnect', () => deps.metrics.socketConnections.dec());
  });

  function wire(err: unknown): WireError {
    const error = toQloopError(err);
    if (error.code === 'INTERNAL') deps.logger.error({ err }, 'copilot event failed');
    return { code: error.code, message: error.message, ...(error.details.length ? { details: error.details } : {}) };
  }
  return nsp;
}

function validationError(event: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): WireError {
  const details = issuesToDetails(issues);
  return { code: 'VALIDATION', message: `invalid ${event}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details };
}
