// Master data mapping (integrations): LIMS sample/batch ids to MES lot/SFC/container/job ids,
// edited by admins over HTTP; every edit is also on the audit trail (21 CFR 11.10(e)).
import type { Migration } from './index';

export const m050IdMappings: Migration = {
  version: 50,
  name: 'id mappings',
  up(db) {
    db.exec(`
      CREATE TABLE id_mappings (
        system TEXT NOT NULL,
        kind TEXT NOT NULL,
        qloop_id TEXT NOT NULL,
        mes_id TEXT NOT NULL,
        note TEXT,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (system, kind, qloop_id)
      );
      CREATE INDEX id_mappings_mes ON id_mappings (system, kind, mes_id);
    `);
  },
};
