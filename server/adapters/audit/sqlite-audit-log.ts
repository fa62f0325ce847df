// SQLite audit trail: each append reads the chain head and inserts the next record in one
// IMMEDIATE transaction, so concurrent writers (server + CLI) and a SIGKILL mid-write
// never leave a gap or a fork in the chain.
import type Database from 'better-sqlite3';
import { GENESIS_HASH, hashInput, verifyChain, type AuditEntry, type AuditRecord, type HashFn, type VerifyReport } from '../../domain/audit';
import type { AuditLog, AuditQuery } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';

interface Row {
  seq: number;
  time: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  record: string;
  prev_hash: string;
  hash: string;
}

export class SqliteAuditLog implements AuditLog {
  private readonly head: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly appendTx: (entry: AuditEntry) => AuditRecord;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly hash: HashFn,
  ) {
    this.head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, time, actor_id, action, subject_type, subject_id, record, prev_hash, hash)
       VALUES (@seq, @time, @actor_id, @action, @subject_type, @subject_id, @record, @prev_hash, @hash)`,
    );
    const tx = db.transaction((entry: AuditEntry) => this.appendInTransaction(entry));
    this.appendTx = (entry) => tx.immediate(entry);
  }

  /** Synchronous append, for callers that must audit inside their own transaction. */
  appendSync(entry: AuditEntry): AuditRecord {
    return this.db.inTransaction ? this.appendInTransaction(entry) : this.appendTx(entry);
  }

  async append(entry: AuditEntry): Promise<AuditRecord> {
    return this.appendSync(entry);
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const filters = {
      from: 'time >= @from',
      to: 'time <= @to',
      subjectType: 'subject_type = @subjectType',
      subjectId: 'subject_id = @subjectId',
      action: 'action = @action',
    } as const;
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    for (const [name, clause] of Object.entries(filters) as [keyof typeof filters, string][]) {
      if (query[name] === undefined) continue;
      where.push(clause);
      params[name] = query[name];
    }
    if (query.limit) params.limit = query.limit;
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq${query.limit ? ' LIMIT @limit' : ''}`;
    return (this.db.prepare(sql).all(params) as Row[]).map(toRecord);
  }

  /** Reads rows in physical (rowid) order so that moved rows show up as well as edited ones. */
  async verify(): Promise<VerifyReport> {
    const rows = this.db.prepare('SELECT * FROM audit_log ORDER BY rowid').iterate() as IterableIterator<Row>;
    function* records(): Generator<AuditRecord> {
      for (const row of rows) {
        const record = toRecord(row);
        if (!columnsMatch(row, record)) {
          // An edit to an indexed column alone: make the hash check fail on this record.
          yield { ...record, hash: `column-mismatch:${record.hash}` };
        } else yield record;
      }
    }
    return verifyChain(records(), this.hash);
  }

  private appendInTransaction(entry: AuditEntry): AuditRecord {
    const head = this.head.get() as { seq: number; hash: string } | undefined;
    const body: Omit<AuditRecord, 'hash'> = {
      seq: (head?.seq ?? 0) + 1,
      time: this.clock.iso(),
      prevHash: head?.hash ?? GENESIS_HASH,
      ...normalise(entry),
    };
    const hash = this.hash(hashInput(body));
    const { prevHash, ...stored } = body;
    this.insert.run({
      seq: body.seq,
      time: body.time,
      actor_id: entry.actor.id,
      action: entry.action,
      subject_type: entry.subject.type,
      subject_id: entry.subject.id,
      record: JSON.stringify(stored),
      prev_hash: prevHash,
      hash,
    });
    return { ...body, hash };
  }
}

/** JSON round-trips the entry so what is hashed is exactly what is stored and read back. */
function normalise(entry: AuditEntry): AuditEntry {
  return JSON.parse(JSON.stringify(entry)) as AuditEntry;
}

function toRecord(row: Row): AuditRecord {
  const stored = JSON.parse(row.record) as Omit<AuditRecord, 'hash' | 'prevHash'>;
  return { ...stored, prevHash: row.prev_hash, hash: row.hash };
}

function columnsMatch(row: Row, record: AuditRecord): boolean {
  return (
    row.seq === record.seq &&
    row.time === record.time &&
    row.actor_id === record.actor.id &&
    row.action === record.action &&
    row.subject_type === record.subject.type &&
    row.subject_id === record.subject.id
  );
}
