// AuditLog port: the append-only, hash-chained trail (21 CFR 11.10(e)). Implementations
// must never update or delete, and must make any edit, deletion or reorder detectable.
import type { AuditEntry, AuditRecord, VerifyReport } from '../domain/audit';

export interface AuditQuery {
  from?: string;
  to?: string;
  subjectType?: string;
  subjectId?: string;
  action?: string;
  limit?: number;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<AuditRecord>;
  list(query?: AuditQuery): Promise<AuditRecord[]>;
  verify(): Promise<VerifyReport>;
}
