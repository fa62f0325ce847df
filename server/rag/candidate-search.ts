// The two candidate lists hybrid retrieval fuses: FTS5 BM25 and HNSW cosine, each within the
// documents a filter allows. A filter that lets most chunks through is applied after a slightly
// deeper unfiltered search (the fast path of both indexes); a narrow one goes into the query.
import type { Embeddings } from '../ports/embeddings';
import { ftsMatchExpression } from './keyword-query';
import { exactSearch, selectDocuments } from './search-filters';
import type { DocumentStore } from './store/document-store';
import { supportsWeightedQueries, type TermRarity } from './term-rarity';
import type { SearchOptions } from './types';
import type { LoadedState, VectorState } from './vector-state';

/** Below this many allowed chunks a filtered vector search is exact instead of graph-walking. */
const EXACT_SEARCH_LIMIT = 4000;
/** When at least this share of the chunks passes a filter, search unfiltered and drop the rest. */
const POST_FILTER_SHARE = 0.5;

/** The documents a filtered search may return. */
export interface SearchScope {
  keys: ReadonlySet<string>;
  chunks: number;
  /** Share of all chunks that pass. */
  share: number;
}

export interface Candidate {
  id: number;
  score: number;
}

export class CandidateSearch {
  private scopes: { generation: number; byFilter: Map<string, SearchScope | 'none' | undefined> } = { generation: -1, byFilter: new Map() };

  constructor(
    private readonly store: DocumentStore,
    private readonly state: VectorState,
    private readonly rarity: TermRarity,
    private readonly embeddings: Embeddings,
    private readonly keywordWeights: readonly [number, number, number],
  ) {}

  /** The allowed documents of a filter (undefined: all, 'none': nothing), worked out once per index generation. */
  scopeOf(loaded: LoadedState, opts: SearchOptions): SearchScope | 'none' | undefined {
    const cacheKey = JSON.stringify([opts.type, opts.status, opts.product, opts.includeSuperseded]);
    if (this.scopes.generation !== loaded.generation) this.scopes = { generation: loaded.generation, byFilter: new Map() };
    if (this.scopes.byFilter.has(cacheKey)) return this.scopes.byFilter.get(cacheKey);
    const allowed = selectDocuments(loaded.documents, opts);
    let scope: SearchScope | 'none' | undefined;
    if (!allowed) scope = undefined;
    else if (allowed.length === 0) scope = 'none';
    else {
      const chunks = allowed.reduce((n, key) => n + (loaded.documents.get(key)?.chunkCount ?? 0), 0);
      scope = { keys: new Set(allowed), chunks, share: chunks / Math.max(1, loaded.chunkDoc.size) };
    }
    if (this.scopes.byFilter.size > 64) this.scopes.byFilter.clear();
    this.scopes.byFilter.set(cacheKey, scope);
    return scope;
  }

  /** `commonWords: 'skip'` (hybrid): no keyword list for a question made of common words only. */
  keyword(loaded: LoadedState, query: string, depth: number, scope: SearchScope | undefined, commonWords: 'search' | 'skip'): Candidate[] {
    const stats = this.rarity.at(loaded.generation);
    const match = ftsMatchExpression(query, { chunks: stats.chunks, postings: stats.postings, commonWords });
    if (!match) return [];
    const search = (limit: number, keys?: readonly string[]) => this.store.keywordSearch(match, limit, keys, this.keywordWeights).map((r) => ({ id: r.id, score: -r.rank }));
    if (!scope) return search(depth);
    if (scope.share >= POST_FILTER_SHARE) {
      // The usual case (only superseded revisions left out): FTS5 ranks without a join.
      const limit = Math.ceil(depth / scope.share) + 10;
      const ranked = search(limit);
      const passing = ranked.filter((h) => scope.keys.has(loaded.chunkDoc.get(h.id) ?? ''));
      if (passing.length >= depth || ranked.length < limit) return passing.slice(0, depth);
    }
    return search(depth, [...scope.keys]);
  }

  async vector(loaded: LoadedState, query: string, depth: number, scope: SearchScope | undefined): Promise<Candidate[]> {
    if (this.state.vectors.size === 0) return [];
    const embeddings = this.embeddings;
    const vector = supportsWeightedQueries(embeddings) ? await embeddings.embedWeightedQuery(query, this.rarity.at(loaded.generation).idf) : await embeddings.embedQuery(query);
    const found = (k: number, filter?: (id: number) => boolean) => this.state.vectors.search(vector, k, filter).map((m) => ({ id: m.id, score: m.similarity }));
    if (!scope) return found(depth);
    if (scope.chunks <= EXACT_SEARCH_LIMIT) return exactSearch(vector, this.store.vectorsOfDocuments([...scope.keys]), depth);
    const passes = (id: number) => scope.keys.has(loaded.chunkDoc.get(id) ?? '');
    if (scope.share >= POST_FILTER_SHARE) {
      // A JS filter callback per visited graph node costs more than a slightly deeper search.
      const passing = found(Math.ceil((depth / scope.share) * 1.2) + 5).filter((h) => passes(h.id));
      if (passing.length >= depth) return passing.slice(0, depth);
    }
    return found(depth, passes);
  }
}
