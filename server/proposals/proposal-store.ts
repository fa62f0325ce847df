// Proposals and their signatures in SQLite. Every status change is a compare-and-set on the
// expected status (two QA users deciding at once: one wins, the other gets a clear conflict),
// and signatures are append-only rows that carry the hash of the record they sign.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { canonicalJson } from '../domain/audit';
import type { Proposal, ProposalKind, ProposalStatus, SignatureManifest } from '../domain/proposals';

export type NewProposal = Omit<Proposal, 'id' | 'signatures' | 'updatedAt'>;

export interface ProposalQuery {
  statuses?: readonly ProposalStatus[];
  lotId?: string;
  /** Only these lines (proposals without a line are included for everyone who sees all lines). */
  lineIds?: readonly string[];
  limit?: number;
}

interface Row {
  n: number;
  record: string;
}

export function proposalId(n: number): string {
  return `P-${n}`;
}

export function proposalNumber(id: string): number | undefined {
  const match = /^P-(\d{1,12})$/.exec(id.trim());
  return match ? Number(match[1]) : undefined;
}

/** The hash a signature links to: the proposal's content, not its status (21 CFR 11.70). */
export function signedContentHash(proposal: Proposal): string {
  const { id, kind, lotId, lineId, productId, test, reason, proposedBy, proposedAt, setpoint, deviation, evaluationId } = proposal;
  const content = canonicalJson({ id, kind, lotId, lineId, productId, test, reason, proposedBy, proposedAt, setpoint, deviation, evaluationId });
  return crypto.createHash('sha256').update(content).digest('hex');
}

export class ProposalStore {
  readonly #insert: Database.Statement;
  readonly #get: Database.Statement;
  readonly #update: Database.Statement;
  readonly #signatures: Database.Statement;
  readonly #sign: Database.Statement;
  readonly #activeForLot: Database.Statement;
  readonly #lastDisposition: Database.Statement;
  readonly #expiring: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.#insert = db.prepare('INSERT INTO proposals (kind, status, lot_id, line_id, proposed_by, proposed_at, expires_at, record, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING n');
    this.#get = db.prepare('SELECT n, record FROM proposals WHERE n = ?');
    this.#update = db.prepare('UPDATE proposals SET status = ?, record = ?, updated_at = ? WHERE n = ? AND status = ?');
    this.#signatures = db.prepare('SELECT signer, printed_name, role, decision, meaning, reason, signed_at FROM signatures WHERE proposal_n = ? ORDER BY n');
    this.#sign = db.prepare('INSERT INTO signatures (proposal_n, signer, printed_name, role, decision, meaning, reason, signed_at, record_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#activeForLot = db.prepare(`SELECT DISTINCT kind FROM proposals WHERE lot_id = ? AND status IN ('proposed', 'approved', 'executing')`).pluck();
    this.#lastDisposition = db.prepare(`SELECT kind FROM proposals WHERE lot_id = ? AND status = 'executed' AND kind IN ('hold', 'release') ORDER BY updated_at DESC, n DESC LIMIT 1`).pluck();
    this.#expiring = db.prepare(`SELECT n, record FROM proposals WHERE status = 'proposed' AND expires_at IS NOT NULL AND expires_at < ? ORDER BY n LIMIT 500`);
  }

  insert(proposal: NewProposal): Proposal {
    const row = this.#insert.get(
      proposal.kind, proposal.status, proposal.lotId, proposal.lineId ?? null, proposal.proposedBy, proposal.proposedAt, proposal.expiresAt ?? null,
      JSON.stringify(proposal), proposal.proposedAt,
    ) as { n: number };
    return { ...proposal, id: proposalId(row.n), signatures: [], updatedAt: proposal.proposedAt };
  }

  get(id: string): Proposal | undefined {
    const n = proposalNumber(id);
    if (n === undefined) return undefined;
    const row = this.#get.get(n) as Row | undefined;
    return row ? this.#hydrate(row) : undefined;
  }

  /** Writes the new state if the stored status is still `expected`; false when someone else changed it first. */
  save(proposal: Proposal, expected: ProposalStatus): boolean {
    const n = proposalNumber(proposal.id) as number;
    const { id: _id, signatures: _signatures, ...record } = proposal;
    return this.#update.run(proposal.status, JSON.stringify(record), proposal.updatedAt, n, expected).changes === 1;
  }

  addSignature(proposal: Proposal, manifest: SignatureManifest): void {
    const n = proposalNumber(proposal.id) as number;
    this.#sign.run(n, manifest.signer, manifest.printedName, manifest.role, manifest.decision, manifest.meaning, manifest.reason, manifest.signedAt, signedContentHash(proposal));
  }

  /**
   * Kinds in flight for a lot (proposed, approved or executing), plus 'hold' while the lot's
   * latest executed disposition is a hold: nothing is proposed twice.
   */
  activeKinds(lotId: string): ProposalKind[] {
    const kinds = new Set(this.#activeForLot.all(lotId) as ProposalKind[]);
    if (this.#lastDisposition.get(lotId) === 'hold') kinds.add('hold');
    return [...kinds];
  }

  list(query: ProposalQuery = {}): Proposal[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.statuses?.length) {
      where.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
      params.push(...query.statuses);
    }
    if (query.lotId) {
      where.push('lot_id = ?');
      params.push(query.lotId);
    }
    if (query.lineIds) {
      where.push(`line_id IN (${query.lineIds.map(() => '?').join(', ') || "''"})`);
      params.push(...query.lineIds);
    }
    params.push(query.limit ?? 200);
    const rows = this.db.prepare(`SELECT n, record FROM proposals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY n DESC LIMIT ?`).all(...params) as Row[];
    return rows.map((row) => this.#hydrate(row));
  }

  expiredBy(now: string): Proposal[] {
    return (this.#expiring.all(now) as Row[]).map((row) => this.#hydrate(row));
  }

  #hydrate(row: Row): Proposal {
    const record = JSON.parse(row.record) as Omit<Proposal, 'id' | 'signatures'>;
    const signatures = (this.#signatures.all(row.n) as Array<Record<string, string>>).map(
      (s): SignatureManifest => ({
        signer: s.signer as string,
        printedName: s.printed_name as string,
        role: s.role as SignatureManifest['role'],
        decision: s.decision as SignatureManifest['decision'],
        meaning: s.meaning as string,
        reason: s.reason as string,
        signedAt: s.signed_at as string,
      }),
    );
    return { ...record, id: proposalId(row.n), signatures };
  }
}
