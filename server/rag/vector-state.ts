// Keeps the in-memory HNSW graph in step with SQLite, which is the record: loads the persisted
// graph when its stamp matches the index generation, otherwise rebuilds it from the stored
// vectors, and re-embeds every chunk when the embedding provider changed (a vector from one
// model means nothing to another).
import type { Embeddings } from '../ports/embeddings';
import type { DocumentStore, StoredDocument } from './store/document-store';
import { VectorIndex, type HnswParams } from './vector-index';

const REEMBED_BATCH = 64;

export interface LoadedState {
  generation: number;
  embeddingsId: string;
  /** Chunk id to document key: HNSW filters see labels only. */
  chunkDoc: Map<number, string>;
  documents: Map<string, StoredDocument>;
}

export class VectorState {
  readonly vectors: VectorIndex;
  loaded?: LoadedState;

  constructor(private readonly store: DocumentStore, private readonly embeddings: Embeddings, indexDir: string, params?: HnswParams) {
    this.vectors = new VectorIndex(indexDir, params);
  }

  isCurrent(): boolean {
    return this.loaded !== undefined && this.loaded.generation === this.store.generation() && this.loaded.embeddingsId === this.embeddings.id;
  }

  /** Brings memory up to the database; returns how many chunks had to be re-embedded. */
  async sync(): Promise<number> {
    if (this.isCurrent()) return 0;
    let reembedded = 0;
    if (this.store.embeddingsId() !== this.embeddings.id && this.store.chunkCount() > 0) reembedded = await this.reembed();
    const generation = this.store.generation();
    if (!this.vectors.load({ generation, embeddingsId: this.embeddings.id })) {
      this.rebuild();
      this.vectors.save({ generation, embeddingsId: this.embeddings.id });
    }
    this.reloadMaps(generation);
    return reembedded;
  }

  reloadMaps(generation: number): void {
    const chunkDoc = new Map<number, string>();
    for (const row of this.store.db.prepare('SELECT id, doc_key FROM document_chunks').raw().iterate() as Iterable<[number, string]>) chunkDoc.set(row[0], row[1]);
    const documents = new Map(this.store.documents().map((d) => [d.key, d]));
    this.loaded = { generation, embeddingsId: this.embeddings.id, chunkDoc, documents };
  }

  /** Applies one committed source change to the maps without re-reading the whole index. */
  applyChanges(generation: number, removedKeys: readonly string[], removedChunkIds: readonly number[], added: readonly { key: string; chunkIds: readonly number[] }[]): void {
    const loaded = this.loaded;
    if (!loaded) return;
    for (const id of removedChunkIds) loaded.chunkDoc.delete(id);
    for (const key of removedKeys) loaded.documents.delete(key);
    for (const { key, chunkIds } of added) {
      for (const id of chunkIds) loaded.chunkDoc.set(id, key);
      const doc = this.store.document(key);
      if (doc) loaded.documents.set(key, doc);
    }
    loaded.generation = generation;
  }

  private rebuild(): void {
    const count = this.store.chunkCount();
    let started = false;
    for (const { id, vector } of this.store.vectors()) {
      if (!vector) continue;
      if (!started) {
        this.vectors.reset(vector.length, Math.ceil(count * 1.25));
        started = true;
      }
      this.vectors.add(id, vector);
    }
    if (!started) this.vectors.reset(0, 0);
  }

  private async reembed(): Promise<number> {
    let afterId = 0;
    let done = 0;
    for (;;) {
      const batch = this.store.embeddingInputs(afterId, REEMBED_BATCH);
      if (batch.length === 0) break;
      const vectors = await this.embeddings.embedDocuments(batch.map((b) => b.input));
      this.store.db.transaction(() => batch.forEach((b, i) => this.store.setVector(b.id, vectors[i] ?? [])))();
      afterId = batch.at(-1)?.id ?? afterId;
      done += batch.length;
    }
    this.store.db.transaction(() => this.store.bumpGeneration(this.embeddings.id)).immediate();
    return done;
  }
}
