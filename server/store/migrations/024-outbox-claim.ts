// The outbox marks the entry whose MES call is in flight (`claimed_at`, set in the commit before
// the call, cleared by its answer), so that a LIMS retraction knows which approved actions it can
// still withdraw and which may already have reached the MES.
import type { Migration } from './index';

export const m024OutboxClaim: Migration = {
  version: 24,
  name: 'outbox claim',
  up(db) {
    db.exec('ALTER TABLE outbox ADD COLUMN claimed_at TEXT');
  },
};
