// Demo users for the demo plant: one operator per line and one user per other role, with
// published passwords. Created only in demo mode, and announced as such at every start.
import type { Accounts } from '../auth/accounts';
import type { Role } from '../domain/roles';

export interface DemoUser {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  lines: string[];
}

export function demoUsers(lineIds: readonly string[]): DemoUser[] {
  const operators = lineIds.map((id, i) => ({
    username: `op.${id.toLowerCase().replace(/[^a-z0-9]/g, '')}`,
    password: 'Operator-Demo-1',
    role: 'operator' as const,
    displayName: `Operator ${['Kim', 'Luis', 'Sam', 'Noor', 'Alex'][i % 5]} (${id})`,
    lines: [id],
  }));
  return [
    ...operators,
    { username: 'sup.maria', password: 'Supervisor-Demo-1', role: 'supervisor', displayName: 'Maria Keller (Supervisor)', lines: [...lineIds] },
    { username: 'qa.anna', password: 'Quality-Demo-1', role: 'qa', displayName: 'Anna Novak (QA)', lines: [...lineIds] },
    { username: 'qa.ben', password: 'Quality-Demo-2', role: 'qa', displayName: 'Ben Okafor (QA)', lines: [...lineIds] },
    { username: 'eng.tom', password: 'Engineer-Demo-1', role: 'engineer', displayName: 'Tom Reyes (Process engineer)', lines: [...lineIds] },
    { username: 'it.admin', password: 'Plant-Admin-Demo-1', role: 'admin', displayName: 'IT Administrator', lines: [] },
  ];
}

/** Creates the demo users that do not exist yet; returns all of them with their passwords. */
export async function ensureDemoUsers(accounts: Accounts, lineIds: readonly string[]): Promise<DemoUser[]> {
  const existing = new Set(accounts.list().map((u) => u.username));
  const users = demoUsers(lineIds);
  for (const user of users) if (!existing.has(user.username)) await accounts.add(user, 'system');
  return users;
}
