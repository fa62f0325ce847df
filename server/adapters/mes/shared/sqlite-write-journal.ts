// The write journal kept in SQLite (migration 051), so a restart between a vendor write and
// its lost answer still recognises the retry.
import type { Db } from '../../../store/database';
import type { JournalEntry, WriteJournal } from './write-journal';

interface Row {
  key: string;
  operation: JournalEntry['operation'];
  target: string;
  reference: string | null;
  done: number;
}

export class SqliteWriteJournal implements WriteJournal {
  constructor(
    private readonly db: Db,
    private readonly now: () => string,
  ) {}

  async get(system: string, key: string): Promise<JournalEntry | undefined> {
    const row = this.db.prepare('SELECT key, operation, target, reference, done FROM adapter_write_journal WHERE system = ? AND key = ?').get(system, key) as Row | undefined;
    return row && { key: row.key, operation: row.operation, target: row.target, ...(row.reference ? { reference: row.reference } : {}), done: row.done === 1 };
  }

  async intend(system: string, entry: Omit<JournalEntry, 'done'>): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO adapter_write_journal (system, key, operation, target, reference, done, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)').run(system, entry.key, entry.operation, entry.target, entry.reference ?? null, this.now());
  }

  async complete(system: string, key: string, reference: string): Promise<void> {
    this.db.prepare('UPDATE adapter_write_journal SET reference = ?, done = 1, completed_at = ? WHERE system = ? AND key = ?').run(reference, this.now(), system, key);
  }
}
