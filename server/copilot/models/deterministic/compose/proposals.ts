// Answers from the proposal tools: what was PROPOSED (never done), what was refused and why.
import type { Language } from '../language';
import type { ToolResult } from '../planner';
import { arr, failure, joinList, obj, say, str, withUnit } from './words';

const UNAVAILABLE = { en: 'Proposals are not available on this server yet, so nothing was proposed and nothing changed. Use the MES or contact QA.', de: 'Vorschläge sind auf diesem Server noch nicht verfügbar: es wurde nichts vorgeschlagen und nichts geändert. Bitte das MES nutzen oder QA kontaktieren.', es: 'Las propuestas aún no están disponibles en este servidor: no se propuso ni cambió nada. Use el MES o contacte con QA.' };

function refusal(lang: Language, r: ToolResult, role: string): string | undefined {
  switch (r.refused) {
    case 'unavailable':
      return say(lang, UNAVAILABLE);
    case 'permission':
      return say(lang, { en: 'Your role ({role}) may not propose this; nothing was proposed. Setpoint changes are proposed by engineers, holds by operators, supervisors or QA.', de: 'Ihre Rolle ({role}) darf das nicht vorschlagen; es wurde nichts vorgeschlagen. Sollwertänderungen schlagen Ingenieure vor, Sperren Bediener, Schichtleiter oder QA.', es: 'Su rol ({role}) no puede proponer esto; no se propuso nada. Los cambios de consigna los proponen ingenieros; las retenciones, operadores, supervisores o QA.' }, { role });
    case 'validated-range': {
      const range = obj(r.validatedRange);
      return say(lang, { en: 'I cannot propose {value}: it is outside the validated range {min} to {max} {unit} (current setpoint {sp}). Nothing was proposed; a change outside the validated range needs a change control.', de: 'Ich kann {value} nicht vorschlagen: der Wert liegt außerhalb des validierten Bereichs {min} bis {max} {unit} (aktueller Sollwert {sp}). Es wurde nichts vorgeschlagen; dafür ist ein Change Control nötig.', es: 'No puedo proponer {value}: está fuera del rango validado {min} a {max} {unit} (consigna actual {sp}). No se propuso nada; un cambio fuera del rango validado requiere un control de cambios.' }, { value: withUnit(r.value, r.unit), min: str(range.min), max: str(range.max), unit: str(r.unit), sp: withUnit(r.setpoint, r.unit) });
    }
    case 'already-held':
      return say(lang, { en: '{lot} is already on hold, so no new hold was proposed.', de: '{lot} ist bereits gesperrt; es wurde keine neue Sperre vorgeschlagen.', es: '{lot} ya está retenido; no se propuso una nueva retención.' }, { lot: str(r.lot) });
    case 'closed':
      return say(lang, { en: '{lot} is closed in the MES; a hold cannot be proposed on a closed lot. Please contact QA.', de: '{lot} ist im MES abgeschlossen; für eine abgeschlossene Charge kann keine Sperre vorgeschlagen werden. Bitte QA kontaktieren.', es: '{lot} está cerrado en el MES; no se puede proponer una retención. Contacte con QA.' }, { lot: str(r.lot) });
    case 'no-change':
      return say(lang, { en: 'The setpoint is already {sp}; nothing to propose.', de: 'Der Sollwert ist bereits {sp}; nichts vorzuschlagen.', es: 'La consigna ya es {sp}; no hay nada que proponer.' }, { sp: withUnit(r.setpoint, r.unit) });
    case 'proposal-flow':
      return say(lang, { en: 'The proposal flow refused it, so nothing was proposed: {why}', de: 'Der Vorschlagsablauf hat abgelehnt, es wurde nichts vorgeschlagen: {why}', es: 'El flujo de propuestas lo rechazó; no se propuso nada: {why}' }, { why: str(r.error).replace(/^The proposal flow refused: /, '').replace(/ Nothing was proposed\. Tell the user; do not retry\.$/, '') });
    default:
      return undefined;
  }
}

export function holdAnswer(lang: Language, r: ToolResult, role: string): string {
  if (!r.ok) return refusal(lang, r, role) ?? failure(lang, r);
  const p = obj(r.proposal);
  const facts = { lot: str(p.lot), id: str(p.id), status: str(p.status), code: str(p.reasonCode), chosen: str(p.requestedReasonCode), ignored: str(r.reasonCodeIgnored) };
  if (p.existing) {
    const pending = say(lang, { en: 'A hold proposal for {lot} is already waiting ({id}, status {status}), so no second one was made.', de: 'Ein Sperrvorschlag für {lot} liegt bereits vor ({id}, Status {status}); es wurde kein zweiter erstellt.', es: 'Ya hay una propuesta de retención para {lot} ({id}, estado {status}); no se creó una segunda.' }, facts);
    if (!p.reasonCode) return pending;
    // The person's chosen code is never dropped silently: the pending hold keeps its own.
    const code = p.requestedReasonCode
      ? say(lang, { en: 'It carries hold reason code {code}; the code you chose, {chosen}, was not applied. If {chosen} is right, tell QA before they decide {id}.', de: 'Er trägt den Sperrgrund-Code {code}; Ihr Code {chosen} wurde nicht übernommen. Wenn {chosen} richtig ist, sagen Sie es QA vor der Entscheidung über {id}.', es: 'Lleva el código de motivo {code}; el código que eligió, {chosen}, no se aplicó. Si {chosen} es el correcto, dígaselo a QA antes de que decida {id}.' }, facts)
      : say(lang, { en: 'It carries hold reason code {code}.', de: 'Er trägt den Sperrgrund-Code {code}.', es: 'Lleva el código de motivo {code}.' }, facts);
    return `${pending} ${code}`;
  }
  const proposed = say(lang, { en: 'I have PROPOSED a hold on {lot} (proposal {id}, status {status}). The lot is not on hold until QA approves it with an e-signature and the MES confirms.', de: 'Ich habe eine Sperre für {lot} VORGESCHLAGEN (Vorschlag {id}, Status {status}). Die Charge ist erst gesperrt, wenn QA mit elektronischer Unterschrift zustimmt und das MES bestätigt.', es: 'He PROPUESTO una retención del lote {lot} (propuesta {id}, estado {status}). El lote no queda retenido hasta que QA lo apruebe con firma electrónica y el MES lo confirme.' }, facts);
  if (!p.reasonCode) return proposed;
  const code =
    p.reasonCodeFrom === 'user'
      ? say(lang, { en: 'Hold reason code {code}, as you chose.', de: 'Sperrgrund-Code {code}, wie von Ihnen gewählt.', es: 'Código de motivo {code}, el que usted eligió.' }, facts)
      : r.reasonCodeIgnored
        ? say(lang, { en: 'Hold reason code {code}, the default for a requested hold: {ignored} is not in your message, so it was not used. Name the code if you want another one.', de: 'Sperrgrund-Code {code}, der Standard für eine angeforderte Sperre: {ignored} steht nicht in Ihrer Nachricht und wurde nicht verwendet. Nennen Sie den Code, wenn Sie einen anderen wollen.', es: 'Código de motivo {code}, el predeterminado para una retención solicitada: {ignored} no está en su mensaje, así que no se usó. Indique el código si quiere otro.' }, facts)
        : say(lang, { en: 'Hold reason code {code}, the default for a requested hold (you named none; name a code from the plant\'s table if another one fits).', de: 'Sperrgrund-Code {code}, der Standard für eine angeforderte Sperre (Sie haben keinen genannt; nennen Sie einen Code aus der Tabelle des Werks, wenn ein anderer passt).', es: 'Código de motivo {code}, el predeterminado para una retención solicitada (no indicó ninguno; indique un código de la tabla de la planta si corresponde otro).' }, facts);
  return `${proposed} ${code}`;
}

export function setpointAnswer(lang: Language, r: ToolResult, role: string): string {
  if (!r.ok) return refusal(lang, r, role) ?? failure(lang, r);
  const p = obj(r.proposal);
  const c = obj(r.change);
  const range = obj(c.validatedRange);
  return say(lang, { en: 'I have PROPOSED changing {name} on {eq} from {from} to {to} (validated range {min} to {max} {unit}), proposal {id}. Nothing changes on the equipment until it is approved with an e-signature.', de: 'Ich habe VORGESCHLAGEN, {name} an {eq} von {from} auf {to} zu ändern (validierter Bereich {min} bis {max} {unit}), Vorschlag {id}. An der Anlage ändert sich nichts, bis der Vorschlag mit elektronischer Unterschrift genehmigt ist.', es: 'He PROPUESTO cambiar {name} en {eq} de {from} a {to} (rango validado {min} a {max} {unit}), propuesta {id}. Nada cambia en el equipo hasta que se apruebe con firma electrónica.' }, {
    name: str(c.name), eq: str(c.equipment), from: withUnit(c.from, c.unit), to: withUnit(c.to, c.unit), min: str(range.min), max: str(range.max), unit: str(c.unit), id: str(p.id),
  });
}

export function draftAnswer(lang: Language, r: ToolResult, role: string): string {
  if (!r.ok) return refusal(lang, r, role) ?? failure(lang, r);
  const d = obj(r.draft);
  const similar = arr<string>(r.similar);
  const base = say(lang, { en: 'I have drafted a deviation for QA (draft {id}, status {status}): "{title}". QA reviews, classifies and opens it.', de: 'Ich habe einen Abweichungsentwurf für QA erstellt (Entwurf {id}, Status {status}): "{title}". QA prüft, klassifiziert und eröffnet ihn.', es: 'He redactado un borrador de desviación para QA (borrador {id}, estado {status}): "{title}". QA lo revisa, clasifica y abre.' }, { id: str(d.id), status: str(d.status), title: str(d.title) });
  return similar.length ? `${base} ${say(lang, { en: 'Similar past deviations: {list}.', de: 'Ähnliche frühere Abweichungen: {list}.', es: 'Desviaciones anteriores similares: {list}.' }, { list: joinList(lang, similar) })}` : base;
}

export function pendingAnswer(lang: Language, r: ToolResult): string {
  if (!r.ok) return r.refused === 'unavailable' ? say(lang, { en: 'Proposals are not available on this server yet, so there are none to list.', de: 'Vorschläge sind auf diesem Server noch nicht verfügbar; es gibt keine aufzulisten.', es: 'Las propuestas aún no están disponibles en este servidor; no hay ninguna que listar.' }) : failure(lang, r);
  const proposals = arr(r.proposals);
  if (proposals.length === 0) return say(lang, { en: 'No proposals are waiting for a decision.', de: 'Keine Vorschläge warten auf eine Entscheidung.', es: 'No hay propuestas pendientes de decisión.' });
  return say(lang, { en: '{count} proposals are waiting for a decision: {list}.', de: '{count} Vorschläge warten auf eine Entscheidung: {list}.', es: '{count} propuestas esperan una decisión: {list}.' }, { count: str(r.count), list: joinList(lang, proposals.map((p) => `${str(p.kind)} ${str(p.id)}${p.lot ? ` (${str(p.lot)})` : ''}, ${str(p.status)}`)) });
}
