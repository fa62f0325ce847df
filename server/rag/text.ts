// Text clean-up for extracted pages and the word tokens both indexes share. PDF extraction
// splits words at line-end hyphens ("Out-of-\nSpecification"); some extractors even drop the
// line break ("Out-ofSpecification"), so both forms are repaired before chunking and indexing.

/** Words too common in English to tell passages apart; dropped from keyword and hash features. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  ('a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each either etc few for from further had has have having he her here hers him his ' +
    'how however i if in into is it its itself just me more most must my no nor not now of off on once only or other our ours ' +
    'out over own per same she should so some such than that the their theirs them then there these they this those through to ' +
    'too under until up upon us very via was we were what when where whether which while who whom why will with within without ' +
    'would you your yours e g ie eg may might shall ' +
    // Conversational filler of questions typed at a terminal.
    'go goes going get gets got just please really ok okay').split(' '),
);

/** NFKC (ligatures, non-breaking spaces), unified line ends, trimmed line tails, repaired hyphenation. */
export function cleanExtractedText(text: string, vocabulary?: ReadonlySet<string>): string {
  const unified = text
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\u00ad/g, '');
  return repairHyphenation(unified, vocabulary);
}

/**
 * Joins words split at a line end. "Out-of-\nSpecification" keeps its hyphen (a compound);
 * "manu-\nfacturing" loses it when the joined word occurs elsewhere in the same text
 * (the vocabulary) and the hyphenated form does not. Unknown cases keep the hyphen: regulatory
 * PDFs are rarely justified with syllable hyphenation, while compounds (in-process) are common.
 */
export function repairHyphenation(text: string, vocabulary?: ReadonlySet<string>): string {
  const vocab = vocabulary ?? wordVocabulary(text);
  const joined = text.replace(/([\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*)-\n[ \t]*(\p{L}[\p{L}\p{N}]*)/gu, (_m, head: string, tail: string) => {
    const lastPart = head.split('-').pop() ?? head;
    const merged = `${lastPart}${tail}`.toLowerCase();
    const hyphenated = `${lastPart}-${tail}`.toLowerCase();
    const isCompound = head.includes('-') || /^\p{Lu}/u.test(tail);
    const drop = !isCompound && vocab.has(merged) && !vocab.has(hyphenated);
    return drop ? `${head}${tail}` : `${head}-${tail}`;
  });
  // "Out-ofSpecification": a short lower-case part glued to a capitalised word inside a compound.
  return joined.replace(/(\p{L}+-\p{Ll}{1,4})(\p{Lu}\p{Ll}+)/gu, '$1-$2');
}

/**
 * Removes the line numbers that draft guidance carries at the end of every line (ICH Q9(R1)
 * step 2, FDA drafts: "...typical\t274") when most lines of the page have one; numbered
 * blank lines leave bare numbers, which go too.
 */
export function stripLineNumbers(pageText: string): string {
  const lines = pageText.split('\n');
  const numbered = lines.filter((l) => /\t\d{1,4}\s*$/.test(l)).length;
  const nonEmpty = lines.filter((l) => l.trim()).length;
  if (numbered < 3 || numbered < nonEmpty * 0.3) return pageText;
  return lines
    .filter((l) => !/^\s*\d{1,4}\s*$/.test(l))
    .map((l) => l.replace(/\t\d{1,4}\s*$/, ''))
    .join('\n');
}

/** Lower-cased words and hyphenated compounds that occur in the text (for hyphenation repair). */
export function wordVocabulary(text: string): Set<string> {
  const vocab = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/\p{L}+(?:-\p{L}+)*/gu)) {
    vocab.add(match[0]);
    if (match[0].includes('-')) for (const part of match[0].split('-')) vocab.add(part);
  }
  return vocab;
}

/** Lower-case, accent-free word tokens; numbers like 211.100 stay one token. */
export function tokenize(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  return folded.match(/[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu) ?? [];
}

/** Tokens without stopwords; single letters go too, except digits (Q9, "phase 2"). */
export function contentTokens(text: string): string[] {
  return tokenize(text).filter((t) => !STOPWORDS.has(t) && (t.length > 1 || /\d/.test(t)));
}
