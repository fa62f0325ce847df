// Roles and permissions (DESIGN.md "Roles"): segregation of duties is enforced here, not in
// the UI. admin manages users but makes no quality decisions (21 CFR 211.22, EU GMP Ch. 2).

export const ROLES = ['operator', 'supervisor', 'qa', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'copilot.ask',
  'alerts.view.own-line',
  'alerts.view.all-lines',
  'alerts.acknowledge',
  'hold.request',
  'proposal.decide.operational',
  'proposal.decide.quality',
  'setpoint.propose',
  'users.manage',
  'config.manage',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const OPERATOR: Permission[] = ['copilot.ask', 'alerts.view.own-line', 'alerts.acknowledge', 'hold.request'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  operator: OPERATOR,
  supervisor: [...OPERATOR, 'alerts.view.all-lines', 'proposal.decide.operational'],
  qa: ['copilot.ask', 'alerts.view.all-lines', 'alerts.acknowledge', 'hold.request', 'proposal.decide.quality', 'audit.read'],
  engineer: ['copilot.ask', 'alerts.view.all-lines', 'setpoint.propose'],
  admin: ['users.manage', 'config.manage', 'audit.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
