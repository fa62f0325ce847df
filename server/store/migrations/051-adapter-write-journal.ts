// The MES write journal: outbox keys written before a vendor call that cannot carry one and
// completed after, so a retry after a lost answer is recognised across restarts.
import type { Migration } from './index';

export const m051AdapterWriteJournal: Migration = {
  version: 51,
  name: 'adapter write journal',
  up(db) {
    db.exec(`
      CREATE TABLE adapter_write_journal (
        system TEXT NOT NULL,
        key TEXT NOT NULL,
        operation TEXT NOT NULL,
        target TEXT NOT NULL,
        reference TEXT,
        done INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        completed_at TEXT,
        PRIMARY KEY (system, key)
      );
    `);
  },
};
