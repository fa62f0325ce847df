// An evaluation of a result the LIMS later retracted is annulled, never deleted (21 CFR 11.10(e):
// changes must not obscure what was recorded): when, why, and which inbox event (the retraction)
// annulled it. Annulled evaluations leave the SPC series.
import type { Migration } from './index';

export const m023EvaluationAnnulment: Migration = {
  version: 23,
  name: 'evaluation annulment',
  up(db) {
    db.exec(`
      ALTER TABLE evaluations ADD COLUMN annulled_at TEXT;
      ALTER TABLE evaluations ADD COLUMN annul_reason TEXT;
      ALTER TABLE evaluations ADD COLUMN annulled_by_seq INTEGER REFERENCES lims_inbox (seq);
      CREATE INDEX evaluations_result ON evaluations (result_id);
    `);
  },
};
