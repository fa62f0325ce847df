// Master data mapping: the identifiers a LIMS uses (sample, batch/lot, work order) and the
// ones each MES uses (lot, SFC, container, job, MTU). Rows come from the admin-edited table
// (SqliteIdMap) or config; without a row an id maps to itself, which is how most plants
// that name lots once in ERP run.
export const MAPPING_KINDS = ['lot', 'sample', 'work-order', 'product', 'line', 'equipment'] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

export interface IdMapping {
  /** MES adapter name (sap-dm, plex, ...) or `*` for every MES. */
  system: string;
  kind: MappingKind;
  /** qloop / LIMS side identifier (lot number on the certificate, sample id). */
  qloopId: string;
  /** The MES side identifier (SFC, container serial, job id, MTU NId). */
  mesId: string;
  note?: string;
  updatedBy?: string;
  updatedAt?: string;
}

export interface IdMap {
  /** The MES identifier for a qloop id; the id itself when no row maps it. */
  toMes(system: string, kind: MappingKind, qloopId: string): string;
  /** The qloop identifier for an MES id; the id itself when no row maps it. */
  fromMes(system: string, kind: MappingKind, mesId: string): string;
  /** True when a row (not the identity default) maps this qloop id. */
  has(system: string, kind: MappingKind, qloopId: string): boolean;
  list(): IdMapping[];
}

/** An in-memory map (config, tests); SqliteIdMap keeps the admin-edited table. */
export class StaticIdMap implements IdMap {
  #rows: IdMapping[];

  constructor(rows: readonly IdMapping[] = []) {
    this.#rows = rows.map((r) => ({ ...r }));
  }

  toMes(system: string, kind: MappingKind, qloopId: string): string {
    return this.#find(system, kind, (r) => r.qloopId === qloopId)?.mesId ?? qloopId;
  }
  fromMes(system: string, kind: MappingKind, mesId: string): string {
    return this.#find(system, kind, (r) => r.mesId === mesId)?.qloopId ?? mesId;
  }
  has(system: string, kind: MappingKind, qloopId: string): boolean {
    return this.#find(system, kind, (r) => r.qloopId === qloopId) !== undefined;
  }
  list(): IdMapping[] {
    return this.#rows.map((r) => ({ ...r }));
  }
  replace(rows: readonly IdMapping[]): void {
    this.#rows = rows.map((r) => ({ ...r }));
  }

  /** A system-specific row wins over a `*` row. */
  #find(system: string, kind: MappingKind, match: (row: IdMapping) => boolean): IdMapping | undefined {
    const rows = this.#rows.filter((r) => r.kind === kind && match(r));
    return rows.find((r) => r.system === system) ?? rows.find((r) => r.system === '*');
  }
}

export const IDENTITY_MAP: IdMap = new StaticIdMap();
