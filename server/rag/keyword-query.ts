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
  /** Most postings to score (default 1,500: a few milliseconds of BM25). */
  budget?: number;
  /**
   * When every word is too common for the budget: search anyway (required together, or in
   * headings), or give up (undefined) and let vector search carry the question (hybrid mode).
   */
  commonWords?: 'search' | 'skip';
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
  if (plan.kind !== 'any' && scale?.commonWords === 'skip') return undefined;
  const expression = plan.terms.map(quote).join(plan.kind === 'all' ? ' AND ' : ' OR ');
  return plan.kind === 'headings' ? `section : (${expression})` : expression;
}

type Plan = { terms: string[]; kind: 'any' | 'all' | 'headings' };

/**
 * The rarest terms whose postings fit the budget. When even the rarest term is too common,
 * the rarest few are required together (their intersection is the most specific evidence such a
 * question offers); a lone common word is looked for in section headings only.
 */
function plannedTerms(terms: string[], scale: KeywordBudget | undefined): Plan {
  const budget = scale?.budget ?? 1500;
  if (!scale || scale.chunks <= budget) return { terms, kind: 'any' };
  const byRarity = terms.map((term, order) => ({ term, order, postings: scale.postings(term) })).sort((a, b) => a.postings - b.postings || a.order - b.order);
  const inOrder = (list: typeof byRarity) => list.sort((a, b) => a.order - b.order).map((t) => t.term);
  const kept: typeof byRarity = [];
  let pool = 0;
  for (const t of byRarity) {
    if (pool + t.postings > budget) break;
    kept.push(t);
    pool += t.postings;
  }
  if (kept.length) return { terms: inOrder(kept), kind: 'any' };
  // Abbreviation expansions are alternatives to their abbreviation, not further requirements.
  const words = byRarity.filter((t) => !t.term.includes(' '));
  if (words.length <= 1) return { terms: inOrder(words.length ? words : byRarity.slice(0, 1)), kind: 'headings' };
  // Estimated intersection under independence: N * product of (postings / N).
  const required: typeof byRarity = [];
  let estimate = scale.chunks;
  for (const t of words) {
    required.push(t);
    estimate *= t.postings / scale.chunks;
    if (estimate <= budget) break;
  }
  return { terms: inOrder(required), kind: 'all' };
}

const quote = (term: string): string => `"${term.replace(/"/g, '""')}"`;
