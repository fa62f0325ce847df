// Text as the recogniser compares it: lower case, accents folded (läuft -> lauft, línea ->
// linea), ß as ss, whitespace collapsed. Offsets are not kept: the recogniser never quotes.

export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201c\u201d]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words of normalized text (letters and digits). */
export function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** True when any pattern matches; plain strings match as whole words or phrases. */
export function mentions(text: string, patterns: readonly (string | RegExp)[]): boolean {
  return patterns.some((p) => (typeof p === 'string' ? phrase(p).test(text) : p.test(text)));
}

/** The regex source of a phrase: escaped, a space also matching hyphens and runs of spaces. */
export function phraseCore(words: string): string {
  return words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s-]+');
}

const cache = new Map<string, RegExp>();
export function phrase(words: string): RegExp {
  let re = cache.get(words);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}])${phraseCore(words)}(?![\\p{L}\\p{N}])`, 'u');
    cache.set(words, re);
  }
  return re;
}

/** Replaces every match of a phrase with spaces, so later recognisers do not see it again. */
export function mask(text: string, pattern: RegExp): string {
  let global = globals.get(pattern);
  if (!global) {
    global = pattern.flags.includes('g') ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
    globals.set(pattern, global);
  }
  return text.replace(global, (m) => ' '.repeat(m.length));
}

const globals = new WeakMap<RegExp, RegExp>();
