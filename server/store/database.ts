// Opens the single SQLite database under the data folder (WAL mode) and brings its schema
// up to date with the versioned migrations before anything else touches it.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  synchronous?: 'FULL' | 'NORMAL';
  migrations?: readonly Migration[];
  readonly?: boolean;
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'qloop.db');
}

export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(databaseFile(dataDir), { readonly: options.readonly ?? false });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) migrate(db, options.migrations ?? MIGRATIONS);
  return db;
}

/** Applies every migration newer than the database's version, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const ran: number[] = [];
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const m of sorted) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
    ran.push(m.version);
  }
  return ran;
}
