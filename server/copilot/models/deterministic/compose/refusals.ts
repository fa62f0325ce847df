// Declines and questions back, with what the copilot can do instead. No digits here: a refusal
// has no tool answer to ground a figure in.
import type { Language } from '../language';
import type { Missing, Refusal } from '../understand';
import { say, type Phrase } from './words';

const CAN_DO: Phrase = {
  en: 'I can look up lab results, specifications and trends, lot status and holds, work orders, what runs on a line, equipment parameters, SOPs and past deviations, and I can propose a hold, a setpoint change (engineers) or a deviation draft, which always need an e-signature.',
  de: 'Ich kann Laborergebnisse, Spezifikationen und Trends, Chargenstatus und Sperren, Fertigungsaufträge, was auf einer Linie läuft, Anlagenparameter, SOPs und frühere Abweichungen nachschlagen und eine Sperre, eine Sollwertänderung (Ingenieure) oder einen Abweichungsentwurf vorschlagen, die immer eine elektronische Unterschrift brauchen.',
  es: 'Puedo consultar resultados de laboratorio, especificaciones y tendencias, estado y retenciones de lotes, órdenes de fabricación, qué se fabrica en una línea, parámetros de equipos, SOP y desviaciones anteriores, y puedo proponer una retención, un cambio de consigna (ingenieros) o un borrador de desviación, que siempre requieren firma electrónica.',
};

const REFUSALS: Record<Refusal, Phrase> = {
  injection: {
    en: 'I cannot follow instructions that try to change my rules or act outside the plant controls, so I did nothing.',
    de: 'Anweisungen, die meine Regeln ändern oder die Kontrollen der Anlage umgehen sollen, befolge ich nicht; ich habe nichts unternommen.',
    es: 'No puedo seguir instrucciones que intentan cambiar mis reglas o actuar fuera de los controles de la planta, así que no hice nada.',
  },
  forbidden: {
    en: 'I cannot do that: results, specifications and the audit trail are read-only for me, and approvals and releases are decisions people make with an e-signature.',
    de: 'Das kann ich nicht: Ergebnisse, Spezifikationen und der Audit Trail sind für mich schreibgeschützt, und Genehmigungen und Freigaben treffen Menschen mit elektronischer Unterschrift.',
    es: 'No puedo hacerlo: los resultados, las especificaciones y el audit trail son de solo lectura para mí, y las aprobaciones y liberaciones las deciden personas con firma electrónica.',
  },
  release: {
    en: 'I cannot release lots. Release is a QA disposition made with an e-signature in the proposal flow, never by the copilot.',
    de: 'Ich kann keine Chargen freigeben. Die Freigabe ist eine QA-Entscheidung mit elektronischer Unterschrift im Vorschlagsablauf, nie durch den Copilot.',
    es: 'No puedo liberar lotes. La liberación es una disposición de QA con firma electrónica en el flujo de propuestas, nunca del copiloto.',
  },
  off_topic: {
    en: 'That is outside what I can help with here.',
    de: 'Dabei kann ich hier nicht helfen.',
    es: 'Eso está fuera de lo que puedo hacer aquí.',
  },
  help: { en: 'Hello.', de: 'Hallo.', es: 'Hola.' },
};

export function refusalAnswer(lang: Language, reason: Refusal): string {
  return `${say(lang, REFUSALS[reason])} ${say(lang, CAN_DO)}`;
}

/** The release refusal when the lot has an open OOS: release is blocked in any case. */
export function releaseBlocked(lang: Language, lot: string): string {
  return say(lang, { en: '{lot} has an open OOS result, so a release would be refused by the guardrails until the OOS investigation is closed.', de: '{lot} hat ein offenes OOS-Ergebnis; eine Freigabe würde von den Guardrails abgelehnt, bis die OOS-Untersuchung abgeschlossen ist.', es: '{lot} tiene un resultado OOS abierto; las salvaguardas rechazarían la liberación hasta cerrar la investigación OOS.' }, { lot });
}

const MISSING: Record<Missing, Phrase> = {
  lot: { en: 'Which lot do you mean? Please give the lot id.', de: 'Welche Charge meinen Sie? Bitte die Chargennummer angeben.', es: '¿A qué lote se refiere? Indique el número de lote.' },
  equipment: { en: 'Which equipment do you mean? Please give its id or name.', de: 'Welche Anlage meinen Sie? Bitte Kennung oder Namen angeben.', es: '¿A qué equipo se refiere? Indique su identificador o nombre.' },
  parameter: { en: 'Which parameter do you mean? Please name it.', de: 'Welchen Parameter meinen Sie? Bitte benennen.', es: '¿Qué parámetro? Indíquelo por su nombre.' },
  value: { en: 'To which value? Please give the new setpoint with its unit.', de: 'Auf welchen Wert? Bitte den neuen Sollwert mit Einheit angeben.', es: '¿A qué valor? Indique la nueva consigna con su unidad.' },
  test: { en: 'Which test do you mean (for example pH, viscosity, assay or hardness)?', de: 'Welche Prüfung meinen Sie (zum Beispiel pH, Viskosität, Gehalt oder Härte)?', es: '¿Qué análisis (por ejemplo pH, viscosidad, valoración o dureza)?' },
  line: { en: 'Which line do you mean?', de: 'Welche Linie meinen Sie?', es: '¿Qué línea?' },
};

export function clarifyAnswer(lang: Language, missing: Missing): string {
  return say(lang, MISSING[missing]);
}

export function nothingRunning(lang: Language, line: string): string {
  return say(lang, { en: 'Nothing is running on {line} now, so I cannot tell which lot you mean. Please give the lot id.', de: 'Auf {line} läuft gerade nichts, daher weiß ich nicht, welche Charge gemeint ist. Bitte die Chargennummer angeben.', es: 'En {line} no se fabrica nada ahora; no sé a qué lote se refiere. Indique el número de lote.' }, { line });
}
