// What the proposal services share: stores, the lifecycle, the ports and the outward channels.
import type Database from 'better-sqlite3';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import type { Accounts } from '../auth/accounts';
import type { SessionUser } from '../auth/tokens';
import type { Proposal, RolloutPolicy } from '../domain/proposals';
import { can } from '../domain/roles';
import type { PlantCatalog } from '../plant/catalog';
import type { Clock } from '../ports/clock';
import type { MesAdapter } from '../ports/mes';
import type { Notification } from '../ports/notifier';
import type { TerminalFeed } from '../realtime/services';
import type { ProposalLifecycle } from './proposal-lifecycle';
import type { ProposalStore } from './proposal-store';

export interface ProposalDeps {
  db: Database.Database;
  store: ProposalStore;
  lifecycle: ProposalLifecycle;
  audit: SqliteAuditLog;
  accounts: Accounts;
  clock: Clock;
  catalog: PlantCatalog;
  mes: MesAdapter;
  feed: TerminalFeed;
  /** Tells QA outside the terminal (Teams, Slack, e-mail); never throws. */
  notify(notification: Notification): void;
  /** Wakes the outbox worker after an approval was committed. */
  wakeOutbox(): void;
  policy: RolloutPolicy;
  /** How long a proposal waits for a decision before it expires. */
  ttlMs: number;
  /** Open OOS result ids of a lot: a release is refused while there is one. */
  openOos(lotId: string): string[];
  /** Link to a proposal for notifications. */
  link(proposalId: string): string;
}

/** Who may see a proposal: everyone with all-lines visibility, or the people of its line. */
export function maySee(user: SessionUser, proposal: Pick<Proposal, 'lineId'>): boolean {
  if (can(user.role, 'alerts.view.all-lines')) return true;
  if (!can(user.role, 'alerts.view.own-line')) return false;
  return proposal.lineId !== undefined && user.lines.includes(proposal.lineId);
}
