// The TerminalFeed over socket.io: the watcher pushes alerts, proposals and notices, and they
// go to the union of the target's rooms (a socket in several of them gets each event once).
// Room broadcasts are what connection state recovery keeps, so a terminal that blinks off
// gets them on reconnect; longer outages are covered by AlertService.outstanding.
import type { Logger } from 'pino';
import type { AlertEvent, NoticeEvent, ProposalEvent, ServerToClientEvents } from './contract';
import { roomsForTarget, type CopilotNamespace } from './rooms';
import type { FeedTarget, TerminalFeed } from './services';

export class SocketTerminalFeed implements TerminalFeed {
  private nsp: CopilotNamespace | undefined;

  constructor(private readonly logger: Logger) {}

  /** Called once by main.ts when the namespace exists (the watcher is built before it). */
  attach(nsp: CopilotNamespace): void {
    this.nsp = nsp;
  }

  alert(target: FeedTarget, alert: AlertEvent): void {
    this.emit(target, 'alert', alert);
  }

  proposal(target: FeedTarget, proposal: ProposalEvent): void {
    this.emit(target, 'proposal', proposal);
  }

  notice(target: FeedTarget, notice: NoticeEvent): void {
    this.emit(target, 'notice', notice);
  }

  private emit<E extends 'alert' | 'proposal' | 'notice'>(target: FeedTarget, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    const targets = roomsForTarget(target);
    if (targets.length === 0) {
      this.logger.warn({ event, id: payload.id }, 'terminal feed: event with no line, role or user dropped');
      return;
    }
    if (!this.nsp) {
      // Before the namespace exists no terminal is connected; the replay on connect delivers it.
      this.logger.warn({ event, id: payload.id }, 'terminal feed: not attached yet, event left to the replay on connect');
      return;
    }
    const emitter = this.nsp.to(targets) as unknown as { emit(event: string, payload: unknown): boolean };
    emitter.emit(event, payload);
  }
}
