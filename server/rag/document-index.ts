// The document index the copilot searches: hybrid retrieval (FTS5 BM25 + HNSW vectors fused by
// reciprocal rank), filters by type, status and product, superseded revisions left out unless
// asked for, and every hit carrying document id, revision and page for the citation.
import path from 'node:path';
import type { Embeddings } from '../ports/embeddings';
import type { Db } from '../store/database';
import { reciprocalRankFusion, RRF_K } from './fusion';
import { TermRarity } from './term-rarity';
import { cleanExtractedText } from './text';
import { DocumentStore, embeddingInput, type NewDocument, type StoredDocument } from './store/document-store';
import type { ChunkDraft, DocumentMeta, PageText, SearchHit, SearchOptions, SourceFormat } from './types';
import { DEFAULT_HNSW, type HnswParams } from './vector-index';
import { VectorState } from './vector-state';
import { CandidateSearch } from './candidate-search';

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
  private readonly candidates: CandidateSearch;
  private queue: Promise<unknown> = Promise.resolve();
  private dirty = false;

  constructor(deps: DocumentIndexDeps) {
    this.store = new DocumentStore(deps.db);
    this.embeddings = deps.embeddings;
    this.rarity = new TermRarity(deps.db);
    this.tuning = { ...DEFAULT_RETRIEVAL, ...deps.retrieval };
    this.state = new VectorState(this.store, deps.embeddings, path.join(deps.dataDir, 'index'), { ...DEFAULT_HNSW, ...deps.hnsw });
    this.candidates = new CandidateSearch(this.store, this.state, this.rarity, deps.embeddings, this.tuning.keywordWeights);
  }

  async search(question: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const query = cleanExtractedText(question);
    const k = Math.max(1, Math.min(opts.k ?? 5, 100));
    const mode = opts.mode ?? 'hybrid';
    if (!this.state.isCurrent()) await this.exclusive(() => this.state.sync());
    const loaded = this.state.loaded;
    if (!loaded || !query.trim()) return [];
    const scope = this.candidates.scopeOf(loaded, opts);
    if (scope === 'none') return [];
    const depth = mode === 'hybrid' ? Math.max(this.tuning.depth, k * 4) : k;
    const keyword = mode === 'vector' ? [] : this.candidates.keyword(loaded, query, depth, scope, mode === 'hybrid' ? 'skip' : 'search');
    const vector = mode === 'keyword' ? [] : await this.candidates.vector(loaded, query, depth, scope);
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
