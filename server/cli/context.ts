// Shared set-up for CLI commands that work on the data folder: config, database, audit log.
import { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import { SystemClock } from '../adapters/clock/system-clock';
import { loadConfig, type Config } from '../config';
import { openDatabase, type Db } from '../store/database';
import { hmacSha256 } from '../adapters/audit/sha256';
import { installationSecret } from '../secrets';

export interface CliContext {
  config: Config;
  db: Db;
  audit: SqliteAuditLog;
  clock: SystemClock;
  close(): void;
}

export function openCliContext(opts: { dataDir?: string }): CliContext {
  const config = loadConfig({ overrides: opts.dataDir ? { dataDir: opts.dataDir } : {} });
  const db = openDatabase(config.dataDir, { synchronous: config.dbSynchronous });
  const clock = new SystemClock();
  return { config, db, clock, audit: new SqliteAuditLog(db, clock, hmacSha256(installationSecret('audit-key', config.auditKey, config.dataDir))), close: () => db.close() };
}

/** Runs `fn` with a context and always closes the database. */
export async function withCliContext<T>(opts: { dataDir?: string }, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = openCliContext(opts);
  try {
    return await fn(ctx);
  } finally {
    ctx.close();
  }
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error('--password-stdin expects the password on standard input (e.g. echo "$PW" | qloop ...)');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
