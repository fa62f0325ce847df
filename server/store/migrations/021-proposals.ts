// Proposals, their e-signatures and the outbox. Signatures are append-only and carry the hash of
// the record they sign (21 CFR 11.70: signatures linked to their records); the outbox holds at
// most one entry per proposal and one per idempotency key (duplicate protection).
import type { Migration } from './index';

export const m021Proposals: Migration = {
  version: 21,
  name: 'proposals and outbox',
  up(db) {
    db.exec(`
      CREATE TABLE proposals (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('hold', 'review', 'release', 'setpoint', 'deviation')),
        status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected', 'expired', 'superseded', 'executing', 'executed', 'failed')),
        lot_id TEXT NOT NULL,
        line_id TEXT,
        proposed_by TEXT NOT NULL,
        proposed_at TEXT NOT NULL,
        expires_at TEXT,
        record TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX proposals_status ON proposals (status, n);
      CREATE INDEX proposals_lot ON proposals (lot_id, status);
      CREATE TABLE signatures (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        proposal_n INTEGER NOT NULL REFERENCES proposals (n),
        signer TEXT NOT NULL,
        printed_name TEXT NOT NULL,
        role TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
        meaning TEXT NOT NULL,
        reason TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        record_hash TEXT NOT NULL
      );
      CREATE INDEX signatures_proposal ON signatures (proposal_n);
      CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
        BEGIN SELECT RAISE(ABORT, 'signatures are permanent: UPDATE refused'); END;
      CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
        BEGIN SELECT RAISE(ABORT, 'signatures are permanent: DELETE refused'); END;
      CREATE TABLE outbox (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        proposal_n INTEGER NOT NULL UNIQUE REFERENCES proposals (n),
        action TEXT NOT NULL,
        request TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        result TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
    `);
  },
};
