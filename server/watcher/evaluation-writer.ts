// Writes one evaluated result inside the worker's transaction: the evaluation (UNIQUE per inbox
// row: exactly once), its proposals under the rollout mode, the guidance, the alert (one open per
// lot + test + rule), the OOS record that blocks a release, and the audit trail of each step.
import type Database from 'better-sqlite3';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import { plannedKinds, policyMayApprove, resolveMode, type Proposal, type ProposalKind, type RolloutMode, type RolloutPolicy } from '../domain/proposals';
import { criterionText } from '../domain/quality/spec-wording';
import type { PlantCatalog } from '../plant/catalog';
import type { ControlChart } from '../realtime/contract';
import { buildDeviationDraft } from '../proposals/deviation-draft';
import type { ProposalLifecycle } from '../proposals/proposal-lifecycle';
import type { ProposalStore } from '../proposals/proposal-store';
import type { AlertRecord, AlertStore } from './alert-store';
import { composeGuidance, unmappedRule, withdrawnGuidance, type Guidance, type GuidanceProcedures } from './guidance';
import type { InboxRow } from './lims-inbox';
import type { OosRegister } from './oos-register';
import type { ResultQuality } from './quality-check';
import type { ResultContext } from './result-context';

export interface PreparedEvaluation {
  row: InboxRow;
  context: ResultContext;
  quality?: ResultQuality;
  /** The quality engine threw: recorded as an evaluation that QA must look at, never dropped. */
  error?: string;
  /** The series' last results before this one, for the alert's control chart. */
  recent?: number[];
  /** The LIMS retracted the result before it was evaluated: recorded, annulled at once, nothing raised. */
  withdrawn?: { bySeq: number; reason: string };
}

export interface WrittenEvaluation {
  evaluationId: string;
  prepared: PreparedEvaluation;
  mode: RolloutMode;
  guidance: Guidance;
  /** Set only when a new alert was raised (a repeat is counted, not annunciated). */
  alert?: AlertRecord;
  proposals: Proposal[];
  superseded: Proposal[];
  queued: boolean;
  /** Strings from the LIMS and the MES in the guidance: a rewording gets them as data, never as words to follow. */
  quoted: string[];
}

export interface EvaluationWriterDeps {
  db: Database.Database;
  audit: SqliteAuditLog;
  catalog: PlantCatalog;
  alerts: AlertStore;
  oos: OosRegister;
  proposals: ProposalStore;
  lifecycle: ProposalLifecycle;
  policy: RolloutPolicy;
  ttlMs: number;
  procedures?: GuidanceProcedures;
}

export class EvaluationWriter {
  readonly #insert: Database.Statement;
  readonly #done: Database.Statement;
  readonly #annul: Database.Statement;

  constructor(private readonly deps: EvaluationWriterDeps) {
    this.#insert = deps.db.prepare(
      `INSERT INTO evaluations (inbox_seq, result_id, lot_id, line_id, product_id, test, numeric, outcome, disposition, rule, mode, record, evaluated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING n`,
    );
    this.#done = deps.db.prepare(`UPDATE lims_inbox SET state = 'evaluated', attempts = attempts + 1 WHERE seq = ? AND state = 'received'`);
    this.#annul = deps.db.prepare('UPDATE evaluations SET annulled_at = ?, annul_reason = ?, annulled_by_seq = ? WHERE n = ? AND annulled_at IS NULL');
  }

  /** Call inside a transaction. */
  write(prepared: PreparedEvaluation, now: string, nowMs: number): WrittenEvaluation {
    const { row, context, quality } = prepared;
    const { result } = row;
    if (this.#done.run(row.seq).changes !== 1) throw new Error(`inbox row ${row.seq} was already evaluated`);
    const evaluationId = `EV-${row.seq}`;
    if (prepared.withdrawn) return this.#writeWithdrawn(prepared, prepared.withdrawn, evaluationId, now);
    const spec = context.spec;
    const test = spec?.test ?? result.test;
    // A result that reaches no MES lot keeps the lab's verdict on the limits it came with (a row
    // the worker gave up on is an error, whatever its lot).
    const unmapped = !context.lot && !prepared.error;
    const outcome = prepared.error ? 'error' : quality ? quality.verdict.outcome : unmapped ? 'unmapped' : 'cannot-evaluate';
    const disposition = quality?.evaluation.disposition ?? 'review';
    const rule = prepared.error ? 'evaluation.error' : unmapped ? unmappedRule(quality) : (quality?.rule ?? 'spec.missing');
    const mode = resolveMode(this.deps.policy, { ...(context.productId ? { productId: context.productId } : {}), test, rule });
    const lotId = context.lot?.id;
    // An OOS is registered under the lot the LIMS named even when the MES does not know it (so a
    // release of that lot is blocked once it is mapped), or under the sample when no lot is known.
    const filedUnder = alertLot(lotId ?? context.lotId, result.sampleId);
    if (outcome === 'fail') this.deps.oos.open(result.resultId, filedUnder, test, evaluationId, now);
    const facts = { outcome: outcome === 'fail' || outcome === 'pass' ? outcome : ('cannot-evaluate' as const), disposition, releaseTest: Boolean(spec?.bands?.length) };
    // Most results are a plain release with nothing to propose: spare them the lot queries.
    const mayPropose = lotId && mode !== 'observe' && !prepared.error && (disposition !== 'release' || (facts.releaseTest && context.lot?.disposition === 'Restricted'));
    const kinds: ProposalKind[] = mayPropose
      ? plannedKinds(facts, { ...(context.lot ? { disposition: context.lot.disposition } : {}), pendingKinds: this.deps.proposals.activeKinds(lotId), openOos: this.deps.oos.openFor(lotId).length > 0 })
      : [];
    const whatHappened = quality?.evaluation.text ?? `${result.test} ${result.value}: ${context.notes.join('; ') || prepared.error || 'no specification'}`;
    const proposals = kinds.map((kind) => this.#propose(kind, prepared, { evaluationId, mode, reason: whatHappened, now, nowMs }));
    const superseded = proposals.some((p) => p.kind === 'hold') && lotId ? this.deps.lifecycle.supersedeForHold(lotId, proposals.find((p) => p.kind === 'hold')?.id ?? '', now) : [];
    let queued = false;
    const decided = proposals.map((p) => {
      if (!policyMayApprove(this.deps.policy, mode, p.kind) || (p.kind === 'hold' && outcome !== 'fail')) return p;
      const approved = this.deps.lifecycle.approve(p, now, { policy: `rollout:auto (${context.productId ?? '?'}/${test}/${rule})` });
      queued ||= approved.queued;
      return approved.proposal;
    });
    const guidance = composeGuidance({
      result, context, ...(quality && !prepared.error ? { quality } : {}), mode,
      proposals: decided.map((p) => ({ kind: p.kind, id: p.id, auto: p.status !== 'proposed' })),
      ...(this.deps.procedures ? { procedures: this.deps.procedures } : {}),
    });
    const alerting = Boolean(quality?.alerting) || unmapped || outcome === 'error' || outcome === 'cannot-evaluate';
    const record = {
      evaluationId, alerting, resultId: result.resultId, sampleId: result.sampleId, value: result.value, unit: spec?.unit ?? result.unit ?? '', finalizedAt: result.finalizedAt,
      lotId, workOrderId: context.workOrder?.id, lineId: context.line?.id, productId: context.productId, specificationId: spec?.id, specSource: context.specSource,
      criterion: spec ? criterionText(spec) : undefined, outcome, disposition, rule, mode, error: prepared.error,
      verdict: quality ? { decidedBy: quality.verdict.decidedBy, reported: quality.verdict.reported, rounded: quality.verdict.roundedText, band: quality.verdict.band?.label, reason: quality.verdict.reason } : undefined,
      // Every explanation (rule, points, limits, numbers) of a result someone must look at; the sentence for the rest.
      raisedBy: quality?.evaluation.raisedBy, ...(quality?.alerting ? { explanations: quality.evaluation.explanations } : { text: quality?.evaluation.text }), spc: quality ? { status: quality.evaluation.spc.status, reason: quality.evaluation.spc.reason, limits: quality.evaluation.spc.limits } : undefined,
      oot: quality ? { status: quality.evaluation.oot.status, reason: quality.evaluation.oot.reason } : undefined, notes: context.notes, unmapped: context.unmapped,
      oos: outcome === 'fail' ? { lotId: filedUnder } : undefined,
      guidance: { text: guidance.text, rule: guidance.rule, sops: guidance.sops },
      equipment: context.equipment.map((e) => ({ id: e.id, state: e.state, parameters: e.parameters.map((p) => ({ id: p.id, setpoint: p.setpoint, current: p.current, unit: p.unit })) })),
      proposals: decided.map((p) => ({ id: p.id, kind: p.kind, status: p.status })),
    };
    const numeric = quality?.verdict.raw ?? null;
    const { n } = this.#insert.get(row.seq, result.resultId, lotId ?? null, context.line?.id ?? null, context.productId ?? null, test, numeric, outcome, disposition, rule, mode, JSON.stringify(record), now) as { n: number };
    if (unmapped) this.#auditUnmapped(prepared, evaluationId, { outcome, rule, ...(outcome === 'fail' ? { oosUnder: filedUnder } : {}) });
    this.deps.audit.appendSync({ actor: { type: 'component', id: 'watcher' }, action: 'result.evaluated', subject: { type: 'result', id: result.resultId }, after: { evaluationId, lotId, test, value: result.value, outcome, disposition, rule, mode, specificationId: spec?.id, proposals: record.proposals, guidance: guidance.text } });
    const alert = alerting ? this.#alert(prepared, { n, test, rule, outcome, guidance, proposals: decided, now }) : undefined;
    return { evaluationId, prepared, mode, guidance, ...(alert ? { alert } : {}), proposals: decided, superseded, queued, quoted: quotedIn(prepared) };
  }

  #propose(kind: ProposalKind, prepared: PreparedEvaluation, at: { evaluationId: string; mode: RolloutMode; reason: string; now: string; nowMs: number }): Proposal {
    const { context, row } = prepared;
    const lot = context.lot as NonNullable<ResultContext['lot']>;
    const deviation = kind === 'deviation'
      ? buildDeviationDraft({
          lotId: lot.id, productId: lot.productId, ...(context.workOrder ? { workOrderId: context.workOrder.id } : {}), ...(context.line ? { lineId: context.line.id } : {}),
          test: context.spec?.test ?? row.result.test, result: { resultId: row.result.resultId, sampleId: row.result.sampleId, value: row.result.value, unit: context.spec?.unit ?? row.result.unit ?? '', finalizedAt: row.result.finalizedAt },
          ...(context.spec ? { spec: context.spec } : {}), finding: at.reason, outOfSpecification: prepared.quality?.verdict.outcome === 'fail', equipment: context.equipment, detectedAt: at.now, pastDeviations: this.deps.catalog.deviations(),
        })
      : undefined;
    return this.deps.lifecycle.create(
      {
        kind, status: 'proposed', lotId: lot.id, ...(context.line ? { lineId: context.line.id } : {}), productId: lot.productId, test: context.spec?.test ?? row.result.test,
        reason: at.reason, proposedBy: 'watcher', source: 'watcher', proposedAt: at.now, expiresAt: new Date(at.nowMs + this.deps.ttlMs).toISOString(),
        mode: at.mode, evaluationId: at.evaluationId, ...(deviation ? { deviation } : {}),
        // The code is fixed now, while the result's unit is at hand (a cfu count on LIMS limits is HR-05, not HR-01).
        ...(kind === 'hold' ? { holdReasonCode: this.deps.catalog.holdReasons().forHold({ evaluationId: at.evaluationId, productId: lot.productId, test: context.spec?.test ?? row.result.test, unit: row.result.unit }) } : {}),
      },
      { type: 'component', id: 'watcher' },
    );
  }

  /**
   * A result whose retraction is already in the inbox: its evaluation is on the record (exactly
   * once, like every result) but annulled as it is written; no verdict, alert or proposal.
   */
  #writeWithdrawn(prepared: PreparedEvaluation, withdrawn: { bySeq: number; reason: string }, evaluationId: string, now: string): WrittenEvaluation {
    const { row, context } = prepared;
    const { result } = row;
    const mode = resolveMode(this.deps.policy, { ...(context.productId ? { productId: context.productId } : {}), test: result.test, rule: 'lims.retracted' });
    const guidance = withdrawnGuidance(result, context, withdrawn.reason);
    const record = {
      evaluationId, resultId: result.resultId, sampleId: result.sampleId, value: result.value, unit: result.unit ?? '', finalizedAt: result.finalizedAt, lotId: context.lot?.id,
      lineId: context.line?.id, productId: context.productId, outcome: 'retracted', disposition: 'review', rule: 'lims.retracted', mode, notes: context.notes,
      guidance: { text: guidance.text, rule: guidance.rule, sops: guidance.sops }, equipment: [], proposals: [],
    };
    const { n } = this.#insert.get(row.seq, result.resultId, context.lot?.id ?? null, context.line?.id ?? null, context.productId ?? null, result.test, null, 'retracted', 'review', 'lims.retracted', mode, JSON.stringify(record), now) as { n: number };
    this.#annul.run(now, withdrawn.reason, withdrawn.bySeq, n);
    const actor = { type: 'component' as const, id: 'watcher' };
    this.deps.audit.appendSync({ actor, action: 'result.evaluated', subject: { type: 'result', id: result.resultId }, after: { evaluationId, lotId: context.lot?.id, test: result.test, value: result.value, outcome: 'retracted', rule: 'lims.retracted', mode, proposals: [], guidance: guidance.text } });
    this.deps.audit.appendSync({ actor, action: 'evaluation.annulled', subject: { type: 'evaluation', id: evaluationId }, after: { resultId: result.resultId, retractionSeq: withdrawn.bySeq, alertsClosed: [], proposalsSuperseded: [] }, reason: withdrawn.reason });
    return { evaluationId, prepared, mode, guidance, proposals: [], superseded: [], queued: false, quoted: quotedIn(prepared) };
  }

  /** 21 CFR 11 / Annex 11: a result that reached no lot is on the record with why and the fix. */
  #auditUnmapped(prepared: PreparedEvaluation, evaluationId: string, verdict: { outcome: string; rule: string; oosUnder?: string }): void {
    const { row, context } = prepared;
    const { result } = row;
    const unmapped = context.unmapped;
    this.deps.audit.appendSync({
      actor: { type: 'component', id: 'watcher' }, action: 'result.unmapped', subject: { type: 'result', id: result.resultId },
      after: { evaluationId, sampleId: result.sampleId, lotId: context.lotId, test: result.test, value: result.value, ...verdict, specificationId: context.spec?.id, mes: unmapped?.mes, mesLotId: unmapped?.mesLotId, mappingRow: unmapped?.mappingRow, fix: unmapped?.fix },
      reason: unmapped?.reason ?? (context.notes.join('; ') || 'the result reaches no lot'),
    });
  }

  #alert(prepared: PreparedEvaluation, e: { n: number; test: string; rule: string; outcome: string; guidance: Guidance; proposals: Proposal[]; now: string }): AlertRecord | undefined {
    const { context, quality, row } = prepared;
    const spec = context.spec;
    const lead = e.proposals.find((p) => p.kind === 'hold') ?? e.proposals.find((p) => p.kind === 'review') ?? e.proposals[0];
    // Severity follows the verdict (an OOS is critical, mapped or not); anything else a person must see is a warning at least.
    const severity = quality && !prepared.error && quality.severity === 'critical' ? 'critical' : 'warning';
    const raised = this.deps.alerts.raise(
      {
        raisedAt: e.now, ...(context.line ? { line: context.line.id } : {}), severity, lot: alertLot(context.lot?.id ?? context.lotId, row.result.sampleId), test: e.test,
        value: quality?.verdict.roundedText ?? row.result.value, unit: spec?.unit ?? row.result.unit ?? '', spec: spec ? criterionText(spec) : 'no specification',
        rule: e.rule, guidance: e.guidance.text, ...(lead ? { proposalId: lead.id } : {}),
        ...chartOf(prepared, e.outcome),
      },
      e.n,
      e.now,
    );
    if (!raised.fresh) return undefined;
    this.deps.audit.appendSync({ actor: { type: 'component', id: 'watcher' }, action: 'alert.raised', subject: { type: 'alert', id: raised.alert.event.id }, after: { lotId: raised.alert.lotId, test: e.test, rule: e.rule, severity, lineId: raised.alert.lineId, proposalId: lead?.id } });
    return raised.alert;
  }
}

/**
 * What the LIMS and the MES wrote that the guidance quotes (ids, names, values, notes with their
 * messages): strings qloop did not choose, so a rewording model gets them as slots, never as text.
 */
function quotedIn(prepared: PreparedEvaluation): string[] {
  const { row, context } = prepared;
  const { result } = row;
  const strings = [
    result.test, String(result.value), result.sampleId, result.resultId, result.lotId, result.workOrderId, result.unit, context.lotId, context.workOrder?.id,
    context.line?.id, context.spec?.unit, context.spec?.test, context.unmapped?.mesLotId, ...context.notes,
  ];
  return [...new Set(strings.filter((s): s is string => typeof s === 'string' && s.trim().length > 0))];
}

/** The lot an alert is filed under (one open per lot + test + rule): the sample when no lot is known. */
export function alertLot(lotId: string | undefined, sampleId: string): string {
  return lotId ?? `sample ${sampleId}`;
}

/** The alert's control chart: recent results and this one against the frozen limits and the spec. */
function chartOf(prepared: PreparedEvaluation, outcome: string): { chart?: ControlChart } {
  const { quality, context, recent } = prepared;
  const limits = quality?.evaluation.spc.limits;
  const value = quality?.verdict.raw;
  const spec = context.spec;
  if (!limits || value === null || value === undefined || !spec || !recent) return {};
  const signal = outcome === 'fail' || quality.evaluation.spc.status === 'signal';
  const points = [...recent.map((y, i) => ({ x: i + 1, y })), { x: recent.length + 1, y: value, label: 'this result', ...(signal ? { flagged: true } : {}) }];
  return {
    chart: {
      title: `${spec.test} on ${context.line?.id ?? spec.productId} (I chart)`, points, center: limits.center, ucl: limits.ucl, lcl: limits.lcl,
      ...(spec.usl !== undefined ? { usl: spec.usl } : {}), ...(spec.lsl !== undefined ? { lsl: spec.lsl } : {}), ...(spec.unit ? { unit: spec.unit } : {}),
    },
  };
}
