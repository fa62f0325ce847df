// Result watcher tables: the LIMS inbox (a result is on disk before it is evaluated), poll
// cursors, one evaluation per inbox row (UNIQUE: exactly once), alerts with at most one open
// per lot + test + rule (ISA-18.2: no floods), and the OOS results that block a release.
import type { Migration } from './index';

export const m020Watcher: Migration = {
  version: 20,
  name: 'result watcher',
  up(db) {
    db.exec(`
      CREATE TABLE lims_inbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        dedupe_key TEXT NOT NULL UNIQUE,
        result_id TEXT NOT NULL,
        source TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'evaluated')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
      CREATE INDEX lims_inbox_waiting ON lims_inbox (seq) WHERE state = 'received';
      CREATE TABLE lims_cursors (
        adapter TEXT PRIMARY KEY,
        since TEXT NOT NULL,
        after_id TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE evaluations (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        inbox_seq INTEGER NOT NULL UNIQUE REFERENCES lims_inbox (seq),
        result_id TEXT NOT NULL,
        lot_id TEXT,
        line_id TEXT,
        product_id TEXT,
        test TEXT NOT NULL,
        numeric REAL,
        outcome TEXT NOT NULL,
        disposition TEXT NOT NULL,
        rule TEXT NOT NULL,
        mode TEXT NOT NULL,
        record TEXT NOT NULL,
        evaluated_at TEXT NOT NULL
      );
      CREATE INDEX evaluations_series ON evaluations (product_id, test, line_id, n);
      CREATE INDEX evaluations_lot ON evaluations (lot_id);
      CREATE TABLE alerts (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        lot_id TEXT NOT NULL,
        test TEXT NOT NULL,
        rule TEXT NOT NULL,
        line_id TEXT,
        severity TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'shelved')),
        shelved_until TEXT,
        event TEXT NOT NULL,
        evaluation_n INTEGER NOT NULL REFERENCES evaluations (n),
        occurrences INTEGER NOT NULL DEFAULT 1,
        raised_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        acknowledged_by TEXT,
        acknowledged_at TEXT,
        ack_reason TEXT
      );
      CREATE UNIQUE INDEX alerts_one_open ON alerts (lot_id, test, rule) WHERE status <> 'acknowledged';
      CREATE INDEX alerts_line ON alerts (line_id, status);
      CREATE TABLE oos_results (
        result_id TEXT PRIMARY KEY,
        lot_id TEXT NOT NULL,
        test TEXT NOT NULL,
        evaluation_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        opened_at TEXT NOT NULL,
        closed_at TEXT,
        closed_by TEXT,
        close_reason TEXT
      );
      CREATE INDEX oos_results_lot ON oos_results (lot_id, status);
    `);
  },
};
