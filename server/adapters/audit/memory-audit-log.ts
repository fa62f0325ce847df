// In-memory audit trail with the same chain as the SQLite one: for tests and tools that
// must not touch a database. Not for production: it is gone when the process ends.
import { GENESIS_HASH, hashInput, verifyChain, type AuditEntry, type AuditRecord, type HashFn, type VerifyReport } from '../../domain/audit';
import type { AuditLog, AuditQuery } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import { sha256 } from './sha256';

export class MemoryAuditLog implements AuditLog {
  readonly records: AuditRecord[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly hash: HashFn = sha256,
  ) {}

  async append(entry: AuditEntry): Promise<AuditRecord> {
    const last = this.records.at(-1);
    const body: Omit<AuditRecord, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      time: this.clock.iso(),
      prevHash: last?.hash ?? GENESIS_HASH,
      ...(JSON.parse(JSON.stringify(entry)) as AuditEntry),
    };
    const record = { ...body, hash: this.hash(hashInput(body)) };
    this.records.push(record);
    return structuredClone(record);
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const hits = this.records.filter(
      (r) =>
        (!query.from || r.time >= query.from) &&
        (!query.to || r.time <= query.to) &&
        (!query.subjectType || r.subject.type === query.subjectType) &&
        (!query.subjectId || r.subject.id === query.subjectId) &&
        (!query.action || r.action === query.action),
    );
    return structuredClone(query.limit ? hits.slice(0, query.limit) : hits);
  }

  async verify(): Promise<VerifyReport> {
    return verifyChain(this.records, this.hash);
  }
}
