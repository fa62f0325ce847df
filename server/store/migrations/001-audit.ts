// Audit trail table: append-only, enforced by triggers (21 CFR 11.10(e)); the hash chain
// makes tampering that bypasses the triggers (dropping them first) detectable.
import type { Migration } from './index';

export const m001Audit: Migration = {
  version: 1,
  name: 'audit trail',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        record TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);
      CREATE INDEX audit_log_time ON audit_log (time);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END;
    `);
  },
};
