// Deterministic guidance for the operator and QA, built only from the evaluation: what happened,
// which rule decided, which SOP applies, what to do now. An LLM may reword it later; it never
// changes the verdict, so the words here are what the audit trail keeps.
import type { ProposalKind, RolloutMode } from '../domain/proposals';
import type { IncomingResult } from './incoming-result';
import type { ResultQuality } from './quality-check';
import type { ResultContext } from './result-context';

/** Procedure ids the plant uses for each situation (the demo plant's by default). */
export interface GuidanceProcedures {
  oos: string;
  disposition: string;
  trending: string;
  deviation: string;
  terminal: string;
}

export const DEMO_PROCEDURES: GuidanceProcedures = {
  oos: 'SOP-QC-002',
  disposition: 'SOP-QA-010',
  trending: 'SOP-QA-012',
  deviation: 'SOP-QA-011',
  terminal: 'WI-PRD-030',
};

export interface Guidance {
  text: string;
  whatHappened: string;
  rule: string;
  sops: string[];
  actions: string[];
}

export interface GuidanceInput {
  result: IncomingResult;
  context: ResultContext;
  quality?: ResultQuality;
  mode: RolloutMode;
  /** Proposals made for this result, and whether the policy approved them at once. */
  proposals: Array<{ kind: ProposalKind; id: string; auto: boolean }>;
  procedures?: GuidanceProcedures;
}

export function composeGuidance(input: GuidanceInput): Guidance {
  const { result, context, quality, mode } = input;
  const sop = input.procedures ?? DEMO_PROCEDURES;
  const lot = context.lotId ?? 'an unknown lot';
  const origin = originOf(result, context);
  if (context.unmapped) return unmappedGuidance(input, origin, sop);
  if (!quality) {
    const whatHappened = `${result.test} ${result.value} could not be evaluated: ${context.notes.join('; ') || 'no specification'}.`;
    const actions = ['QA: check the result against its specification by hand; nothing was decided automatically.'];
    return finish(whatHappened, origin, 'spec.missing', [sop.disposition], actions);
  }
  const { verdict, evaluation } = quality;
  const signals = evaluation.raisedBy.filter((rule) => rule.startsWith('spc.') || rule.startsWith('oot.'));
  const sops = unique([context.spec?.sopId, ...situationSops(quality, signals, sop)]);
  const whatHappened = evaluation.text;
  const actions: string[] = [];
  const made = (kind: ProposalKind) => input.proposals.find((p) => p.kind === kind);
  const hold = made('hold');
  const review = made('review');
  if (verdict.outcome === 'fail' || evaluation.disposition === 'hold') {
    actions.push(`Do not use or move material from ${lot} until QA decides (${sop.terminal}).`);
    if (hold?.auto) actions.push(`The policy placed ${lot} on hold at once (auto mode, ${hold.id}); QA is notified.`);
    else if (hold) actions.push(`A hold is proposed (${hold.id}) and waits for QA's e-signature (${sop.disposition}).`);
    else if (mode === 'observe') actions.push(`Observe mode: qloop writes nothing to the MES; QA places the hold by hand if confirmed (${sop.disposition}).`);
    else actions.push(`${lot} is already on hold or a hold is pending; no new hold is proposed.`);
    if (verdict.outcome === 'fail') actions.push(`QC starts the phase I laboratory investigation of the OOS result (${sop.oos}); do not retest into compliance.`);
    if (made('deviation')) actions.push(`A deviation report is drafted for QA to review (${sop.deviation}).`);
    if (context.spec?.sopId) actions.push(`Check the method and instrument against ${context.spec.sopId}.`);
  } else if (evaluation.disposition === 'review') {
    if (verdict.outcome === 'cannot-evaluate') actions.push(`QA reviews the result by hand: ${verdict.reason ?? 'it could not be evaluated'}.`);
    else if (signals.length && verdict.disposition === 'release') actions.push(`The result meets the specification but the process is drifting or unstable: tell the supervisor and check the equipment on ${context.line?.id ?? 'the line'} (${sop.trending}).`);
    else actions.push(`QA reviews the result before the lot is dispositioned (${sop.disposition}).`);
    if (review) actions.push(`A QA review is proposed (${review.id}).`);
    else if (mode === 'observe') actions.push('Observe mode: nothing is proposed; QA decides in the MES.');
  } else if (verdict.alert) {
    actions.push(`The result is beyond the alert limit but within the specification: tell the supervisor and watch the next results (${sop.trending}).`);
  } else if (made('release')) {
    actions.push(`The result supports release; releasing the hold on ${lot} is proposed (${made('release')?.id}) and needs QA's e-signature (${sop.disposition}).`);
  } else if (verdict.band?.disposition === 'release') {
    actions.push(`The result is in the release band: it supports the lot's release at batch disposition (${sop.disposition}). No action at the line.`);
  } else {
    actions.push('No action needed.');
  }
  if (context.notes.length) actions.push(`Note for QA: ${context.notes.join('; ')}.`);
  return finish(whatHappened, origin, quality.rule, sops, actions);
}

/**
 * The rule of a result that reaches no MES lot: its own spec rule when the verdict calls for a hold
 * (an OOS is never folded into a mapping alert of the same lot and test), else `unmapped`.
 */
export function unmappedRule(quality: ResultQuality | undefined): string {
  return quality?.severity === 'critical' ? quality.rule : 'unmapped';
}

/**
 * Never dropped silently (issue 3): QA hears why the result reaches no lot and who fixes it; and
 * when the LIMS sent limits, the verdict on them, since an OOS is the lab's fact whatever the mapping.
 */
function unmappedGuidance(input: GuidanceInput, origin: string, sop: GuidanceProcedures): Guidance {
  const { result, context, quality } = input;
  const why = context.unmapped?.reason ?? (context.notes.join('; ') || 'it reaches no lot');
  const fix = context.unmapped?.fix ?? 'ask the administrator to add the lot to the mapping table';
  const others = context.notes.filter((n) => n !== why);
  const fixAction = `${capitalize(fix)}; results received after the fix reach the lot.`;
  const note = others.length ? [`Note for QA: ${others.join('; ')}.`] : [];
  if (!quality) {
    const whatHappened = `Unmapped result: ${result.test} ${result.value} could not be evaluated: ${why}.`;
    const actions = [fixAction, 'QA evaluates this result by hand; nothing was decided automatically and nothing is written to the MES.', ...note];
    return finish(whatHappened, origin, 'unmapped', [sop.disposition], actions);
  }
  const { verdict, evaluation } = quality;
  // The OOS register and the alert file a result without a lot under its sample.
  const filedUnder = context.lotId ?? `sample ${result.sampleId}`;
  const mes = context.unmapped?.mes ?? 'the MES';
  const whatHappened = `${evaluation.text} Unmapped result: ${why}.`;
  const actions: string[] = [];
  if (quality.severity === 'critical') {
    actions.push(`Do not use or move material from ${context.lotId ?? 'the sampled lot'} until QA decides (${sop.terminal}).`);
    actions.push(`qloop cannot place a hold on a lot ${mes} does not know: QA places it by hand in ${mes} (${sop.disposition}).`);
    if (verdict.outcome === 'fail') actions.push(`The OOS is recorded under ${filedUnder} and blocks its release in qloop; QC starts the phase I laboratory investigation (${sop.oos}); do not retest into compliance.`);
  } else if (evaluation.disposition === 'review' || verdict.alert) {
    actions.push(`QA reviews the result by hand: ${verdict.reason ?? 'it needs a person to look at it'}.`);
  } else {
    actions.push('The result meets the limits the LIMS sent; QA dispositions the lot by hand, nothing was decided automatically and nothing is written to the MES.');
  }
  actions.push(fixAction, ...note);
  const sops = quality.severity === 'critical' && verdict.outcome === 'fail' ? [sop.oos, sop.disposition, sop.terminal] : [sop.disposition];
  return finish(whatHappened, origin, unmappedRule(quality), sops, actions);
}

/** A result the LIMS retracted (before or after it was evaluated): nothing stands on it any more. */
export function withdrawnGuidance(result: IncomingResult, context: Pick<ResultContext, 'lotId' | 'workOrder' | 'line'>, reason: string, sop: GuidanceProcedures = DEMO_PROCEDURES): Guidance {
  const whatHappened = `${result.test} ${result.value} was retracted by the LIMS: ${reason}.`;
  const actions = ['Its evaluation is annulled (kept on the record); nothing stands on this result any more.', 'The retest is evaluated as a new result when the LIMS sends it.'];
  return finish(whatHappened, originOf(result, context), 'lims.retracted', [sop.oos], actions);
}

function originOf(result: IncomingResult, context: Pick<ResultContext, 'lotId' | 'workOrder' | 'line'>): string {
  const where = [context.workOrder?.id, context.line?.id].filter(Boolean).join(', ');
  return `Lot ${context.lotId ?? 'an unknown lot'}${where ? ` (${where})` : ''}, sample ${result.sampleId}, finalized ${result.finalizedAt.replace('T', ' ').slice(0, 16)} UTC.`;
}

function situationSops(quality: ResultQuality, signals: string[], sop: GuidanceProcedures): string[] {
  const { verdict, evaluation } = quality;
  if (verdict.outcome === 'fail') return [sop.oos, sop.disposition, sop.terminal];
  if (signals.length || verdict.alert) return evaluation.disposition === 'release' ? [sop.trending] : [sop.trending, sop.disposition];
  return evaluation.disposition === 'release' ? [] : [sop.disposition];
}

function finish(whatHappened: string, origin: string, rule: string, sops: string[], actions: string[]): Guidance {
  const sopText = sops.length ? ` SOP: ${sops.join(', ')}.` : '';
  const text = `${whatHappened} ${origin} Rule: ${rule}.${sopText} Now: ${actions.join(' ')}`;
  return { text, whatHappened, rule, sops, actions };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unique(ids: Array<string | undefined>): string[] {
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}
