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
import { VectorState } from './vector-state';
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
    const allowed = selectDocuments(loaded.documents, opts);
    if (allowed && allowed.length === 0) return [];
    const depth = mode === 'hybrid' ? Math.max(this.tuning.depth, k * 4) : k;
    const keyword = mode === 'vector' ? [] : this.keywordIds(query, depth, allowed);
    const vector = mode === 'keyword' ? [] : await this.vectorIds(query, depth, allowed);
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

  private keywordIds(query: string, depth: number, allowed: string[] | undefined): { id: number; score: number }[] {
    const match = ftsMatchExpression(query);
    if (!match) return [];
    return this.store.keywordSearch(match, depth, allowed, this.tuning.keywordWeights).map((r) => ({ id: r.id, score: -r.rank }));
  }

  private async vectorIds(query: string, depth: number, allowed: string[] | undefined): Promise<{ id: number; score: number }[]> {
    const loaded = this.state.loaded;
    if (!loaded || this.state.vectors.size === 0) return [];
    const embeddings = this.embeddings;
    const vector = supportsWeightedQueries(embeddings) ? await embeddings.embedWeightedQuery(query, this.rarity.weigher(loaded.generation)) : await embeddings.embedQuery(query);
    if (allowed) {
      const allowedChunks = allowed.reduce((n, key) => n + (loaded.documents.get(key)?.chunkCount ?? 0), 0);
      if (allowedChunks <= EXACT_SEARCH_LIMIT) return exactSearch(vector, this.store.vectorsOfDocuments(allowed), depth);
      const keys = new Set(allowed);
      return this.state.vectors.search(vector, depth, (id) => keys.has(loaded.chunkDoc.get(id) ?? '')).map((m) => ({ id: m.id, score: m.similarity }));
    }
    return this.state.vectors.search(vector, depth).map((m) => ({ id: m.id, score: m.similarity }));
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
      this.applyToMemory(before === generationBefore, removedIds, withVectors, addedIds, generation);
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
      this.applyToMemory(before === generationBefore, removedIds, [], [], generation);
      return keys;
    });
  }

  private applyToMemory(inStep: boolean, removedIds: number[], docs: NewDocument[], addedIds: number[][], generation: number): void {
    if (!inStep) {
      this.state.loaded = undefined; // another process wrote in between: resync from the database
      return;
    }
    for (const id of removedIds) this.state.vectors.remove(id);
    docs.forEach((doc, d) => doc.chunks.forEach((chunk, c) => {
      const id = addedIds[d]?.[c];
      if (id !== undefined) this.state.vectors.add(id, chunk.vector);
    }));
    this.state.reloadMaps(generation);
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
