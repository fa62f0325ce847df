// The document index the copilot searches: hybrid retrieval (FTS5 BM25 + HNSW vectors fused by
// reciprocal rank), filters by type, status and product, superseded revisions left out unless
// asked for, and every hit carrying document id, revision and page for the citation.
import path from 'node:path';
import type { Embeddings } from '../ports/embeddings';
import type { Db } from '../store/database';
import { reciprocalRankFusion, RRF_K } from './fusion';
import { ftsMatchExpression } from './keyword-query';
import { supportsWeightedQueries, TermRarity } from './term-rarity';
import { cleanExtractedText } from './text';
import { DocumentStore, embeddingInput, type NewDocument, type StoredDocument } from './store/document-store';
import type { ChunkDraft, DocumentMeta, PageText, SearchHit, SearchOptions, SourceFormat } from './types';
import { DEFAULT_HNSW, type HnswParams } from './vector-index';
import { VectorState, type LoadedState } from './vector-state';
import { exactSearch, selectDocuments } from './search-filters';

export interface RetrievalTuning {
  /** BM25 column weights: title, section heading, body. */
  keywordWeights: readonly [number, number, number];
  /** Rank-fusion weights of the keyword and the vector list. */
  fusionWeights: readonly [number, number];
  rrfK: number;
  /** Candidates taken from each list before fusion, at least. */
  depth: number;
}

export const DEFAULT_RETRIEVAL: RetrievalTuning = { keywordWeights: [0.5, 1.5, 1], fusionWeights: [1, 1], rrfK: RRF_K, depth: 40 };

export interface DocumentIndexDeps {
  db: Db;
  dataDir: string;
  embeddings: Embeddings;
  hnsw?: Partial<HnswParams>;
  retrieval?: Partial<RetrievalTuning>;
}
/** Below this many allowed chunks a filtered vector search is exact instead of graph-walking. */
const EXACT_SEARCH_LIMIT = 4000;
/** When at least this share of the chunks passes a filter, search unfiltered and drop the rest. */
const POST_FILTER_SHARE = 0.5;

/** The documents a filtered search may return. */
interface SearchScope {
  keys: ReadonlySet<string>;
  chunks: number;
  /** Share of all chunks that pass. */
  share: number;
}

export interface SourceChange {
  added: string[];
  removed: string[];
  chunks: number;
}

/** A parsed document with its chunks, ready to be embedded and stored. */
export interface SourceDocument {
  meta: DocumentMeta;
  format: SourceFormat;
  pages: PageText[];
  chunks: ChunkDraft[];
  record?: unknown;
}

export class DuplicateDocumentError extends Error {}

export const documentKey = (id: string, revision: string): string => (revision ? `${id}@${revision}` : id);

export class DocumentIndex {
  readonly store: DocumentStore;
  readonly embeddings: Embeddings;
  private readonly state: VectorState;
  private readonly rarity: TermRarity;
  private readonly tuning: RetrievalTuning;
  private scopes: { generation: number; byFilter: Map<string, SearchScope | 'none' | undefined> } = { generation: -1, byFilter: new Map() };
  private queue: Promise<unknown> = Promise.resolve();
  private dirty = false;

  constructor(deps: DocumentIndexDeps) {
    this.store = new DocumentStore(deps.db);
    this.embeddings = deps.embeddings;
    this.rarity = new TermRarity(deps.db);
    this.tuning = { ...DEFAULT_RETRIEVAL, ...deps.retrieval };
    this.state = new VectorState(this.store, deps.embeddings, path.join(deps.dataDir, 'index'), { ...DEFAULT_HNSW, ...deps.hnsw });
  }

  async search(question: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const query = cleanExtractedText(question);
    const k = Math.max(1, Math.min(opts.k ?? 5, 100));
    const mode = opts.mode ?? 'hybrid';
    if (!this.state.isCurrent()) await this.exclusive(() => this.state.sync());
    const loaded = this.state.loaded;
    if (!loaded || !query.trim()) return [];
    const scope = this.scopeOf(loaded, opts);
    if (scope === 'none') return [];
    const depth = mode === 'hybrid' ? Math.max(this.tuning.depth, k * 4) : k;
    const keyword = mode === 'vector' ? [] : this.keywordIds(query, depth, scope);
    const vector = mode === 'keyword' ? [] : await this.vectorIds(query, depth, scope);
    const ranked =
      mode === 'hybrid' ? reciprocalRankFusion([keyword.map((h) => h.id), vector.map((h) => h.id)], this.tuning.rrfK, this.tuning.fusionWeights)
      : mode === 'keyword' ? keyword
      : vector;
    const top = ranked.slice(0, k);
    const rows = new Map(this.store.chunks(top.map((h) => h.id)).map((r) => [r.id, r]));
    const hits: SearchHit[] = [];
    for (const { id, score } of top) {
      const row = rows.get(id);
      const doc = row && loaded.documents.get(row.docKey);
      if (!row || !doc) continue; // written by another process since the graph was loaded
      hits.push({
        docId: doc.id, title: doc.title, revision: doc.revision, type: doc.type, status: doc.status, page: row.page,
        chunkId: `${doc.key}/p${row.page}/c${row.seq}`, text: row.text, score, ...(row.section ? { section: row.section } : {}),
      });
    }
    return hits;
  }

  private keywordIds(query: string, depth: number, scope: SearchScope | undefined): { id: number; score: number }[] {
    const loaded = this.state.loaded;
    const stats = this.rarity.at(loaded?.generation ?? 0);
    const match = ftsMatchExpression(query, { chunks: stats.chunks, postings: stats.postings });
    if (!match || !loaded) return [];
    const search = (limit: number, keys?: readonly string[]) => this.store.keywordSearch(match, limit, keys, this.tuning.keywordWeights).map((r) => ({ id: r.id, score: -r.rank }));
    if (!scope) return search(depth);
    if (scope.share >= POST_FILTER_SHARE) {
      // Most chunks pass (the usual case: only superseded revisions are left out): rank without
      // the filter, which keeps FTS5 on its fast path, and drop what does not pass.
      const limit = Math.ceil(depth / scope.share) + 10;
      const ranked = search(limit);
      const passing = ranked.filter((h) => scope.keys.has(loaded.chunkDoc.get(h.id) ?? ''));
      if (passing.length >= depth || ranked.length < limit) return passing.slice(0, depth);
    }
    return search(depth, [...scope.keys]);
  }

  private async vectorIds(query: string, depth: number, scope: SearchScope | undefined): Promise<{ id: number; score: number }[]> {
    const loaded = this.state.loaded;
    if (!loaded || this.state.vectors.size === 0) return [];
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

  /** The allowed documents of a filter, worked out once per index generation. */
  private scopeOf(loaded: LoadedState, opts: SearchOptions): SearchScope | 'none' | undefined {
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

  /** Replaces every document that came from one source file (nothing, when `documents` is empty). */
  async replaceSource(sourcePath: string, hash: string, format: SourceFormat, documents: readonly SourceDocument[], ingestedAt: string): Promise<SourceChange> {
    return this.exclusive(async () => {
      await this.state.sync();
      const prepared = documents.map((doc) => ({ ...doc, key: documentKey(doc.meta.id, doc.meta.revision) }));
      const seen = new Set<string>();
      for (const doc of prepared) {
        if (seen.has(doc.key)) throw new DuplicateDocumentError(`${describe(doc.meta.id, doc.meta.revision)} appears more than once in this file`);
        seen.add(doc.key);
        const other = this.store.sourceOfKey(doc.key);
        if (other && other !== sourcePath) throw new DuplicateDocumentError(`${describe(doc.meta.id, doc.meta.revision)} is already ingested from ${other}`);
      }
      const inputs = prepared.flatMap((doc) => doc.chunks.map((c) => embeddingInput(doc.meta.title, c.section, c.text)));
      const vectors = inputs.length ? await this.embeddings.embedDocuments(inputs) : [];
      let v = 0;
      const withVectors: NewDocument[] = prepared.map((doc) => ({ ...doc, chunks: doc.chunks.map((c) => ({ ...c, vector: vectors[v++] ?? [] })) }));
      const before = this.state.loaded?.generation;
      const removedKeys = this.store.keysOfSource(sourcePath);
      const { removedIds, addedIds, generation, generationBefore } = this.store.db.transaction(() => {
        const generationBefore = this.store.generation();
        const removedIds = this.store.removeSource(sourcePath);
        const addedIds = withVectors.length ? this.store.insertSource(sourcePath, hash, format, ingestedAt, withVectors) : [];
        return { removedIds, addedIds, generation: this.store.bumpGeneration(this.embeddings.id), generationBefore };
      }).immediate();
      this.applyToMemory(before === generationBefore, generation, { removedKeys, removedIds, docs: withVectors, addedIds });
      return { added: withVectors.map((d) => d.key), removed: removedKeys, chunks: addedIds.flat().length };
    });
  }

  /** Removes the documents of a source file that is gone (`qloop ingest --prune`). */
  async removeSource(sourcePath: string): Promise<string[]> {
    return this.exclusive(async () => {
      await this.state.sync();
      const keys = this.store.keysOfSource(sourcePath);
      const before = this.state.loaded?.generation;
      const { removedIds, generation, generationBefore } = this.store.db.transaction(() => {
        const generationBefore = this.store.generation();
        return { removedIds: this.store.removeSource(sourcePath), generation: this.store.bumpGeneration(this.embeddings.id), generationBefore };
      }).immediate();
      this.applyToMemory(before === generationBefore, generation, { removedKeys: keys, removedIds, docs: [], addedIds: [] });
      return keys;
    });
  }

  private applyToMemory(inStep: boolean, generation: number, change: { removedKeys: string[]; removedIds: number[]; docs: NewDocument[]; addedIds: number[][] }): void {
    if (!inStep) {
      this.state.loaded = undefined; // another process wrote in between: resync from the database
      return;
    }
    for (const id of change.removedIds) this.state.vectors.remove(id);
    change.docs.forEach((doc, d) => doc.chunks.forEach((chunk, c) => {
      const id = change.addedIds[d]?.[c];
      if (id !== undefined) this.state.vectors.add(id, chunk.vector);
    }));
    this.state.applyChanges(generation, change.removedKeys, change.removedIds, change.docs.map((doc, d) => ({ key: doc.key, chunkIds: change.addedIds[d] ?? [] })));
    this.dirty = true;
  }

  /** Persists the HNSW graph after a batch of changes (an ingest run calls it once at the end). */
  async flush(): Promise<void> {
    await this.exclusive(async () => {
      const loaded = this.state.loaded;
      if (!this.dirty || !loaded) return;
      this.state.vectors.save({ generation: loaded.generation, embeddingsId: loaded.embeddingsId });
      this.dirty = false;
    });
  }

  /** Re-embeds (new provider) or rebuilds the vector index if needed; returns re-embedded chunks. */
  async prepare(): Promise<number> {
    return this.exclusive(() => this.state.sync());
  }

  sourceHash(sourcePath: string): string | undefined {
    return this.store.sourceHash(sourcePath);
  }

  sourcePaths(): string[] {
    return this.store.sourcePaths();
  }

  documents(): StoredDocument[] {
    return this.store.documents();
  }

  /** The revision a citation without one means: effective first, then draft, then the newest superseded. */
  document(docId: string, revision?: string): StoredDocument | undefined {
    if (revision !== undefined) return this.store.document(documentKey(docId, revision));
    const order = { effective: 0, draft: 1, superseded: 2 } as const;
    return this.store.revisions(docId).sort((a, b) => order[a.status] - order[b.status] || b.ingestedAt.localeCompare(a.ingestedAt) || b.revision.localeCompare(a.revision, undefined, { numeric: true }))[0];
  }

  pageText(doc: StoredDocument, page: number): string | undefined {
    return this.store.pageText(doc.key, page);
  }

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

const describe = (id: string, revision: string): string => (revision ? `${id} revision ${revision}` : id);
