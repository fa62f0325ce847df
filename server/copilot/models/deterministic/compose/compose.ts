// Writes the final answer from the understood tasks and the tool answers, in the operator's
// language, ending with the sources it rests on. Nothing here invents a figure.
import type { Language } from '../language';
import type { DoneCall, ToolResult } from '../planner';
import { resolveTasks, sameCall } from '../planner';
import type { Understanding } from '../understand';
import { deviationAnswer, sopAnswer } from './documents';
import { equipmentAnswer, lineStatusAnswer, lotStatusAnswer, specificationAnswer, trendAnswer, workOrderAnswer } from './plant';
import { draftAnswer, holdAnswer, pendingAnswer, setpointAnswer } from './proposals';
import { clarifyAnswer, nothingRunning, refusalAnswer, releaseBlocked } from './refusals';
import { explainAlertAnswer, limsResultsAnswer } from './results';
import { arr, obj, say, str, type Names } from './words';

type Writer = (lang: Language, names: Names, result: ToolResult, role: string) => string;

const WRITERS: Record<string, Writer> = {
  lims_results: (l, n, r) => limsResultsAnswer(l, n, r),
  explain_alert: (l, n, r) => explainAlertAnswer(l, n, r),
  specification: (l, n, r) => specificationAnswer(l, n, r),
  result_trend: (l, n, r) => trendAnswer(l, n, r),
  lot_status: (l, n, r) => lotStatusAnswer(l, n, r),
  work_order: (l, n, r) => workOrderAnswer(l, n, r),
  line_status: (l, n, r) => lineStatusAnswer(l, n, r),
  equipment_status: (l, n, r) => equipmentAnswer(l, n, r),
  sop_search: (l, _n, r) => sopAnswer(l, r),
  deviation_search: (l, _n, r) => deviationAnswer(l, r),
  pending_proposals: (l, _n, r) => pendingAnswer(l, r),
  propose_hold: (l, _n, r, role) => holdAnswer(l, r, role),
  propose_setpoint: (l, _n, r, role) => setpointAnswer(l, r, role),
  draft_deviation: (l, _n, r, role) => draftAnswer(l, r, role),
};

export function composeAnswer(understanding: Understanding, done: readonly DoneCall[], names: Names, role: string): string {
  const lang = understanding.language;
  const parts: string[] = [];
  for (const { task, call, via } of resolveTasks(understanding, done)) {
    if (task.kind === 'refuse') {
      parts.push(refusalAnswer(lang, task.reason));
      if (task.reason === 'release' && understanding.releaseLot) {
        const status = done.find((d) => d.tool === 'lot_status');
        if (status?.result.ok && arr(status.result.openOos).length > 0) parts.push(releaseBlocked(lang, str(status.result.lot)));
      }
      continue;
    }
    if (task.kind === 'clarify') {
      parts.push(clarifyAnswer(lang, task.missing));
      continue;
    }
    if (!call) {
      // "this lot" with nothing running (or the line could not be read).
      if (via && !via.result.ok) parts.push(WRITERS.line_status?.(lang, names, via.result, role) ?? '');
      else if (task.kind === 'call-with-running-lot') parts.push(nothingRunning(lang, task.line));
      continue;
    }
    const answer = done.find((d) => sameCall(d, call));
    if (!answer) continue;
    if (task.kind === 'call' && task.call.tool === 'lot_status' && understanding.releaseLot) continue;
    const write = WRITERS[answer.tool];
    if (!write) continue;
    const askedForLine = understanding.tasks.some((t) => t.kind === 'call' && t.call.tool === 'line_status');
    const prefix = via && !askedForLine ? `${say(lang, { en: 'The lot running on {line} is {lot}.', de: 'Auf {line} läuft die Charge {lot}.', es: 'En {line} se fabrica el lote {lot}.' }, { line: str(obj(via.args).line), lot: str(call.args.lot) })} ` : '';
    parts.push(prefix + write(lang, names, answer.result, role));
  }
  const text = [...new Set(parts.filter(Boolean))].join('\n\n');
  const sources = sourcesLine(lang, done);
  return sources ? `${text}\n\n${sources}` : text;
}

/** "Sources: LIMS R-778812 · SPEC-PARASUS-PH (version 2) · SOP-QC-001 rev 04 p. 3". */
function sourcesLine(lang: Language, done: readonly DoneCall[]): string {
  const seen = new Set<string>();
  const shown: string[] = [];
  for (const call of done) {
    if (!call.result.ok) continue;
    for (const source of arr(call.result.sources)) {
      const id = str(source.docId);
      const key = `${id}@${str(source.revision)}#${str(source.page)}`;
      if (!id || seen.has(key)) continue;
      seen.add(key);
      const name = id.replace(/^LIMS:/, 'LIMS ').replace(/^MES:/, 'MES ').replace(/^SPEC:/, '').replace(/^PROPOSAL:/, '');
      const revision = source.revision ? (id.startsWith('SPEC:') ? ` (version ${str(source.revision)})` : ` rev ${str(source.revision)}`) : '';
      const page = source.page !== undefined ? ` p. ${str(source.page)}` : '';
      shown.push(`${name}${revision}${page}`);
    }
  }
  if (shown.length === 0) return '';
  return `${say(lang, { en: 'Sources', de: 'Quellen', es: 'Fuentes' })}: ${shown.slice(0, 8).join(' · ')}`;
}
