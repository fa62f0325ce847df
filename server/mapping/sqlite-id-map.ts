// The admin-edited mapping table (migration 050), cached in memory for the adapters' hot
// path. Every change and its audit record are written in one transaction.
import type { Db } from '../store/database';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import type { Clock } from '../ports/clock';
import { StaticIdMap, type IdMap, type IdMapping, type MappingKind } from './id-map';

interface Row {
  system: string;
  kind: MappingKind;
  qloop_id: string;
  mes_id: string;
  note: string | null;
  updated_by: string;
  updated_at: string;
}

export interface MappingActor {
  username: string;
  role?: string;
}

export class SqliteIdMap implements IdMap {
  readonly #cache = new StaticIdMap();

  constructor(
    private readonly db: Db,
    private readonly audit: SqliteAuditLog,
    private readonly clock: Clock,
  ) {
    this.#reload();
  }

  toMes(system: string, kind: MappingKind, qloopId: string): string {
    return this.#cache.toMes(system, kind, qloopId);
  }
  fromMes(system: string, kind: MappingKind, mesId: string): string {
    return this.#cache.fromMes(system, kind, mesId);
  }
  has(system: string, kind: MappingKind, qloopId: string): boolean {
    return this.#cache.has(system, kind, qloopId);
  }
  list(): IdMapping[] {
    return this.#cache.list();
  }

  /** Adds or changes a row (audited with before and after). */
  upsert(mapping: Omit<IdMapping, 'updatedBy' | 'updatedAt'>, actor: MappingActor, reason?: string): IdMapping {
    const row: IdMapping = { ...mapping, updatedBy: actor.username, updatedAt: this.clock.iso() };
    this.db.transaction(() => {
      const before = this.#find(mapping.system, mapping.kind, mapping.qloopId);
      this.db.prepare(`INSERT INTO id_mappings (system, kind, qloop_id, mes_id, note, updated_by, updated_at) VALUES (@system, @kind, @qloopId, @mesId, @note, @updatedBy, @updatedAt)
        ON CONFLICT (system, kind, qloop_id) DO UPDATE SET mes_id = excluded.mes_id, note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at`).run({ ...row, note: row.note ?? null });
      this.audit.appendSync({ actor: { type: 'user', id: actor.username, role: actor.role }, action: before ? 'mapping.changed' : 'mapping.added', subject: { type: 'id-mapping', id: key(mapping) }, before, after: row, reason });
    })();
    this.#reload();
    return row;
  }

  /** Removes a row; false when there was none. */
  remove(system: string, kind: MappingKind, qloopId: string, actor: MappingActor, reason?: string): boolean {
    let removed = false;
    this.db.transaction(() => {
      const before = this.#find(system, kind, qloopId);
      if (!before) return;
      this.db.prepare('DELETE FROM id_mappings WHERE system = ? AND kind = ? AND qloop_id = ?').run(system, kind, qloopId);
      this.audit.appendSync({ actor: { type: 'user', id: actor.username, role: actor.role }, action: 'mapping.removed', subject: { type: 'id-mapping', id: key(before) }, before, reason });
      removed = true;
    })();
    this.#reload();
    return removed;
  }

  #find(system: string, kind: MappingKind, qloopId: string): IdMapping | undefined {
    const row = this.db.prepare('SELECT * FROM id_mappings WHERE system = ? AND kind = ? AND qloop_id = ?').get(system, kind, qloopId) as Row | undefined;
    return row && toMapping(row);
  }

  #reload(): void {
    this.#cache.replace((this.db.prepare('SELECT * FROM id_mappings ORDER BY system, kind, qloop_id').all() as Row[]).map(toMapping));
  }
}

const key = (m: Pick<IdMapping, 'system' | 'kind' | 'qloopId'>) => `${m.system}/${m.kind}/${m.qloopId}`;

function toMapping(row: Row): IdMapping {
  return { system: row.system, kind: row.kind, qloopId: row.qloop_id, mesId: row.mes_id, ...(row.note ? { note: row.note } : {}), updatedBy: row.updated_by, updatedAt: row.updated_at };
}
