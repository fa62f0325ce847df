// How the deterministic answers write things: one phrase in three languages, dates and values
// as the records hold them (no figure is ever computed or rounded here: grounding.ts checks).
import type { Language } from '../language';
import type { ToolResult } from '../planner';

export type Phrase = Record<Language, string>;

/** Picks the language and fills {name} slots. Fixed phrases carry no digits of their own. */
export function say(lang: Language, phrase: Phrase, vars: Record<string, string | number | undefined> = {}): string {
  return phrase[lang].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** "2024-05-03T10:15:00Z" -> "2024-05-03 10:15 UTC". */
export function when(iso: unknown): string {
  if (typeof iso !== 'string') return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function day(iso: unknown): string {
  return typeof iso === 'string' ? iso.slice(0, 10) : '';
}

export function withUnit(value: unknown, unit: unknown): string {
  const v = String(value ?? '');
  return typeof unit === 'string' && unit !== '' ? `${v} ${unit}` : v;
}

export function joinList(lang: Language, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  const and = { en: 'and', de: 'und', es: 'y' }[lang];
  return `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
}

export function arr<T = Record<string, unknown>>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function obj(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** Ends a sentence from the quality engine with a full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** A tool's refusal or error, told plainly. */
export function failure(lang: Language, result: ToolResult): string {
  const why = str(result.error).replace(/;? ?(fix the argument and try again|Tell the user[^.]*\.|Do not retry\.|do not retry with another tool\.)/gi, '').trim();
  return say(lang, { en: 'I could not get that: {why}', de: 'Das konnte ich nicht abrufen: {why}', es: 'No pude obtenerlo: {why}' }, { why });
}

export interface Names {
  test(code: string): string;
  product(id: string): string;
}
