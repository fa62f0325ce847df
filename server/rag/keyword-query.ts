// Turns a plain-language question into an FTS5 MATCH expression: every content word as a
// quoted term, OR-ed so BM25 ranks passages by how many rare words they share; GMP
// abbreviations also match their spelled-out phrase ("OOS" OR "out of specification").
import { expansionOf } from './synonyms';
import { contentTokens } from './text';

export function ftsMatchExpression(question: string): string | undefined {
  const terms = new Set<string>();
  for (const token of contentTokens(question)) {
    // Quoting makes every token a literal term: FTS5 operators (AND, NEAR, *) in a question stay words.
    terms.add(quote(token));
    const expansion = expansionOf(token);
    if (expansion) terms.add(quote(expansion));
  }
  return terms.size ? [...terms].join(' OR ') : undefined;
}

const quote = (term: string): string => `"${term.replace(/"/g, '""')}"`;
