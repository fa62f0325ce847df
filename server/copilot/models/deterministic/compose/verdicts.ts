// A quality-engine verdict in words: within specification, review band, OOS, not evaluable.
import type { Language } from '../language';
import { obj, say, str } from './words';

export function verdictText(lang: Language, verdictValue: unknown): string {
  const verdict = obj(verdictValue);
  const outcome = str(verdict.outcome);
  const disposition = str(verdict.disposition);
  if (outcome === 'fail') {
    return say(lang, { en: 'OUT OF SPECIFICATION (OOS), disposition hold', de: 'AUSSERHALB DER SPEZIFIKATION (OOS), Disposition Sperre (hold)', es: 'FUERA DE ESPECIFICACIÓN (OOS), disposición retención (hold)' });
  }
  if (outcome === 'cannot-evaluate') return say(lang, { en: 'cannot be evaluated, QA review', de: 'nicht bewertbar, QA-Prüfung', es: 'no evaluable, revisión de QA' });
  if (disposition === 'review') return say(lang, { en: 'within specification but in the review band, QA review', de: 'innerhalb der Spezifikation, aber im Prüfband: QA-Prüfung', es: 'dentro de especificación pero en la banda de revisión: revisión de QA' });
  if (outcome === 'pass') return say(lang, { en: 'within specification', de: 'innerhalb der Spezifikation', es: 'dentro de especificación' });
  return '';
}

export function isOos(verdictValue: unknown): boolean {
  return obj(verdictValue).outcome === 'fail';
}
