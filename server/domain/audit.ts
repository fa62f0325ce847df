// Audit trail records and chain verification (21 CFR 11.10(e), EU GMP Annex 11 §9). Each
// record's hash covers the previous record's hash and a canonical serialisation of the
// record, so an edit, deletion, reorder or forged append breaks the chain at that seq.

export type ActorType = 'user' | 'component' | 'ai';

export interface AuditActor {
  type: ActorType;
  id: string;
  role?: string;
}

export interface AuditSubject {
  /** lot, result, proposal, document, user, config, conversation, ... */
  type: string;
  id: string;
}

/** For AI steps: what model saw and said (DESIGN.md "what the AI saw and said"). */
export interface AuditAi {
  model: string;
  promptVersion: string;
  inputs?: unknown;
  toolCalls?: unknown;
  sources?: unknown;
  output?: unknown;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  subject: AuditSubject;
  before?: unknown;
  after?: unknown;
  reason?: string;
  ai?: AuditAi;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  time: string;
  prevHash: string;
  hash: string;
}

export interface VerifyReport {
  ok: boolean;
  count: number;
  /** The first seq at which the chain breaks. */
  firstBadSeq?: number;
  problem?: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Deterministic JSON: object keys sorted, undefined dropped, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`audit values must be finite numbers, got ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`audit values cannot hold a ${typeof value}`);
}

/** The text a record's hash is computed over: previous hash, then the record without its hash. */
export function hashInput(record: Omit<AuditRecord, 'hash'>): string {
  const { prevHash, ...body } = record;
  return `${prevHash}\n${canonicalJson(body)}`;
}

export type HashFn = (text: string) => string;

/** Walks the chain in seq order and names the first record that does not hold. */
export function verifyChain(records: Iterable<AuditRecord>, hash: HashFn): VerifyReport {
  let expectedPrev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const record of records) {
    if (record.seq !== expectedSeq) {
      const problem = `expected seq ${expectedSeq} but found seq ${record.seq}: a record was deleted, moved or inserted`;
      return { ok: false, count, firstBadSeq: expectedSeq, problem };
    }
    if (record.prevHash !== expectedPrev) {
      return { ok: false, count, firstBadSeq: record.seq, problem: `record seq ${record.seq} does not link to the previous record's hash` };
    }
    const { hash: stored, ...rest } = record;
    if (hash(hashInput(rest)) !== stored) {
      return { ok: false, count, firstBadSeq: record.seq, problem: `record seq ${record.seq} was altered: its content does not match its hash` };
    }
    expectedPrev = stored;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, count };
}
