// Alerts in SQLite, in the spirit of ISA-18.2: at most one alert per lot + test + rule is open
// (a repeat counts an occurrence instead of annunciating again), acknowledgement and shelving
// are recorded with who, when and why, and a shelved alert returns when its shelf time ends.
import type Database from 'better-sqlite3';
import type { AlertEvent } from '../realtime/contract';

export interface AlertRecord {
  n: number;
  event: AlertEvent;
  lotId: string;
  lineId?: string;
  occurrences: number;
}

interface Row {
  n: number;
  lot_id: string;
  line_id: string | null;
  status: 'open' | 'acknowledged' | 'shelved';
  shelved_until: string | null;
  event: string;
  occurrences: number;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
}

export function alertId(n: number): string {
  return `AL-${n}`;
}

export class AlertStore {
  readonly #openFor: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #repeat: Database.Statement;
  readonly #get: Database.Statement;
  readonly #ack: Database.Statement;
  readonly #shelve: Database.Statement;
  readonly #unshelve: Database.Statement;
  readonly #dueBack: Database.Statement;
  readonly #uncount: Database.Statement;
  readonly #reword: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.#openFor = db.prepare(`SELECT * FROM alerts WHERE lot_id = ? AND test = ? AND rule = ? AND status <> 'acknowledged'`);
    this.#insert = db.prepare(`INSERT INTO alerts (lot_id, test, rule, line_id, severity, status, event, evaluation_n, raised_at, last_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING n`);
    this.#repeat = db.prepare('UPDATE alerts SET occurrences = occurrences + 1, last_at = ? WHERE n = ?');
    this.#get = db.prepare('SELECT * FROM alerts WHERE n = ?');
    this.#ack = db.prepare(`UPDATE alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, ack_reason = ? WHERE n = ? AND status <> 'acknowledged'`);
    this.#shelve = db.prepare(`UPDATE alerts SET status = 'shelved', shelved_until = ?, ack_reason = ? WHERE n = ? AND status <> 'acknowledged'`);
    this.#unshelve = db.prepare(`UPDATE alerts SET status = 'open', shelved_until = NULL WHERE n = ? AND status = 'shelved'`);
    this.#dueBack = db.prepare(`SELECT * FROM alerts WHERE status = 'shelved' AND shelved_until <= ? ORDER BY n`);
    this.#uncount = db.prepare('UPDATE alerts SET occurrences = occurrences - 1 WHERE n = ? AND occurrences > 1');
    // Only an alert still showing the words that were reworded: not one closed or acknowledged
    // meanwhile (a retraction's "Closed:" must stay), nor one whose guidance changed since.
    this.#reword = db.prepare(`UPDATE alerts SET event = json_set(event, '$.guidance', ?) WHERE n = ? AND status <> 'acknowledged' AND json_extract(event, '$.guidance') = ?`);
  }

  /** Raises an alert, or counts a repeat of the one still open for this lot, test and rule. */
  raise(event: Omit<AlertEvent, 'id' | 'status'>, evaluationN: number, at: string): { alert: AlertRecord; fresh: boolean } {
    const existing = this.#openFor.get(event.lot, event.test, event.rule) as Row | undefined;
    if (existing) {
      this.#repeat.run(at, existing.n);
      return { alert: toRecord({ ...existing, occurrences: existing.occurrences + 1 }), fresh: false };
    }
    const row = this.#insert.get(event.lot, event.test, event.rule, event.line ?? null, event.severity, JSON.stringify(event), evaluationN, at, at) as { n: number };
    const alert: AlertRecord = { n: row.n, event: { ...event, id: alertId(row.n), status: 'open' }, lotId: event.lot, ...(event.line ? { lineId: event.line } : {}), occurrences: 1 };
    return { alert, fresh: true };
  }

  get(id: string): AlertRecord | undefined {
    const n = /^AL-(\d{1,12})$/.exec(id)?.[1];
    const row = n ? (this.#get.get(Number(n)) as Row | undefined) : undefined;
    return row ? toRecord(row) : undefined;
  }

  acknowledge(n: number, by: string, at: string, reason: string | undefined): boolean {
    return this.#ack.run(by, at, reason ?? null, n).changes === 1;
  }

  shelve(n: number, until: string, reason: string): boolean {
    return this.#shelve.run(until, reason, n).changes === 1;
  }

  /** The alert still open (or shelved) for a lot, test and rule, with the evaluation that raised it. */
  outstandingFor(lot: string, test: string, rule: string): { alert: AlertRecord; evaluationN: number } | undefined {
    const row = this.#openFor.get(lot, test, rule) as (Row & { evaluation_n: number }) | undefined;
    return row ? { alert: toRecord(row), evaluationN: row.evaluation_n } : undefined;
  }

  /** One occurrence fewer (a repeat that was withdrawn); the alert stays for the others. */
  uncount(n: number): boolean {
    return this.#uncount.run(n).changes === 1;
  }

  /**
   * The alert's guidance in other words (the evaluation and the audit trail keep the deterministic
   * text); false, and nothing changed, when the alert was closed or its guidance is no longer `from`.
   */
  reword(n: number, from: string, guidance: string): boolean {
    return this.#reword.run(guidance, n, from).changes === 1;
  }

  /** Shelved alerts whose shelf time has ended go back to open; returns them. */
  unshelveDue(now: string): AlertRecord[] {
    const rows = this.#dueBack.all(now) as Row[];
    for (const row of rows) this.#unshelve.run(row.n);
    return rows.map((row) => toRecord({ ...row, status: 'open', shelved_until: null }));
  }

  /** Open and shelved alerts, newest first; on the given lines only when lineIds is set. */
  outstanding(lineIds: readonly string[] | undefined, limit = 200): AlertRecord[] {
    const where = lineIds ? `AND line_id IN (${lineIds.map(() => '?').join(', ') || "''"})` : '';
    const rows = this.db.prepare(`SELECT * FROM alerts WHERE status <> 'acknowledged' ${where} ORDER BY n DESC LIMIT ?`).all(...(lineIds ?? []), limit) as Row[];
    return rows.map(toRecord);
  }
}

function toRecord(row: Row): AlertRecord {
  const stored = JSON.parse(row.event) as AlertEvent;
  const event: AlertEvent = {
    ...stored,
    id: alertId(row.n),
    status: row.status,
    ...(row.acknowledged_by ? { acknowledgedBy: row.acknowledged_by } : {}),
    ...(row.acknowledged_at ? { acknowledgedAt: row.acknowledged_at } : {}),
    ...(row.shelved_until ? { shelvedUntil: row.shelved_until } : {}),
  };
  return { n: row.n, event, lotId: row.lot_id, ...(row.line_id ? { lineId: row.line_id } : {}), occurrences: row.occurrences };
}
