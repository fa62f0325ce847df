// Signatures of LIMS webhook deliveries accepted inside the replay window, so that a restart
// inside the window does not let a captured delivery through again (DESIGN.md: replayed requests
// are refused). Rows past the window are pruned; the table stays as small as one window's traffic.
import type { Migration } from './index';

export const m022WebhookReplays: Migration = {
  version: 22,
  name: 'webhook replay window',
  up(db) {
    db.exec(`
      CREATE TABLE webhook_replays (
        signature TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX webhook_replays_expiry ON webhook_replays (expires_at);
    `);
  },
};
