// The five client events of the /copilot namespace: each payload is validated, the role is
// checked (refusals audited, 21 CFR 11.10(d)/(g)), then the work is handed to a service.
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { SessionUser } from '../auth/tokens';
import { can, type Permission } from '../domain/roles';
import type { AuditLog } from '../ports/audit-log';
import { alertAckSchema, askSchema, cancelSchema, decideSchema, historySchema, type ClientToServerEvents, type ServerToClientEvents, type SocketData, type WireError } from './contract';
import { askStreamer } from './ask-stream';
import type { SlidingWindowLimiter } from './rate-limit';
import { roomsForProposal, type CopilotNamespace } from './rooms';
import type { AlertService, AskContext, CopilotService, DecisionService } from './services';
import { toWireError, validationError } from './wire-errors';

type CopilotSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface EventHandlerDeps {
  logger: Logger;
  audit?: AuditLog;
  copilot?: CopilotService;
  decisions?: DecisionService;
  alerts?: AlertService;
  askLimiter: SlidingWindowLimiter;
  askPerMinute: number;
  now: () => number;
}

const UNAVAILABLE = (what: string): WireError => ({ code: 'UNAVAILABLE', message: `${what} not available on this server yet.` });

export function registerCopilotEvents(socket: CopilotSocket, nsp: CopilotNamespace, deps: EventHandlerDeps): void {
  const { user, terminal, line } = socket.data;
  const context: AskContext = { ...(terminal ? { terminal } : {}), ...(line ? { line } : {}) };
  const fail = (err: unknown, event: string) => ({ ok: false as const, error: toWireError(err, deps.logger, event) });

  socket.on('ask', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = askSchema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: validationError('ask', parsed.error.issues) });
    const denied = await refusePermission(user, ['copilot.ask'], 'ask', deps);
    if (denied) return ack({ ok: false, error: denied });
    if (!deps.copilot) return ack({ ok: false, error: UNAVAILABLE('The copilot is') });
    const decision = deps.askLimiter.take(user.username, deps.now());
    if (!decision.allowed) {
      const seconds = Math.ceil(decision.retryAfterMs / 1000);
      return ack({ ok: false, error: { code: 'RATE_LIMITED', message: `too many questions: at most ${deps.askPerMinute} a minute; ask again in ${seconds} s`, retryAfterMs: decision.retryAfterMs } });
    }
    try {
      const stream = askStreamer(nsp, socket.id);
      const ids = deps.copilot.ask(user, context, parsed.data, stream.sink);
      ack({ ok: true, ...ids });
      stream.start(ids.messageId);
    } catch (err) {
      ack(fail(err, 'ask'));
    }
  });

  socket.on('cancel', (payload, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = cancelSchema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: validationError('cancel', parsed.error.issues) });
    if (!deps.copilot) return ack({ ok: false, error: UNAVAILABLE('The copilot is') });
    try {
      ack({ ok: true, cancelled: deps.copilot.cancel(user, parsed.data.messageId) });
    } catch (err) {
      ack(fail(err, 'cancel'));
    }
  });

  socket.on('history', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = historySchema.safeParse(payload ?? {});
    if (!parsed.success) return ack({ ok: false, error: validationError('history', parsed.error.issues) });
    if (!deps.copilot) return ack({ ok: false, error: UNAVAILABLE('The copilot is') });
    try {
      ack({ ok: true, ...(await deps.copilot.history(user, context, parsed.data.conversationId)) });
    } catch (err) {
      ack(fail(err, 'history'));
    }
  });

  socket.on('decide', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = decideSchema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: validationError('decide', parsed.error.issues) });
    const denied = await refusePermission(user, ['proposal.decide.quality', 'proposal.decide.operational'], 'decide', deps);
    if (denied) return ack({ ok: false, error: denied });
    // 21 CFR 11.200(a)(1): a signature is executed by its genuine owner, i.e. the user logged in here.
    if (parsed.data.signature.username !== user.username) {
      return ack({ ok: false, error: { code: 'FORBIDDEN', message: `sign with your own user name (${user.username}); a signature cannot be applied for someone else` } });
    }
    if (!deps.decisions) return ack({ ok: false, error: UNAVAILABLE('Decisions are') });
    try {
      const proposal = await deps.decisions.decide(user, parsed.data);
      ack({ ok: true, proposal });
      nsp.to(roomsForProposal(proposal, user.username)).emit('proposal', proposal);
    } catch (err) {
      ack(fail(err, 'decide'));
    }
  });

  socket.on('alert.ack', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = alertAckSchema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: validationError('alert.ack', parsed.error.issues) });
    const denied = await refusePermission(user, ['alerts.acknowledge'], 'alert.ack', deps);
    if (denied) return ack({ ok: false, error: denied });
    if (!deps.alerts) return ack({ ok: false, error: UNAVAILABLE('Alert acknowledgement is') });
    try {
      const alert = await deps.alerts.acknowledge(user, parsed.data);
      ack({ ok: true, alert });
      // Every other screen showing this alert updates its card (the client dedupes by id).
      nsp.to([`user:${user.username}`, ...(alert.line ? [`line:${alert.line}`] : [])]).emit('alert', alert);
    } catch (err) {
      ack(fail(err, 'alert.ack'));
    }
  });
}

/** The wire error for a role lacking every one of `permissions` (audited), or undefined. */
async function refusePermission(user: SessionUser, permissions: Permission[], event: string, deps: EventHandlerDeps): Promise<WireError | undefined> {
  if (permissions.some((p) => can(user.role, p))) return undefined;
  try {
    await deps.audit?.append({
      actor: { type: 'user', id: user.username, role: user.role },
      action: 'access.denied',
      subject: { type: 'socket-event', id: event },
      reason: `role ${user.role} lacks permission ${permissions.join(' or ')}`,
    });
  } catch (err) {
    deps.logger.error({ err }, 'could not audit a refused socket event');
  }
  return { code: 'FORBIDDEN', message: `your role (${user.role}) may not do this: it needs the permission "${permissions.join('" or "')}"` };
}
