// Out-of-specification results per lot: opened when the watcher confirms an OOS, closed only by
// QA with a reason (the investigation's conclusion, SOP-QC-002). A lot with an open OOS is never
// released (21 CFR 211.192).
import type Database from 'better-sqlite3';

export interface OosEntry {
  resultId: string;
  lotId: string;
  test: string;
  evaluationId: string;
  status: 'open' | 'closed';
  openedAt: string;
  closedAt?: string;
  closedBy?: string;
  closeReason?: string;
}

export class OosRegister {
  readonly #open: Database.Statement;
  readonly #openFor: Database.Statement;
  readonly #close: Database.Statement;
  readonly #get: Database.Statement;

  constructor(db: Database.Database) {
    this.#open = db.prepare(`INSERT INTO oos_results (result_id, lot_id, test, evaluation_id, status, opened_at) VALUES (?, ?, ?, ?, 'open', ?) ON CONFLICT DO NOTHING`);
    this.#openFor = db.prepare(`SELECT result_id FROM oos_results WHERE lot_id = ? AND status = 'open' ORDER BY opened_at`).pluck();
    this.#close = db.prepare(`UPDATE oos_results SET status = 'closed', closed_at = ?, closed_by = ?, close_reason = ? WHERE result_id = ? AND status = 'open'`);
    this.#get = db.prepare('SELECT * FROM oos_results WHERE result_id = ?');
  }

  open(resultId: string, lotId: string, test: string, evaluationId: string, at: string): void {
    this.#open.run(resultId, lotId, test, evaluationId, at);
  }

  openFor(lotId: string): string[] {
    return this.#openFor.all(lotId) as string[];
  }

  close(resultId: string, by: string, reason: string, at: string): boolean {
    return this.#close.run(at, by, reason, resultId).changes === 1;
  }

  get(resultId: string): OosEntry | undefined {
    const row = this.#get.get(resultId) as Record<string, string | number | null> | undefined;
    if (!row) return undefined;
    return {
      resultId: row.result_id as string, lotId: row.lot_id as string, test: row.test as string, evaluationId: row.evaluation_id as string,
      status: row.status as OosEntry['status'], openedAt: row.opened_at as string,
      ...(row.closed_at ? { closedAt: row.closed_at as string, closedBy: row.closed_by as string, closeReason: row.close_reason as string } : {}),
    };
  }
}
