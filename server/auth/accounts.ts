// Accounts: creating users, changing passwords, and checking credentials with lockout
// after repeated failures (21 CFR 11.300(d): attempts at unauthorized use are detected and
// reported). Every outcome is audited; operations logs never hold passwords.
import { ROLES, type Role } from '../domain/roles';
import { QloopError } from '../errors';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import type { SessionUser } from './tokens';
import type { UserStore, UserRecord } from './user-store';

export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}

export interface NewUser {
  username: string;
  role: Role;
  password: string;
  displayName?: string;
  lines?: string[];
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export class Accounts {
  constructor(
    private readonly users: UserStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly lockout: LockoutPolicy,
  ) {}

  async add(input: NewUser, by: string): Promise<UserRecord> {
    if (!USERNAME.test(input.username)) throw new QloopError('VALIDATION', `invalid user name "${input.username}": use 2-64 lower-case letters, digits, dot, dash or underscore`, [{ path: 'username', message: 'invalid user name' }]);
    if (!ROLES.includes(input.role)) throw new QloopError('VALIDATION', `unknown role "${input.role}": use one of ${ROLES.join(', ')}`, [{ path: 'role', message: 'unknown role' }]);
    const weak = passwordProblem(input.username, input.password);
    if (weak) throw new QloopError('VALIDATION', weak, [{ path: 'password', message: weak }]);
    if (this.users.get(input.username)) throw new QloopError('CONFLICT', `user "${input.username}" already exists`);
    const now = this.clock.iso();
    const user: UserRecord = {
      username: input.username,
      displayName: input.displayName ?? input.username,
      role: input.role,
      lines: input.lines ?? [],
      passwordHash: await hashPassword(input.password),
      failedAttempts: 0,
      active: true,
      createdAt: now,
      passwordChangedAt: now,
    };
    this.users.insert(user);
    await this.audit.append({
      actor: actorOf(by),
      action: 'user.created',
      subject: { type: 'user', id: user.username },
      after: { role: user.role, displayName: user.displayName, lines: user.lines },
    });
    return user;
  }

  async changePassword(username: string, password: string, by: string): Promise<void> {
    const user = this.mustGet(username);
    const weak = passwordProblem(username, password);
    if (weak) throw new QloopError('VALIDATION', weak, [{ path: 'password', message: weak }]);
    this.users.setPassword(user.username, await hashPassword(password), this.clock.iso());
    await this.audit.append({ actor: actorOf(by), action: 'user.password-changed', subject: { type: 'user', id: username } });
  }

  async unlock(username: string, by: string): Promise<void> {
    this.mustGet(username);
    this.users.clearFailures(username);
    await this.audit.append({ actor: actorOf(by), action: 'user.unlocked', subject: { type: 'user', id: username } });
  }

  list(): UserRecord[] {
    return this.users.list();
  }

  /**
   * Checks a user name and password. Used by login and by e-signatures (21 CFR 11.200:
   * the signer re-enters the password), so both count towards the lockout.
   */
  async authenticate(username: string, password: string, purpose: 'login' | 'signature'): Promise<SessionUser> {
    const user = this.users.get(username);
    const subject = { type: 'user', id: username };
    const refused = new QloopError('UNAUTHENTICATED', 'wrong user name or password');
    if (!user || !user.active) {
      await this.audit.append({ actor: { type: 'user', id: username }, action: `auth.${purpose}.failed`, subject, reason: 'unknown or inactive user' });
      throw refused;
    }
    if (user.lockedUntil && user.lockedUntil > this.clock.iso()) {
      await this.audit.append({ actor: { type: 'user', id: username }, action: `auth.${purpose}.refused`, subject, reason: `account locked until ${user.lockedUntil}` });
      throw new QloopError('LOCKED', `the account "${username}" is locked after repeated failed attempts; ask an administrator or try again after ${user.lockedUntil}`);
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      const attempts = this.users.recordFailure(username, undefined);
      await this.audit.append({ actor: { type: 'user', id: username }, action: `auth.${purpose}.failed`, subject, reason: `wrong password (attempt ${attempts} of ${this.lockout.threshold})` });
      if (attempts >= this.lockout.threshold) {
        const until = new Date(this.clock.now() + this.lockout.minutes * 60_000).toISOString();
        this.users.lock(username, until);
        await this.audit.append({ actor: { type: 'component', id: 'auth' }, action: 'user.locked', subject, reason: `${attempts} failed attempts`, after: { lockedUntil: until } });
        throw new QloopError('LOCKED', `the account "${username}" is now locked after ${attempts} failed attempts`);
      }
      throw refused;
    }
    if (user.failedAttempts > 0 || user.lockedUntil) this.users.clearFailures(username);
    if (purpose === 'login') await this.audit.append({ actor: { type: 'user', id: username, role: user.role }, action: 'auth.login', subject });
    return { username: user.username, displayName: user.displayName, role: user.role, lines: user.lines };
  }

  /** The session view of an active user, or undefined (deleted or deactivated since login). */
  session(username: string): SessionUser | undefined {
    const user = this.users.get(username);
    if (!user || !user.active) return undefined;
    return { username: user.username, displayName: user.displayName, role: user.role, lines: user.lines };
  }

  private mustGet(username: string): UserRecord {
    const user = this.users.get(username);
    if (!user) throw new QloopError('NOT_FOUND', `no user "${username}"`);
    return user;
  }
}

function actorOf(by: string): { type: 'user' | 'component'; id: string } {
  return by.startsWith('cli:') || by === 'system' ? { type: 'component', id: by } : { type: 'user', id: by };
}
