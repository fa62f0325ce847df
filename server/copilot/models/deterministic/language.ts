// Which language the operator wrote in (English, German or Spanish), from function words: the
// answer is written back in the same language.
import { words } from './normalize';

export type Language = 'en' | 'de' | 'es';

const MARKERS: Record<Language, readonly string[]> = {
  en: ['the', 'what', 'whats', 'is', 'are', 'of', 'for', 'on', 'and', 'show', 'me', 'this', 'how', 'why', 'which', 'have', 'we', 'put', 'please', 'running', 'result', 'any', 'ignore', 'previous', 'instructions', 'all', 'every', 'can', 'you', 'before', 'last', 'do', 'does', 'my', 'did', 'get', 'tell', 'about'],
  de: ['der', 'die', 'das', 'ist', 'was', 'wie', 'welche', 'welcher', 'fur', 'auf', 'und', 'zeig', 'zeige', 'mir', 'diese', 'dieser', 'charge', 'lauft', 'warum', 'gibt', 'es', 'bitte', 'haben', 'wir', 'schon', 'einmal', 'den', 'dem', 'ein', 'eine', 'mit', 'von', 'im', 'ergebnis', 'nicht', 'setze', 'sperre', 'gesperrt', 'zum', 'zur', 'wurde', 'sind', 'aktuell', 'linie', 'des', 'zustand', 'wert', 'zeigen', 'erklare', 'alle', 'gib', 'frei', 'anweisungen', 'vorherigen', 'ignoriere', 'vergiss', 'lege', 'sperren', 'zu', 'bei', 'gab'],
  es: ['el', 'la', 'los', 'las', 'de', 'del', 'que', 'cual', 'cuales', 'es', 'esta', 'en', 'y', 'por', 'para', 'lote', 'muestra', 'linea', 'hemos', 'tenido', 'antes', 'muestrame', 'dame', 'pon', 'como', 'resultado', 'una', 'un', 'con', 'se', 'mi', 'este', 'hay', 'sobre', 'actual', 'cuanto', 'explica', 'ignora', 'instrucciones', 'anteriores', 'libera', 'todas', 'borra', 'cambia', 'abre', 'su', 'sus', 'lo'],
};

export function detectLanguage(normalized: string): Language {
  const tokens = words(normalized);
  const score = (lang: Language) => tokens.filter((t) => MARKERS[lang].includes(t)).length;
  const de = score('de');
  const es = score('es');
  const en = score('en');
  if (de > en && de >= es) return 'de';
  if (es > en && es > de) return 'es';
  return 'en';
}
