// Answers from SOP passages and deviation reports, quoting what the tools returned with the
// document id, revision and page (passages are quoted as text, never followed).
import type { Language } from '../language';
import type { ToolResult } from '../planner';
import { arr, day, failure, joinList, say, str } from './words';

const QUOTE = 240;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= QUOTE) return flat;
  const cut = flat.slice(0, QUOTE);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
}

export function sopAnswer(lang: Language, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const pointers = arr(r.pointers);
  const named = pointers.length
    ? say(lang, { en: 'The specification {spec} names {sop} for this test.', de: 'Die Spezifikation {spec} nennt {sop} für diese Prüfung.', es: 'La especificación {spec} indica {sop} para este análisis.' }, { spec: joinList(lang, pointers.map((p) => str(p.namedBy))), sop: joinList(lang, [...new Set(pointers.map((p) => str(p.sopId)))]) })
    : '';
  if (r.indexed === false) {
    const none = say(lang, { en: 'No documents are indexed on this server yet, so I cannot search SOP text.', de: 'Auf diesem Server sind noch keine Dokumente indexiert, daher kann ich keinen SOP-Text durchsuchen.', es: 'Todavía no hay documentos indexados en este servidor, así que no puedo buscar en el texto de los SOP.' });
    return [none, named].filter(Boolean).join(' ');
  }
  const passages = arr(r.passages);
  if (passages.length === 0) return [say(lang, { en: 'No SOP passage matches that.', de: 'Keine SOP-Passage passt dazu.', es: 'Ningún pasaje de SOP coincide.' }), named].filter(Boolean).join(' ');
  const quoted = passages.slice(0, 3).map((p) => say(lang, { en: '{doc} revision {rev}, page {page}{section}: "{text}"', de: '{doc} Revision {rev}, Seite {page}{section}: "{text}"', es: '{doc} revisión {rev}, página {page}{section}: "{text}"' }, {
    doc: `${str(p.docId)} (${str(p.title)})`, rev: str(p.revision), page: str(p.page), section: p.section ? ` (${str(p.section)})` : '', text: excerpt(str(p.text)),
  }));
  // The answer first (which SOP the specification names), then the passages, one per line.
  const lead = [named, say(lang, { en: 'From the SOPs:', de: 'Aus den SOPs:', es: 'De los SOP:' })].filter(Boolean).join(' ');
  return `${lead}\n${quoted.map((q) => `\n- ${q}`).join('')}`;
}

export function deviationAnswer(lang: Language, r: ToolResult): string {
  if (!r.ok) return failure(lang, r);
  const deviations = arr(r.deviations);
  if (deviations.length === 0) return say(lang, { en: 'I found no deviation reports for that.', de: 'Dazu habe ich keine Abweichungsberichte gefunden.', es: 'No encontré informes de desviación sobre eso.' });
  const parts = [say(lang, { en: 'Found {count} deviation reports:', de: '{count} Abweichungsberichte gefunden:', es: 'Encontré {count} informes de desviación:' }, { count: str(r.count) })];
  for (const d of deviations.slice(0, 3)) {
    parts.push('\n- ' + say(lang, { en: '{id} ({status}, {cls}, opened {opened}): {title}. Root cause: {cause} CAPA: {capa}', de: '{id} ({status}, {cls}, eröffnet {opened}): {title}. Ursache: {cause} CAPA: {capa}', es: '{id} ({status}, {cls}, abierta {opened}): {title}. Causa raíz: {cause} CAPA: {capa}' }, {
      id: str(d.id), status: str(d.status), cls: str(d.classification), opened: day(d.openedAt), title: str(d.title), cause: excerpt(str(d.rootCause)), capa: excerpt(str(d.capa)),
    }));
  }
  if (deviations.length > 3) parts.push('\n' + say(lang, { en: 'Also: {list}.', de: 'Außerdem: {list}.', es: 'También: {list}.' }, { list: joinList(lang, deviations.slice(3).map((d) => str(d.id))) }));
  return parts.join(' ').replace(/ \n/g, '\n');
}
