// SQLite side of the document index: sources, documents, pages, chunks with their vectors,
// the FTS5 keyword index and the index generation. All statements live here.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../store/database';
import type { DocStatus, DocType, DocumentMeta, PageText, SourceFormat } from '../types';

export interface StoredDocument extends DocumentMeta {
  key: string;
  format: SourceFormat;
  sourcePath: string;
  pageCount: number;
  chunkCount: number;
  ingestedAt: string;
  record?: unknown;
}

export interface ChunkRow {
  id: number;
  docKey: string;
  page: number;
  seq: number;
  section: string | null;
  text: string;
}

export interface NewDocument {
  key: string;
  meta: DocumentMeta;
  format: SourceFormat;
  pages: PageText[];
  record?: unknown;
  chunks: { page: number; seq: number; section?: string; text: string; vector: number[] }[];
}

interface DocumentRow {
  key: string; doc_id: string; revision: string; title: string; type: DocType; status: DocStatus; effective_date: string | null;
  products: string; equipment: string; tests: string; format: SourceFormat; source_path: string; record: string | null;
  page_count: number; chunk_count: number; ingested_at: string;
}

export const vectorToBlob = (vector: readonly number[]): Buffer => Buffer.from(new Float32Array(vector).buffer);
export const blobToVector = (blob: Buffer): Float32Array => new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));

export class DocumentStore {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Db) {}

  /** Prepared once per connection: preparing costs more than running most of these queries. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  sourceHash(sourcePath: string): string | undefined {
    return this.sql('SELECT hash FROM document_sources WHERE path = ?').pluck().get(sourcePath) as string | undefined;
  }

  sourcePaths(): string[] {
    return this.sql('SELECT path FROM document_sources ORDER BY path').pluck().all() as string[];
  }

  /** Keys of the documents a source file produced. */
  keysOfSource(sourcePath: string): string[] {
    return this.sql('SELECT key FROM documents WHERE source_path = ? ORDER BY key').pluck().all(sourcePath) as string[];
  }

  sourceOfKey(key: string): string | undefined {
    return this.sql('SELECT source_path FROM documents WHERE key = ?').pluck().get(key) as string | undefined;
  }

  /** Removes a source and its documents; returns the chunk ids that were removed. Call inside a transaction. */
  removeSource(sourcePath: string): number[] {
    const ids = this.db
      .prepare('SELECT c.id FROM document_chunks c JOIN documents d ON d.key = c.doc_key WHERE d.source_path = ?')
      .pluck()
      .all(sourcePath) as number[];
    this.sql('DELETE FROM document_chunks WHERE doc_key IN (SELECT key FROM documents WHERE source_path = ?)').run(sourcePath);
    this.sql('DELETE FROM document_pages WHERE doc_key IN (SELECT key FROM documents WHERE source_path = ?)').run(sourcePath);
    this.sql('DELETE FROM documents WHERE source_path = ?').run(sourcePath);
    this.sql('DELETE FROM document_sources WHERE path = ?').run(sourcePath);
    return ids;
  }

  /** Records a source and inserts its documents; returns the new chunk ids in input order. Call inside a transaction. */
  insertSource(sourcePath: string, hash: string, format: SourceFormat, ingestedAt: string, documents: readonly NewDocument[]): number[][] {
    this.sql('INSERT INTO document_sources (path, hash, format, ingested_at) VALUES (?, ?, ?, ?)').run(sourcePath, hash, format, ingestedAt);
    const insertDoc = this.sql(`INSERT INTO documents (key, doc_id, revision, title, type, status, effective_date, products, equipment, tests,
      format, source_path, record, page_count, chunk_count, ingested_at) VALUES (@key, @docId, @revision, @title, @type, @status, @effectiveDate,
      @products, @equipment, @tests, @format, @sourcePath, @record, @pageCount, @chunkCount, @ingestedAt)`);
    const insertPage = this.sql('INSERT INTO document_pages (doc_key, page, text) VALUES (?, ?, ?)');
    const insertChunk = this.sql('INSERT INTO document_chunks (doc_key, page, seq, section, text, vector) VALUES (?, ?, ?, ?, ?, ?)');
    const insertFts = this.sql('INSERT INTO document_chunks_fts (rowid, title, section, text) VALUES (?, ?, ?, ?)');
    return documents.map((doc) => {
      const m = doc.meta;
      insertDoc.run({
        key: doc.key, docId: m.id, revision: m.revision, title: m.title, type: m.type, status: m.status, effectiveDate: m.effectiveDate ?? null,
        products: JSON.stringify(m.products), equipment: JSON.stringify(m.equipment), tests: JSON.stringify(m.tests), format: doc.format,
        sourcePath, record: doc.record === undefined ? null : JSON.stringify(doc.record), pageCount: doc.pages.length, chunkCount: doc.chunks.length, ingestedAt,
      });
      for (const page of doc.pages) insertPage.run(doc.key, page.page, page.text);
      return doc.chunks.map((chunk) => {
        const id = Number(insertChunk.run(doc.key, chunk.page, chunk.seq, chunk.section ?? null, chunk.text, vectorToBlob(chunk.vector)).lastInsertRowid);
        insertFts.run(id, m.title, chunk.section ?? '', chunk.text);
        return id;
      });
    });
  }

  generation(): number {
    return Number(this.sql("SELECT value FROM document_index_state WHERE key = 'generation'").pluck().get() ?? 0);
  }

  embeddingsId(): string {
    return String(this.sql("SELECT value FROM document_index_state WHERE key = 'embeddings_id'").pluck().get() ?? '');
  }

  /** Bumps the generation (and records the embedding provider); returns the new generation. Call inside a transaction. */
  bumpGeneration(embeddingsId: string): number {
    const next = this.generation() + 1;
    const set = this.sql('INSERT INTO document_index_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    set.run('generation', String(next));
    set.run('embeddings_id', embeddingsId);
    return next;
  }

  chunkCount(): number {
    return Number(this.sql('SELECT count(*) FROM document_chunks').pluck().get());
  }

  /** Every chunk with its vector, for rebuilding the HNSW index. */
  *vectors(): Generator<{ id: number; docKey: string; vector: Float32Array | undefined }> {
    const rows = this.sql('SELECT id, doc_key AS docKey, vector FROM document_chunks ORDER BY id').iterate() as Iterable<{ id: number; docKey: string; vector: Buffer | null }>;
    for (const row of rows) yield { id: row.id, docKey: row.docKey, vector: row.vector ? blobToVector(row.vector) : undefined };
  }

  vectorsOfDocuments(keys: readonly string[]): { id: number; vector: Float32Array }[] {
    const rows = this.db
      .prepare('SELECT id, vector FROM document_chunks WHERE doc_key IN (SELECT value FROM json_each(?)) AND vector IS NOT NULL')
      .all(JSON.stringify(keys)) as { id: number; vector: Buffer }[];
    return rows.map((r) => ({ id: r.id, vector: blobToVector(r.vector) }));
  }

  /** Chunk texts in the form they are embedded, in id order, from `afterId` on. */
  embeddingInputs(afterId: number, limit: number): { id: number; input: string }[] {
    const rows = this.db
      .prepare('SELECT c.id, d.title, c.section, c.text FROM document_chunks c JOIN documents d ON d.key = c.doc_key WHERE c.id > ? ORDER BY c.id LIMIT ?')
      .all(afterId, limit) as { id: number; title: string; section: string | null; text: string }[];
    return rows.map((r) => ({ id: r.id, input: embeddingInput(r.title, r.section ?? undefined, r.text) }));
  }

  setVector(id: number, vector: readonly number[]): void {
    this.sql('UPDATE document_chunks SET vector = ? WHERE id = ?').run(vectorToBlob(vector), id);
  }

  chunks(ids: readonly number[]): ChunkRow[] {
    if (ids.length === 0) return [];
    return this.db
      .prepare('SELECT id, doc_key AS docKey, page, seq, section, text FROM document_chunks WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as ChunkRow[];
  }

  /** FTS5 BM25 ranking (lower is better) over chunks of the allowed documents (undefined: all). */
  keywordSearch(match: string, limit: number, allowedKeys: readonly string[] | undefined, weights: readonly [number, number, number]): { id: number; rank: number }[] {
    const [wTitle, wSection, wText] = weights;
    if (!allowedKeys) {
      return this.db
        .prepare(`SELECT rowid AS id, bm25(document_chunks_fts, ${wTitle}, ${wSection}, ${wText}) AS rank FROM document_chunks_fts
          WHERE document_chunks_fts MATCH ? ORDER BY rank LIMIT ?`)
        .all(match, limit) as { id: number; rank: number }[];
    }
    return this.db
      // CROSS JOIN keeps the FTS5 match as the outer loop (SQLite does not reorder it), so the
      // filter costs one primary-key lookup per matching chunk.
      .prepare(`SELECT f.rowid AS id, bm25(document_chunks_fts, ${wTitle}, ${wSection}, ${wText}) AS rank FROM document_chunks_fts f
        CROSS JOIN document_chunks c ON c.id = f.rowid WHERE document_chunks_fts MATCH ? AND c.doc_key IN (SELECT value FROM json_each(?)) ORDER BY rank LIMIT ?`)
      .all(match, JSON.stringify(allowedKeys), limit) as { id: number; rank: number }[];
  }

  documents(): StoredDocument[] {
    return (this.sql('SELECT * FROM documents ORDER BY doc_id, revision').all() as DocumentRow[]).map(toDocument);
  }

  document(key: string): StoredDocument | undefined {
    const row = this.sql('SELECT * FROM documents WHERE key = ?').get(key) as DocumentRow | undefined;
    return row ? toDocument(row) : undefined;
  }

  /** Every stored revision of a document id. */
  revisions(docId: string): StoredDocument[] {
    return (this.sql('SELECT * FROM documents WHERE doc_id = ?').all(docId) as DocumentRow[]).map(toDocument);
  }

  pageText(key: string, page: number): string | undefined {
    return this.sql('SELECT text FROM document_pages WHERE doc_key = ? AND page = ?').pluck().get(key, page) as string | undefined;
  }
}

/** What the embedding of a chunk sees: the document title and section give a passage its topic. */
export function embeddingInput(title: string, section: string | undefined, text: string): string {
  return [title, section, text].filter(Boolean).join('\n');
}

function toDocument(row: DocumentRow): StoredDocument {
  return {
    key: row.key, id: row.doc_id, revision: row.revision, title: row.title, type: row.type, status: row.status,
    ...(row.effective_date ? { effectiveDate: row.effective_date } : {}),
    products: JSON.parse(row.products) as string[], equipment: JSON.parse(row.equipment) as string[], tests: JSON.parse(row.tests) as string[],
    format: row.format, sourcePath: row.source_path, pageCount: row.page_count, chunkCount: row.chunk_count, ingestedAt: row.ingested_at,
    ...(row.record !== null ? { record: JSON.parse(row.record) as unknown } : {}),
  };
}
