// The /copilot socket.io namespace: token in the handshake, rooms per user, terminal, line
// and role, guarded and validated events, and a replay of what a terminal missed.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { Accounts } from '../auth/accounts';
import type { TokenService } from '../auth/tokens';
import { can } from '../domain/roles';
import type { Metrics } from '../http/metrics';
import type { AuditLog } from '../ports/audit-log';
import type { MesAdapter } from '../ports/mes';
import { COPILOT_NAMESPACE, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents, type SessionUserView, type SocketData } from './contract';
import { registerCopilotEvents } from './event-handlers';
import { DEFAULT_LIMITS, guardEvents, type RealtimeLimits } from './event-guard';
import { admit, refusal } from './handshake';
import { SlidingWindowLimiter } from './rate-limit';
import { rooms, type CopilotNamespace } from './rooms';
import type { AlertService, CopilotService, DecisionService } from './services';

export { rooms, type CopilotNamespace } from './rooms';
export type CopilotServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type CopilotSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface CopilotNamespaceDeps {
  tokens: TokenService;
  accounts: Accounts;
  mes: MesAdapter;
  metrics: Metrics;
  logger: Logger;
  copilot?: CopilotService;
  decisions?: DecisionService;
  alerts?: AlertService;
  /** Refused events are audited when given (main.ts always gives it). */
  audit?: AuditLog;
  limits?: Partial<RealtimeLimits>;
  now?: () => number;
}

export function attachCopilotNamespace(io: CopilotServer, deps: CopilotNamespaceDeps): CopilotNamespace {
  const nsp = io.of(COPILOT_NAMESPACE) as CopilotNamespace;
  const limits: RealtimeLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const now = deps.now ?? Date.now;
  const eventLimiter = new SlidingWindowLimiter(limits.eventsPerMinute);
  const askLimiter = new SlidingWindowLimiter(limits.askPerMinute);
  const pruning = setInterval(() => [eventLimiter, askLimiter].forEach((l) => l.prune(now())), 5 * 60_000);
  pruning.unref();

  nsp.use(async (socket, next) => {
    try {
      // Runs on recovered connections too (skipMiddlewares: false): a revoked account stays out.
      socket.data = await admit((socket.handshake.auth ?? {}) as HandshakeAuth, deps);
      next();
    } catch (err) {
      next(refusal(err));
    }
  });

  nsp.on('connection', (socket: CopilotSocket) => {
    const { user, terminal, line } = socket.data;
    deps.metrics.socketConnections.inc();
    const lineIds = watchedLines(user, line);
    void socket.join([rooms.user(user.username), rooms.role(user.role), ...(terminal ? [rooms.terminal(terminal)] : []), ...lineIds.map(rooms.line)]);
    socket.use(guardEvents({ username: user.username, limits, limiter: eventLimiter, now }));
    registerCopilotEvents(socket, nsp, { ...deps, askLimiter, askPerMinute: limits.askPerMinute, now });
    socket.emit('session', {
      user,
      ...(terminal ? { terminal } : {}),
      ...(line ? { line } : {}),
      copilot: deps.copilot
        ? { available: true, model: deps.copilot.model }
        : { available: false, reason: 'The copilot is not available on this server yet (the agent is not installed): questions cannot be answered here. Alerts still arrive.' },
    });
    void replayOutstanding(socket, lineIds, deps);
    socket.on('disconnect', () => deps.metrics.socketConnections.dec());
  });
  return nsp;
}

/**
 * Lines whose alerts a screen shows: the terminal's line; supervisors and QA (all-lines view)
 * also every line they cover, so a QA user at any screen sees the proposals they must decide.
 */
export function watchedLines(user: SessionUserView, line: string | undefined): string[] {
  const lines = new Set<string>(line ? [line] : user.lines);
  if (can(user.role, 'alerts.view.all-lines')) for (const id of user.lines) lines.add(id);
  return [...lines];
}

/** Open alerts and pending proposals, sent on every (re)connect; the widget dedupes by id. */
async function replayOutstanding(socket: CopilotSocket, lineIds: string[], deps: CopilotNamespaceDeps): Promise<void> {
  if (!deps.alerts) return;
  try {
    const { alerts, proposals } = await deps.alerts.outstanding(socket.data.user, lineIds);
    if (!socket.connected) return;
    for (const proposal of proposals) socket.emit('proposal', proposal);
    for (const alert of alerts) socket.emit('alert', alert);
  } catch (err) {
    deps.logger.error({ err, user: socket.data.user.username }, 'replay of outstanding alerts failed');
  }
}
