// Writes one LIMS retraction inside the worker's transaction: the result's evaluation is annulled
// (never deleted), the alert it raised is closed with the reason (or, when later results repeated
// it, counts one occurrence fewer), its pending proposals are superseded, its approved actions not
// yet sent are withdrawn (the MES never gets an action whose basis is gone; QA decides again), and
// each step is audited. What already reached the MES (an executed hold), an action whose call is in
// flight, and the OOS record stay: undoing those is QA's decision (SOP-QC-002: an OOS is closed by
// the investigation, not by the lab's retraction). A retraction whose sample or test is not the
// stored result's annuls nothing: QA is told of the mismatch. The same write serves an amendment
// (the LIMS sent a new value under the same result_id): the value before is annulled, the new one
// is then evaluated like any result.
import type Database from 'better-sqlite3';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import type { AuditActor } from '../domain/audit';
import type { Proposal } from '../domain/proposals';
import type { ProposalLifecycle } from '../proposals/proposal-lifecycle';
import type { ProposalStore } from '../proposals/proposal-store';
import { alertId, type AlertRecord, type AlertStore } from './alert-store';
import { alertLot } from './evaluation-writer';
import { plainTestName, type TestName } from './incoming-result';
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
  /**
   * `annulled` now; `already` annulled (the retraction came first); `none`: no evaluation of that
   * result; `mismatch`: the retraction names another sample or test than the stored result (nothing annulled);
   * `failed`: processing it kept failing, it is recorded for QA (nothing annulled, no evaluation written).
   */
  status: 'annulled' | 'already' | 'none' | 'mismatch' | 'failed';
  /** An amendment's new value (the withdrawal is qloop's, the new value follows it). */
  amendedTo?: string;
  /** For `mismatch`: what differs, in words. */
  mismatch?: string;
  annulled?: AnnulledEvaluation;
  closedAlerts: AlertRecord[];
  /** Alerts that stay open for other results, their guidance noting the withdrawn value. */
  annotatedAlerts: AlertRecord[];
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
  /** Test names as the plant catalog spells them (a retraction may use the test code). */
  testName?: TestName;
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
  readonly #gaveUp: Database.Statement;
  readonly #latest: Database.Statement;
  readonly #annul: Database.Statement;
  readonly #raised: Database.Statement;
  readonly #evaluated: Database.Statement;

  constructor(private readonly deps: RetractionWriterDeps) {
    this.#done = deps.db.prepare(`UPDATE lims_inbox SET state = 'evaluated', attempts = attempts + 1 WHERE seq = ? AND state = 'received'`);
    this.#gaveUp = deps.db.prepare(`UPDATE lims_inbox SET state = 'evaluated', attempts = attempts + 1, last_error = ? WHERE seq = ? AND state = 'received'`);
    this.#latest = deps.db.prepare('SELECT n, inbox_seq, test, rule, outcome, record, annulled_at FROM evaluations WHERE result_id = ? ORDER BY n DESC LIMIT 1');
    this.#annul = deps.db.prepare('UPDATE evaluations SET annulled_at = ?, annul_reason = ?, annulled_by_seq = ? WHERE n = ? AND annulled_at IS NULL');
    this.#raised = deps.db.prepare('SELECT n FROM alerts WHERE evaluation_n = ? ORDER BY n DESC LIMIT 1').pluck();
    this.#evaluated = deps.db.prepare('SELECT payload FROM lims_inbox WHERE seq = ?').pluck();
  }

  /** Call inside a transaction. */
  write(row: InboxRow, now: string): WrittenRetraction {
    if (this.#done.run(row.seq).changes !== 1) throw new Error(`inbox row ${row.seq} was already processed`);
    const { result } = row;
    const amendedTo = result.amendedTo;
    const reason = amendedTo !== undefined
      ? `the LIMS amended result ${result.resultId}: ${result.value} → ${amendedTo}`
      : `the LIMS retracted result ${result.resultId}${result.comment ? ` (${result.comment})` : ''}`;
    const none = { row, reason, ...(amendedTo !== undefined ? { amendedTo } : {}), closedAlerts: [], annotatedAlerts: [], superseded: [], withdrawn: [], standing: [], oosOpen: false };
    const evaluation = this.#latest.get(result.resultId) as EvaluationRow | undefined;
    if (!evaluation || evaluation.annulled_at) {
      const status = evaluation ? 'already' : 'none';
      // Received first, evaluated never: when the result itself arrives it is annulled as it is written.
      this.deps.audit.appendSync({ actor: ACTOR, action: 'result.retracted', subject: { type: 'result', id: result.resultId }, after: { retractionSeq: row.seq, evaluation: status === 'already' ? `EV-${evaluation?.inbox_seq}` : null, status }, reason });
      return { ...none, status };
    }
    const record = JSON.parse(evaluation.record) as StoredRecord;
    const evaluationId = `EV-${evaluation.inbox_seq}`;
    const mismatch = this.#mismatch(result, evaluation);
    if (mismatch) {
      // The LIMS names the result but not its sample or test: a wrong id or a wrong record. Annulling
      // on it could hide a real OOS, so nothing changes until QA has looked.
      this.deps.audit.appendSync({ actor: ACTOR, action: 'result.retraction.mismatch', subject: { type: 'result', id: result.resultId }, after: { retractionSeq: row.seq, evaluation: evaluationId, mismatch }, reason });
      const annulled: AnnulledEvaluation = { evaluationId, ...(record.lotId ? { lotId: record.lotId } : {}), ...(record.lineId ? { lineId: record.lineId } : {}), test: evaluation.test, value: record.value, outcome: evaluation.outcome };
      return { ...none, status: 'mismatch', mismatch, annulled };
    }
    this.#annul.run(now, reason, row.seq, evaluation.n);
    const { closed: closedAlerts, annotated: annotatedAlerts } = this.#closeAlert(evaluation, record, reason, now);
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
      after: { resultId: result.resultId, retractionSeq: row.seq, ...(amendedTo !== undefined ? { amendedTo } : {}), alertsClosed: closedAlerts.map((a) => a.event.id), alertsAnnotated: annotatedAlerts.map((a) => a.event.id), proposalsSuperseded: superseded.map((p) => p.id), proposalsWithdrawn: withdrawn.map((p) => p.id), proposalsStanding: standing.map((p) => `${p.id} (${p.status})`), oosOpen },
      reason,
    });
    const annulled: AnnulledEvaluation = { evaluationId, ...(record.lotId ? { lotId: record.lotId } : {}), ...(record.lineId ? { lineId: record.lineId } : {}), test: evaluation.test, value: record.value, outcome: evaluation.outcome };
    return { ...none, status: 'annulled', annulled, closedAlerts, annotatedAlerts, superseded, withdrawn, standing, oosOpen };
  }

  /**
   * A retraction whose processing kept failing: taken off the inbox with the reason and audited
   * (call inside a transaction). No evaluation row is written for it — one would become the
   * result's latest and hide the real evaluation from any later retraction — and nothing is
   * annulled: QA is told to check the result with the lab.
   */
  failed(row: InboxRow, reason: string): WrittenRetraction {
    if (this.#gaveUp.run(reason, row.seq).changes !== 1) throw new Error(`inbox row ${row.seq} was already processed`);
    const { result } = row;
    this.deps.audit.appendSync({ actor: ACTOR, action: 'result.retraction.failed', subject: { type: 'result', id: result.resultId }, after: { retractionSeq: row.seq }, reason });
    return { row, reason, status: 'failed', closedAlerts: [], annotatedAlerts: [], superseded: [], withdrawn: [], standing: [], oosOpen: false };
  }

  /** What differs between the retraction and the stored result it names (sample, test), if anything. */
  #mismatch(retraction: InboxRow['result'], evaluation: EvaluationRow): string | undefined {
    const payload = this.#evaluated.get(evaluation.inbox_seq) as string | undefined;
    if (!payload) return undefined;
    return this.mismatch(retraction, JSON.parse(payload) as InboxRow['result']);
  }

  /** What differs between a retraction and the stored result it names (sample, test), in words; undefined when nothing does. */
  mismatch(retraction: InboxRow['result'], stored: InboxRow['result']): string | undefined {
    return retractionMismatch(retraction, stored, this.deps.testName);
  }

  /**
   * The retraction came first but names another sample or test than the result now arriving: the
   * result is evaluated like any other (call inside the transaction that writes its evaluation);
   * audited, and QA is told like of any mismatched retraction.
   */
  mismatchOnArrival(retraction: InboxRow, result: InboxRow, mismatch: string, now: string): WrittenRetraction {
    const reason = `the LIMS retracted result ${retraction.result.resultId}${retraction.result.comment ? ` (${retraction.result.comment})` : ''}`;
    const evaluationId = `EV-${result.seq}`;
    this.deps.audit.appendSync({ actor: ACTOR, action: 'result.retraction.mismatch', subject: { type: 'result', id: result.result.resultId }, after: { retractionSeq: retraction.seq, evaluation: evaluationId, mismatch, at: now, retractionFirst: true }, reason });
    const annulled: AnnulledEvaluation = { evaluationId, ...(result.result.lotId ? { lotId: result.result.lotId } : {}), test: result.result.test, value: result.result.value, outcome: 'evaluated' };
    return { row: retraction, reason, status: 'mismatch', mismatch, annulled, closedAlerts: [], annotatedAlerts: [], superseded: [], withdrawn: [], standing: [], oosOpen: false };
  }

  /**
   * The open alert this evaluation raised is closed; one it only repeated counts it no more. An
   * alert that stays open for other results while showing the withdrawn value says so in its guidance.
   */
  #closeAlert(evaluation: EvaluationRow, record: StoredRecord, reason: string, now: string): { closed: AlertRecord[]; annotated: AlertRecord[] } {
    const none = { closed: [], annotated: [] };
    // The alert it raised, by the evaluation's number (evaluations written before `alerting` was
    // recorded included); else the open one of its lot, test and rule, which it may have repeated.
    const raisedN = this.#raised.get(evaluation.n) as number | undefined;
    const raised = raisedN !== undefined ? this.deps.alerts.get(alertId(raisedN)) : undefined;
    const open = raised
      ? raised.event.status === 'acknowledged' ? undefined : { alert: raised, evaluationN: evaluation.n }
      : alerted(record, evaluation) ? this.deps.alerts.outstandingFor(alertLot(record.lotId ?? record.unmapped?.lotId, record.sampleId), evaluation.test, evaluation.rule) : undefined;
    if (!open || open.evaluationN > evaluation.n) return none;
    if (open.alert.occurrences > 1 || open.evaluationN < evaluation.n) {
      // Other results of the lot still stand behind it: it stays open, one occurrence fewer.
      this.deps.alerts.uncount(open.alert.n);
      if (open.evaluationN !== evaluation.n) return none;
      // It shows the withdrawn value: the guidance says so before anything else.
      const from = open.alert.event.guidance;
      const note = `Note: ${record.value} shown here no longer counts (${reason}); the alert stays open for the other results of this lot. `;
      if (!this.deps.alerts.reword(open.alert.n, from, `${note}${from}`)) return none;
      this.deps.audit.appendSync({ actor: ACTOR, action: 'alert.annotated', subject: { type: 'alert', id: open.alert.event.id }, after: { occurrences: open.alert.occurrences - 1, withdrawnValue: record.value }, reason });
      const annotated = this.deps.alerts.get(open.alert.event.id);
      return { closed: [], annotated: annotated ? [annotated] : [] };
    }
    if (!this.deps.alerts.acknowledge(open.alert.n, CLOSED_BY, now, reason)) return none;
    this.deps.audit.appendSync({ actor: ACTOR, action: 'alert.closed', subject: { type: 'alert', id: open.alert.event.id }, before: { status: open.alert.event.status }, after: { status: 'acknowledged', by: CLOSED_BY }, reason });
    const closed = this.deps.alerts.get(open.alert.event.id);
    return { closed: closed ? [closed] : [], annotated: [] };
  }
}

/** What differs between a retraction and the stored result it names (sample, test), in words; undefined when nothing does. */
export function retractionMismatch(retraction: InboxRow['result'], stored: InboxRow['result'], testName: TestName = plainTestName): string | undefined {
  const differs: string[] = [];
  if (stored.sampleId !== retraction.sampleId) differs.push(`sample ${retraction.sampleId} (stored: ${stored.sampleId})`);
  if (testName(stored.test) !== testName(retraction.test)) differs.push(`test ${retraction.test} (stored: ${stored.test})`);
  return differs.length ? `the retraction of ${retraction.resultId} names ${differs.join(' and ')}` : undefined;
}

/** Whether the evaluation raised or repeated an alert; records from before `alerting` was kept tell by their explanations. */
function alerted(record: StoredRecord, evaluation: EvaluationRow): boolean {
  return record.alerting ?? ('explanations' in record || ['unmapped', 'error', 'cannot-evaluate'].includes(evaluation.outcome));
}
