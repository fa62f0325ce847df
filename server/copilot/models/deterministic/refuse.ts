// The refusal the copilot gives before any model runs, in the language of the question.
import { refusalAnswer } from './compose/refusals';
import { detectLanguage } from './language';
import { normalize } from './normalize';
import type { Refusal } from './understand';

export function refusalFor(question: string, reason: Refusal): string {
  return refusalAnswer(detectLanguage(normalize(question)), reason);
}

/** The safe text when an answer was withheld for an untraceable figure. */
export function withheldText(question: string): string {
  const lang = detectLanguage(normalize(question));
  return {
    en: 'I cannot give a reliable answer to that: my draft contained figures I could not trace to the LIMS, MES or documents, so I withheld it. Please ask again more specifically, or check the record in the LIMS or MES.',
    de: 'Darauf kann ich keine verlässliche Antwort geben: mein Entwurf enthielt Zahlen, die ich nicht auf LIMS, MES oder Dokumente zurückführen konnte, daher habe ich ihn zurückgehalten. Bitte genauer fragen oder den Datensatz im LIMS oder MES prüfen.',
    es: 'No puedo dar una respuesta fiable: mi borrador contenía cifras que no pude rastrear hasta el LIMS, el MES o los documentos, así que la retuve. Pregunte de forma más concreta o consulte el registro en el LIMS o el MES.',
  }[lang];
}

/** When a model ends a turn without any text. */
export function noAnswerText(question: string): string {
  const lang = detectLanguage(normalize(question));
  return {
    en: 'I could not find an answer to that in the LIMS, MES or documents.',
    de: 'Dazu habe ich in LIMS, MES und Dokumenten keine Antwort gefunden.',
    es: 'No encontré una respuesta a eso en el LIMS, el MES ni los documentos.',
  }[lang];
}
