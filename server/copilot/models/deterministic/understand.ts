// Turns one question into tasks: a tool call ready to make, a call waiting for the lot that runs
// on the terminal's line, a question back to the operator, or a refusal. Clauses ("... and ...")
// are read one by one; what a clause leaves out comes from the question, then the conversation.
import { detectLanguage, type Language } from './language';
import type { Entities, EntityRecognizer } from './entities';
import { recognizeIntents, type Intent } from './intents';
import { TREND_TEST_BY_TYPE } from './lexicon';
import { normalize } from './normalize';
import type { Session } from './session';
import type { PlantCatalog } from '../../../plant/catalog';
import { ContextResolver, type Remembered } from './resolver';

export type { Remembered } from './resolver';

export type Refusal = 'injection' | 'forbidden' | 'release' | 'off_topic' | 'help';
export type Missing = 'lot' | 'equipment' | 'parameter' | 'value' | 'test' | 'line';

export interface PlannedCall {
  tool: string;
  args: Record<string, unknown>;
}

export type Task =
  | { kind: 'call'; call: PlannedCall }
  /** Needs "this lot": the lot running on the terminal's line (line_status first). */
  | { kind: 'call-with-running-lot'; line: string; build: (lot: string) => PlannedCall }
  | { kind: 'clarify'; missing: Missing }
  | { kind: 'refuse'; reason: Refusal };

export interface Understanding {
  language: Language;
  tasks: Task[];
  /** The release refusal also explains the lot's status when a lot was named. */
  releaseLot?: string;
}


const CLAUSE_SPLIT = /\s*(?:\?|;|!|\.\s|\band also\b|\band then\b|\band\b|\bund\b|\by\b|\balso\b|\bplus\b|\bsowie\b|\btambien\b|, (?:then|dann|luego)\b)\s*/u;
const BECAUSE = /^(because|since|as|weil|da|denn|porque|ya que|pues)\b/u;
/** A clause that names a document kind asks for the document, not for what it is about. */
const DOCUMENT_WORDS = /\b(sops?|procedures?|work instructions?|instruction|anweisung|arbeitsanweisung|verfahrensanweisung|procedimiento|instruccion)\b/u;
const ACTIONS: readonly Intent[] = ['hold', 'setpoint', 'deviation_draft', 'release', 'forbidden'];

export function understand(question: string, session: Session, remembered: Remembered, recognizer: EntityRecognizer, catalog: PlantCatalog): Understanding {
  const text = normalize(question);
  const language = detectLanguage(text);
  const whole = recognizer.recognize(question, session.line);
  const clauses = text.split(CLAUSE_SPLIT).filter((c) => c.trim().length > 0);
  const perClause = clauses.map((clause) => ({ clause, intents: recognizeIntents(clause), entities: recognizer.recognize(clause, session.line) }));
  const all = perClause.flatMap((c) => c.intents);
  if (all.includes('injection')) return { language, tasks: [{ kind: 'refuse', reason: 'injection' }] };
  if (all.includes('forbidden')) return { language, tasks: [{ kind: 'refuse', reason: 'forbidden' }] };
  const context = new ContextResolver(whole, remembered, session, catalog);
  if (all.includes('release')) {
    const lot = context.lot(whole);
    return { language, tasks: [...(lot ? [{ kind: 'call' as const, call: { tool: 'lot_status', args: { lot } } }] : []), { kind: 'refuse', reason: 'release' }], ...(lot ? { releaseLot: lot } : {}) };
  }
  const hasAction = all.some((i) => ACTIONS.includes(i));
  const tasks: Task[] = [];
  for (const { clause, intents, entities } of perClause) {
    let chosen = intents.filter((i) => i !== 'help' && i !== 'off_topic');
    // In a clause that asks for an action, the other words only describe it ("... läuft unrund").
    if (chosen.some((i) => ACTIONS.includes(i))) chosen = chosen.filter((i) => ACTIONS.includes(i));
    if (chosen.includes('spec') && chosen.includes('result') && !entities.lots.length && !entities.samples.length) chosen = chosen.filter((i) => i !== 'result');
    if (chosen.includes('deviation_draft')) chosen = chosen.filter((i) => i !== 'deviation_search');
    if (chosen.includes('hold')) chosen = chosen.filter((i) => i !== 'lot_status');
    if (chosen.includes('setpoint')) chosen = chosen.filter((i) => i !== 'equipment');
    if (chosen.includes('sop')) chosen = chosen.filter((i) => i !== 'equipment' && i !== 'result' && (i !== 'explain_alert' || !DOCUMENT_WORDS.test(clause)));
    if (chosen.includes('explain_alert')) chosen = chosen.filter((i) => i !== 'sop' && i !== 'result');
    const quiet = hasAction && BECAUSE.test(clause);
    let own = chosen.flatMap((intent) => tasksFor(intent, entities, context, question));
    if (own.length === 0 && !quiet) own = implied(entities, whole, remembered).flatMap((intent) => tasksFor(intent, entities, context, question));
    tasks.push(...own);
  }
  if (tasks.length === 0) {
    const greeting = all.includes('help');
    return { language, tasks: [{ kind: 'refuse', reason: greeting ? 'help' : 'off_topic' }] };
  }
  return { language, tasks: dedupe(tasks) };
}

/** A clause with things but no verb: "lot 12345", "pH of LOT-XYZ789", "tank 7". */
function implied(clause: Entities, whole: Entities, remembered: Remembered): Intent[] {
  if (clause.alertIds.length) return ['explain_alert'];
  if (clause.samples.length || (clause.tests.length && (clause.lots.length || whole.lots.length || remembered.lot || clause.thisLot))) return ['result'];
  if (clause.deviationIds.length) return ['deviation_search'];
  if (clause.workOrders.length) return ['work_order'];
  if (clause.parameters.length || clause.equipment.length) return ['equipment'];
  if (clause.lots.length || clause.unknownLots.length || clause.thisLot) return ['lot_status'];
  if (clause.lines.length || clause.thisLine) return ['line_status'];
  if (clause.tests.length) return ['result'];
  return [];
}

function tasksFor(intent: Intent, e: Entities, ctx: ContextResolver, question: string): Task[] {
  const call = (tool: string, args: Record<string, unknown>): Task => ({ kind: 'call', call: { tool, args } });
  const needLot = (build: (lot: string) => PlannedCall): Task => {
    const lot = ctx.lot(e);
    if (lot) return { kind: 'call', call: build(lot) };
    if (ctx.session.line) return { kind: 'call-with-running-lot', line: ctx.session.line, build };
    return { kind: 'clarify', missing: 'lot' };
  };
  const test = ctx.test(e);
  switch (intent) {
    case 'result': {
      const sample = e.samples[0] ?? (e.lots.length || e.thisLot || ctx.whole.lots.length || ctx.remembered.lot ? undefined : ctx.remembered.sample);
      if (sample) return [call('lims_results', { sample, ...(test ? { test } : {}) })];
      return [needLot((lot) => ({ tool: 'lims_results', args: { lot, ...(test ? { test } : {}) } }))];
    }
    case 'spec': {
      if (!test) return [{ kind: 'clarify', missing: 'test' }];
      const lot = e.lots[0] ?? ctx.whole.lots[0];
      const product = e.products[0] ?? ctx.whole.products[0];
      return [call('specification', { test, ...(lot ? { lot } : product ? { product } : ctx.lineProduct() ? { product: ctx.lineProduct() } : {}) })];
    }
    case 'trend': {
      const equipment = e.equipment[0] ?? ctx.whole.equipment[0];
      const trendTest = test ?? (equipment ? TREND_TEST_BY_TYPE[ctx.equipmentType(equipment)] : undefined);
      if (!trendTest) return [{ kind: 'clarify', missing: 'test' }];
      const line = e.lines[0] ?? ctx.whole.lines[0];
      const lot = e.lots[0] ?? ctx.whole.lots[0];
      const product = e.products[0] ?? ctx.whole.products[0];
      return [call('result_trend', { test: trendTest, ...(equipment ? { equipment } : line ? { line } : lot ? { lot } : product ? { product } : {}) })];
    }
    case 'lot_status':
      // "status of WO-1001 / TK-07 / line 3" is about that thing, not a lot.
      if (!e.lots.length && !e.unknownLots.length && !e.thisLot) {
        if (e.workOrders.length) return tasksFor('work_order', e, ctx, question);
        if (e.equipment.length) return tasksFor('equipment', e, ctx, question);
        if (e.lines.length) return tasksFor('line_status', e, ctx, question);
        if (e.samples.length) return tasksFor('result', e, ctx, question);
      }
      return [needLot((lot) => ({ tool: 'lot_status', args: { lot } }))];
    case 'work_order': {
      const order = e.workOrders[0] ?? ctx.whole.workOrders[0];
      if (order) return [call('work_order', { workOrder: order })];
      // "Which work order is LOT-XYZ789 made under?": the lot's status names its work order.
      if (e.lots.length || ctx.whole.lots.length) return tasksFor('lot_status', e, ctx, question);
      const line = ctx.line(e);
      return line ? [call('line_status', { line })] : [{ kind: 'clarify', missing: 'line' }];
    }
    case 'line_status': {
      const line = ctx.line(e);
      return line ? [call('line_status', { line })] : [{ kind: 'clarify', missing: 'line' }];
    }
    case 'equipment': {
      const equipment = e.equipment[0] ?? ctx.whole.equipment[0] ?? ctx.remembered.equipment;
      if (!equipment) return [];
      const parameter = (e.parameters[0] ?? ctx.whole.parameters[0])?.parameterId.split('.').pop();
      return [call('equipment_status', { equipment, ...(parameter ? { parameter } : {}) })];
    }
    case 'sop': {
      const equipmentNames = e.equipment.map((id) => ctx.equipmentType(id));
      const words = [...e.topics, ...(test ? [ctx.testName(test)] : []), ...equipmentNames, ...contentWords(question)];
      const query = words.length ? [...new Set(words)].join(' ').slice(0, 300) : question.slice(0, 300);
      return [call('sop_search', { query, ...(test ? { test } : {}) })];
    }
    case 'deviation_search': {
      const equipment = e.equipment[0] ?? ctx.whole.equipment[0];
      const lot = e.lots[0] ?? ctx.whole.lots[0];
      const filters = { ...(equipment ? { equipment } : {}), ...(test ? { test } : {}), ...(lot ? { lot } : {}) };
      const id = e.deviationIds[0] ?? ctx.whole.deviationIds[0];
      if (id) return [call('deviation_search', { id })];
      const query = Object.keys(filters).length === 0 ? e.topics.join(' ') || undefined : undefined;
      return [call('deviation_search', { ...filters, ...(query ? { query } : {}) })];
    }
    case 'pending': {
      const lot = e.lots[0] ?? ctx.whole.lots[0];
      return [call('pending_proposals', lot ? { lot } : {})];
    }
    case 'explain_alert': {
      const alertId = e.alertIds[0] ?? ctx.whole.alertIds[0];
      if (alertId) return [call('explain_alert', { alertId, ...(ctx.lot(e) ? { lot: ctx.lot(e) } : {}) })];
      return [needLot((lot) => ({ tool: 'explain_alert', args: { lot, ...(test ? { test } : {}) } }))];
    }
    case 'hold': {
      // A hold reason code the operator named in this message (the tool checks it against the message too).
      const reasonCode = ctx.holdReasonCodeIn(question);
      return [needLot((lot) => ({ tool: 'propose_hold', args: { lot, reason: reasonFrom(question), ...(test ? { test } : {}), ...(reasonCode ? { reasonCode } : {}) } }))];
    }
    case 'setpoint': {
      const parameter = e.parameters[0] ?? ctx.whole.parameters[0];
      const value = e.value ?? ctx.whole.value;
      if (!parameter) return [{ kind: 'clarify', missing: e.equipment.length || ctx.whole.equipment.length ? 'parameter' : 'equipment' }];
      if (value === undefined) return [{ kind: 'clarify', missing: 'value' }];
      return [call('propose_setpoint', { equipment: parameter.equipmentId, parameter: parameter.parameterId.split('.').pop(), value, reason: reasonFrom(question) })];
    }
    case 'deviation_draft': {
      const lot = ctx.lot(e, false);
      const equipment = e.equipment[0] ?? ctx.whole.equipment[0];
      return [call('draft_deviation', { description: reasonFrom(question), ...(lot ? { lot } : {}), ...(equipment ? { equipment } : {}), ...(test ? { test } : {}) })];
    }
    default:
      return [];
  }
}

const STOPWORDS = new Set(['what', 'whats', 'which', 'where', 'when', 'does', 'should', 'would', 'could', 'show', 'tell', 'about', 'this', 'that', 'there', 'with', 'from', 'have', 'been', 'the', 'and', 'for', 'how', 'can', 'you', 'are', 'say', 'says', 'give', 'find', 'procedure', 'procedures', 'sop', 'sops', 'instruction', 'instructions', 'work', 'document']);

/** The question's own content words (English SOPs are searched with English words; others add little). */
function contentWords(question: string): string[] {
  return normalize(question).split(/[^\p{L}\p{N}-]+/u).filter((w) => w.length >= 4 && !STOPWORDS.has(w) && !/\d/.test(w)).slice(0, 10);
}

/** The operator's own words become the proposal's reason (at least 10 characters, at most 480). */
function reasonFrom(question: string): string {
  const text = question.trim().replace(/\s+/g, ' ');
  return (text.length >= 10 ? text : `Operator request: ${text}`).slice(0, 480);
}

function dedupe(tasks: Task[]): Task[] {
  const seen = new Set<string>();
  return tasks.filter((t) => {
    const key = t.kind === 'call' ? `${t.call.tool}:${JSON.stringify(t.call.args)}` : t.kind === 'call-with-running-lot' ? `run:${t.build('?').tool}` : `${t.kind}:${'missing' in t ? t.missing : t.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
