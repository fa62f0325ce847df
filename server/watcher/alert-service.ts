// AlertService for the /copilot namespace: acknowledgement and shelving with a reason (ISA-18.2),
// each audited and pushed to everyone who sees the alert, and the replay of what a terminal
// missed while it was offline (open alerts and pending proposals of its lines).
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import type { SessionUser } from '../auth/tokens';
import { can } from '../domain/roles';
import { QloopError } from '../errors';
import type { Clock } from '../ports/clock';
import type { ProposalStore } from '../proposals/proposal-store';
import { atTheLine, proposalEvent } from '../proposals/proposal-view';
import type { AlertAckPayload, AlertEvent, ProposalEvent } from '../realtime/contract';
import type { AlertService, FeedTarget, TerminalFeed } from '../realtime/services';
import type { AlertRecord, AlertStore } from './alert-store';
import type Database from 'better-sqlite3';

/** ISA-18.2 shelving is time-limited: at most one day, then the alert comes back. */
const MAX_SHELF_MS = 24 * 3600_000;

export function alertTarget(lineId: string | undefined): FeedTarget {
  return { ...(lineId ? { lineId } : {}), roles: ['qa', 'supervisor'] };
}

export class WatcherAlertService implements AlertService {
  constructor(
    private readonly deps: { db: Database.Database; alerts: AlertStore; proposals: ProposalStore; audit: SqliteAuditLog; clock: Clock; feed: TerminalFeed },
  ) {}

  async acknowledge(user: SessionUser, payload: AlertAckPayload): Promise<AlertEvent> {
    const actor = { type: 'user' as const, id: user.username, role: user.role };
    const alert = this.deps.alerts.get(payload.alertId);
    if (!alert || !this.#sees(user, alert)) throw new QloopError('NOT_FOUND', `no alert "${payload.alertId}" that you may see`);
    const refuse = async (reason: string, code: 'FORBIDDEN' | 'VALIDATION' = 'FORBIDDEN'): Promise<never> => {
      await this.deps.audit.append({ actor, action: `alert.${payload.action}.refused`, subject: { type: 'alert', id: alert.event.id }, reason });
      throw new QloopError(code, reason);
    };
    if (!can(user.role, 'alerts.acknowledge')) await refuse(`your role (${user.role}) may not acknowledge alerts`);
    if (alert.event.status === 'acknowledged') return alert.event;
    const now = this.deps.clock.now();
    const at = new Date(now).toISOString();
    if (payload.action === 'shelve') {
      if (!can(user.role, 'alerts.view.all-lines')) await refuse('only a supervisor or QA may shelve an alert (ISA-18.2: shelving is an authorised act)');
      if (!payload.reason) await refuse('a reason is required to shelve an alert', 'VALIDATION');
      const until = payload.until ? Date.parse(payload.until) : now + 4 * 3600_000;
      if (!(until > now) || until - now > MAX_SHELF_MS) await refuse('shelve until a time in the next 24 hours', 'VALIDATION');
      const untilIso = new Date(until).toISOString();
      this.deps.db.transaction(() => {
        this.deps.alerts.shelve(alert.n, untilIso, payload.reason as string);
        this.deps.audit.appendSync({ actor, action: 'alert.shelved', subject: { type: 'alert', id: alert.event.id }, before: { status: alert.event.status }, after: { status: 'shelved', until: untilIso, lotId: alert.lotId }, reason: payload.reason as string });
      }).immediate();
    } else {
      this.deps.db.transaction(() => {
        this.deps.alerts.acknowledge(alert.n, user.username, at, payload.reason);
        this.deps.audit.appendSync({ actor, action: 'alert.acknowledged', subject: { type: 'alert', id: alert.event.id }, before: { status: alert.event.status }, after: { status: 'acknowledged', lotId: alert.lotId }, ...(payload.reason ? { reason: payload.reason } : {}) });
      }).immediate();
    }
    const updated = (this.deps.alerts.get(alert.event.id) as AlertRecord).event;
    this.deps.feed.alert(alertTarget(alert.lineId), updated);
    return updated;
  }

  async outstanding(user: SessionUser, lineIds: string[]): Promise<{ alerts: AlertEvent[]; proposals: ProposalEvent[] }> {
    const lines = this.#lines(user, lineIds);
    if (lines === null) return { alerts: [], proposals: [] };
    const alerts = this.deps.alerts.outstanding(lines).map((a) => a.event);
    const deciders = can(user.role, 'proposal.decide.quality') || can(user.role, 'proposal.decide.operational');
    const statuses = deciders ? (['proposed', 'approved', 'executing', 'failed'] as const) : (['proposed', 'approved', 'executing'] as const);
    const proposals = this.deps.proposals
      .list({ statuses: [...statuses], ...(lines ? { lineIds: lines } : {}), limit: 100 })
      .filter((p) => deciders || atTheLine(p.kind))
      .map(proposalEvent);
    return { alerts, proposals };
  }

  /** Shelved alerts whose time ran out come back, to everyone who sees them. */
  returnShelved(): number {
    const back = this.deps.db.transaction(() => {
      const records = this.deps.alerts.unshelveDue(this.deps.clock.iso());
      for (const r of records) this.deps.audit.appendSync({ actor: { type: 'component', id: 'watcher' }, action: 'alert.unshelved', subject: { type: 'alert', id: r.event.id }, reason: 'shelf time ended' });
      return records;
    }).immediate();
    for (const r of back) this.deps.feed.alert(alertTarget(r.lineId), r.event);
    return back.length;
  }

  /** The lines whose alerts this user may see: undefined = all, null = none. */
  #lines(user: SessionUser, requested: string[]): string[] | undefined | null {
    if (can(user.role, 'alerts.view.all-lines')) return requested.length ? requested : undefined;
    if (!can(user.role, 'alerts.view.own-line')) return null;
    if (user.lines.length === 0) return requested.length ? requested : null;
    return requested.length ? requested.filter((l) => user.lines.includes(l)) : user.lines;
  }

  #sees(user: SessionUser, alert: AlertRecord): boolean {
    if (can(user.role, 'alerts.view.all-lines')) return true;
    if (!can(user.role, 'alerts.view.own-line')) return false;
    return user.lines.length === 0 || (alert.lineId !== undefined && user.lines.includes(alert.lineId));
  }
}
