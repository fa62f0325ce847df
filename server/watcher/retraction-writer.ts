// Writes one LIMS retraction inside the worker's transaction: the result's evaluation is annulled
// (never deleted), the alert it raised is closed with the reason (or, when later results repeated
// it, counts one occurrence fewer), its pending proposals are superseded, its approved actions not
// yet sent are withdrawn (the MES never gets an action whose basis is gone; QA decides again), and
// each step is audited. What already reached the MES (an executed hold), an action whose call is in
// flight, and the OOS record stay: undoing those is QA's decision (SOP-QC-002: an OOS is closed by
// the investigation, not by the lab's retraction).
import type Database from 'better-sqlite3';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import type { AuditActor } from '../domain/audit';
import type { Proposal } from '../domain/proposals';
import type { ProposalLifecycle } from '../proposals/proposal-lifecycle';
import type { ProposalStore } from '../proposals/proposal-store';
import type { AlertRecord, AlertStore } from './alert-store';
import { alertLot } from './evaluation-writer';
import type { InboxRow } from './lims-inbox';
import type { OosRegister } from './oos-register';

export interface AnnulledEvaluation {
  evaluationId: string;
  lotId?: string;
  lineId?: string;
  test: string;
  value: string;
  outcome: string;
}

export interface WrittenRetraction {
  row: InboxRow;
  reason: string;
  /** `annulled` now; `already` annulled (the retraction came first); `none`: no evaluation of that result. */
  status: 'annulled' | 'already' | 'none';
  annulled?: AnnulledEvaluation;
  closedAlerts: AlertRecord[];
  superseded: Proposal[];
  /** Approved actions taken back before they reached the MES. */
  withdrawn: Proposal[];
  /** Executed proposals of the result, or one whose call is in flight: they stand until QA decides. */
  standing: Proposal[];
  /** The result's OOS record is still open (only QA closes it). */
  oosOpen: boolean;
}

export interface RetractionWriterDeps {
  db: Database.Database;
  audit: SqliteAuditLog;
  alerts: AlertStore;
  oos: OosRegister;
  proposals: ProposalStore;
  lifecycle: ProposalLifecycle;
}

interface EvaluationRow {
  n: number;
  inbox_seq: number;
  test: string;
  rule: string;
  outcome: string;
  record: string;
  annulled_at: string | null;
}

interface StoredRecord {
  lotId?: string;
  lineId?: string;
  sampleId: string;
  value: string;
  /** The evaluation raised (or repeated) an alert. */
  alerting?: boolean;
  unmapped?: { lotId?: string };
  proposals?: Array<{ id: string }>;
}

const ACTOR: AuditActor = { type: 'component', id: 'watcher' };
/** Who closed the alert, as the terminals show it. */
const CLOSED_BY = 'LIMS (result retracted)';

export class RetractionWriter {
  readonly #done: Database.Statement;
  readonly #latest: Database.Statement;
  readonly #annul: Database.Statement;

  constructor(private readonly deps: RetractionWriterDeps) {
    this.#done = deps.db.prepare(`UPDATE lims_inbox SET state = 'evaluated', attempts = attempts + 1 WHERE seq = ? AND state = 'received'`);
    this.#latest = deps.db.prepare('SELECT n, inbox_seq, test, rule, outcome, record, annulled_at FROM evaluations WHERE result_id = ? ORDER BY n DESC LIMIT 1');
    this.#annul = deps.db.prepare('UPDATE evaluations SET annulled_at = ?, annul_reason = ?, annulled_by_seq = ? WHERE n = ? AND annulled_at IS NULL');
  }

  /** Call inside a transaction. */
  write(row: InboxRow, now: string): WrittenRetraction {
    if (this.#done.run(row.seq).changes !== 1) throw new Error(`inbox row ${row.seq} was already processed`);
    const { result } = row;
    const reason = `the LIMS retracted result ${result.resultId}${result.comment ? ` (${result.comment})` : ''}`;
    const none = { row, reason, closedAlerts: [], superseded: [], withdrawn: [], standing: [], oosOpen: false };
    const evaluation = this.#latest.get(result.resultId) as EvaluationRow | undefined;
    if (!evaluation || evaluation.annulled_at) {
      const status = evaluation ? 'already' : 'none';
      // Received first, evaluated never: when the result itself arrives it is annulled as it is written.
      this.deps.audit.appendSync({ actor: ACTOR, action: 'result.retracted', subject: { type: 'result', id: result.resultId }, after: { retractionSeq: row.seq, evaluation: status === 'already' ? `EV-${evaluation?.inbox_seq}` : null, status }, reason });
      return { ...none, status };
    }
    const record = JSON.parse(evaluation.record) as StoredRecord;
    const evaluationId = `EV-${evaluation.inbox_seq}`;
    this.#annul.run(now, reason, row.seq, evaluation.n);
    const closedAlerts = this.#closeAlert(evaluation, record, reason, now);
    const mine = (record.proposals ?? []).flatMap((p) => this.deps.proposals.get(p.id) ?? []);
    const superseded = mine.filter((p) => p.status === 'proposed').map((p) => this.deps.lifecycle.close(p, 'supersede', now, reason, ACTOR));
    const withdrawn: Proposal[] = [];
    const standing: Proposal[] = [];
    for (const p of mine) {
      if (p.status === 'executed') standing.push(p);
      if (p.status !== 'approved' && p.status !== 'executing') continue;
      // Not sent yet (or waiting for a retry): withdrawn now. In flight: the outbox answer decides.
      const taken = this.deps.lifecycle.withdraw(p, now, reason, ACTOR);
      if (taken) withdrawn.push(taken);
      else standing.push(p);
    }
    const oosOpen = this.deps.oos.get(result.resultId)?.status === 'open';
    this.deps.audit.appendSync({
      actor: ACTOR, action: 'evaluation.annulled', subject: { type: 'evaluation', id: evaluationId },
      before: { outcome: evaluation.outcome, rule: evaluation.rule },
      after: { resultId: result.resultId, retractionSeq: row.seq, alertsClosed: closedAlerts.map((a) => a.event.id), proposalsSuperseded: superseded.map((p) => p.id), proposalsWithdrawn: withdrawn.map((p) => p.id), proposalsStanding: standing.map((p) => `${p.id} (${p.status})`), oosOpen },
      reason,
    });
    const annulled: AnnulledEvaluation = { evaluationId, ...(record.lotId ? { lotId: record.lotId } : {}), ...(record.lineId ? { lineId: record.lineId } : {}), test: evaluation.test, value: record.value, outcome: evaluation.outcome };
    return { row, reason, status: 'annulled', annulled, closedAlerts, superseded, withdrawn, standing, oosOpen };
  }

  /** The open alert this evaluation raised is closed; one it only repeated counts it no more. */
  #closeAlert(evaluation: EvaluationRow, record: StoredRecord, reason: string, now: string): AlertRecord[] {
    if (!record.alerting) return [];
    const open = this.deps.alerts.outstandingFor(alertLot(record.lotId ?? record.unmapped?.lotId, record.sampleId), evaluation.test, evaluation.rule);
    if (!open || open.evaluationN > evaluation.n) return [];
    if (open.alert.occurrences > 1 || open.evaluationN < evaluation.n) {
      // Other results of the lot still stand behind it: it stays open, one occurrence fewer.
      this.deps.alerts.uncount(open.alert.n);
      return [];
    }
    if (!this.deps.alerts.acknowledge(open.alert.n, CLOSED_BY, now, reason)) return [];
    this.deps.audit.appendSync({ actor: ACTOR, action: 'alert.closed', subject: { type: 'alert', id: open.alert.event.id }, before: { status: open.alert.event.status }, after: { status: 'acknowledged', by: CLOSED_BY }, reason });
    const closed = this.deps.alerts.get(open.alert.event.id);
    return closed ? [closed] : [];
  }
}
