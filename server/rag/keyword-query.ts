// Turns a plain-language question into an FTS5 MATCH expression: every content word as a
// quoted term, OR-ed so BM25 ranks passages by how many rare words they share; GMP
// abbreviations also match their spelled-out phrase ("OOS" OR "out of specification").
// On a large index, BM25 costs a few microseconds per matching chunk, so only the rarest
// terms that fit a posting budget are scored (MaxScore's observation: words found in a large
// share of the chunks add little to the ranking and most of the cost).
import { expansionOf } from './synonyms';
import { contentTokens } from './text';

export interface KeywordBudget {
  /** Chunks in the index; no term is dropped while this is within the budget. */
  chunks: number;
  postings(term: string): number;
  /** Most postings to score (default 1,000, a few milliseconds of BM25). */
  budget?: number;
  /** Fewest candidate postings worth scoring before the budget applies (default 300). */
  minPool?: number;
}

export function ftsMatchExpression(question: string, scale?: KeywordBudget): string | undefined {
  const terms = new Set<string>();
  for (const token of contentTokens(question)) {
    terms.add(token);
    const expansion = expansionOf(token);
    if (expansion) terms.add(expansion);
  }
  if (terms.size === 0) return undefined;
  // Quoting makes every token a literal term: FTS5 operators (AND, NEAR, *) in a question stay words.
  const plan = plannedTerms([...terms], scale);
  return plan.terms.map(quote).join(plan.all ? ' AND ' : ' OR ');
}

/**
 * The rarest terms whose postings fit the budget (always at least one). When even the rarest
 * term is too common, the rarest few are required together instead: their intersection is the
 * most specific evidence such a question offers.
 */
function plannedTerms(terms: string[], scale: KeywordBudget | undefined): { terms: string[]; all: boolean } {
  const budget = scale?.budget ?? 1500;
  if (!scale || scale.chunks <= budget) return { terms, all: false };
  const minPool = scale.minPool ?? 300;
  const byRarity = terms.map((term, order) => ({ term, order, postings: scale.postings(term) })).sort((a, b) => a.postings - b.postings || a.order - b.order);
  const inOrder = (list: typeof byRarity) => list.sort((a, b) => a.order - b.order).map((t) => t.term);
  const rarest = byRarity[0];
  if (rarest && rarest.postings > budget && byRarity.length > 1) {
    // Estimated intersection under independence: N * product of (postings / N).
    const required: typeof byRarity = [];
    let estimate = scale.chunks;
    for (const t of byRarity) {
      required.push(t);
      estimate *= t.postings / scale.chunks;
      if (estimate <= budget) break;
    }
    return { terms: inOrder(required), all: true };
  }
  const kept: typeof byRarity = [];
  let pool = 0;
  for (const t of byRarity) {
    if (kept.length > 0 && pool >= minPool && pool + t.postings > budget) break;
    kept.push(t);
    pool += t.postings;
  }
  return { terms: inOrder(kept), all: false };
}

const quote = (term: string): string => `"${term.replace(/"/g, '""')}"`;
