// Users with scrypt password hashes, line scope and lockout counters.
import type { Migration } from './index';

export const m002Users: Migration = {
  version: 2,
  name: 'users',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('operator', 'supervisor', 'qa', 'engineer', 'admin')),
        lines TEXT NOT NULL DEFAULT '[]',
        password_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL
      );
    `);
  },
};
