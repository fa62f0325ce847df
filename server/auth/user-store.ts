// Users table access: the only code that reads or writes the users table.
import type Database from 'better-sqlite3';
import type { Role } from '../domain/roles';

export interface UserRecord {
  username: string;
  displayName: string;
  role: Role;
  lines: string[];
  passwordHash: string;
  failedAttempts: number;
  lockedUntil?: string;
  active: boolean;
  createdAt: string;
  passwordChangedAt: string;
}

interface Row {
  username: string;
  display_name: string;
  role: Role;
  lines: string;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
  created_at: string;
  password_changed_at: string;
}

export class UserStore {
  constructor(private readonly db: Database.Database) {}

  get(username: string): UserRecord | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as Row | undefined;
    return row && toUser(row);
  }

  list(): UserRecord[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as Row[]).map(toUser);
  }

  insert(user: UserRecord): void {
    this.db
      .prepare(
        `INSERT INTO users (username, display_name, role, lines, password_hash, failed_attempts, locked_until, active, created_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(user.username, user.displayName, user.role, JSON.stringify(user.lines), user.passwordHash, user.failedAttempts, user.lockedUntil ?? null, user.active ? 1 : 0, user.createdAt, user.passwordChangedAt);
  }

  setPassword(username: string, passwordHash: string, at: string): void {
    this.db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ?, failed_attempts = 0, locked_until = NULL WHERE username = ?').run(passwordHash, at, username);
  }

  recordFailure(username: string, lockedUntil: string | undefined): number {
    this.db.prepare('UPDATE users SET failed_attempts = failed_attempts + 1, locked_until = COALESCE(?, locked_until) WHERE username = ?').run(lockedUntil ?? null, username);
    return (this.db.prepare('SELECT failed_attempts FROM users WHERE username = ?').pluck().get(username) as number | undefined) ?? 0;
  }

  lock(username: string, until: string): void {
    this.db.prepare('UPDATE users SET locked_until = ? WHERE username = ?').run(until, username);
  }

  clearFailures(username: string): void {
    this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?').run(username);
  }
}

function toUser(row: Row): UserRecord {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    lines: JSON.parse(row.lines) as string[],
    passwordHash: row.password_hash,
    failedAttempts: row.failed_attempts,
    ...(row.locked_until ? { lockedUntil: row.locked_until } : {}),
    active: row.active === 1,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
  };
}
