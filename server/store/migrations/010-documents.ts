// Document knowledge: controlled documents (one row per id and revision), their page texts for
// citations, retrieval chunks with their embedding, and the FTS5 keyword index. The HNSW
// vector index lives next to the database (<dataDir>/index/) and is rebuilt from the stored
// vectors whenever its generation does not match document_index_state.
import type { Migration } from './index';

export const m010Documents: Migration = {
  version: 10,
  name: 'documents',
  up(db) {
    db.exec(`
      CREATE TABLE document_sources (
        path TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        format TEXT NOT NULL,
        ingested_at TEXT NOT NULL
      );
      CREATE TABLE documents (
        key TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        revision TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('sop', 'work-instruction', 'guidance', 'deviation')),
        status TEXT NOT NULL CHECK (status IN ('effective', 'superseded', 'draft')),
        effective_date TEXT,
        products TEXT NOT NULL DEFAULT '[]',
        equipment TEXT NOT NULL DEFAULT '[]',
        tests TEXT NOT NULL DEFAULT '[]',
        format TEXT NOT NULL,
        source_path TEXT NOT NULL REFERENCES document_sources(path),
        record TEXT,
        page_count INTEGER NOT NULL,
        chunk_count INTEGER NOT NULL,
        ingested_at TEXT NOT NULL
      );
      CREATE INDEX documents_doc_id ON documents (doc_id);
      CREATE INDEX documents_source ON documents (source_path);
      CREATE TABLE document_pages (
        doc_key TEXT NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
        page INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (doc_key, page)
      ) WITHOUT ROWID;
      CREATE TABLE document_chunks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_key TEXT NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
        page INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        section TEXT,
        text TEXT NOT NULL,
        vector BLOB
      );
      CREATE INDEX document_chunks_doc ON document_chunks (doc_key, seq);
      CREATE VIRTUAL TABLE document_chunks_fts USING fts5(
        title, section, text,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER document_chunks_fts_delete AFTER DELETE ON document_chunks
        BEGIN DELETE FROM document_chunks_fts WHERE rowid = old.id; END;
      CREATE TABLE document_index_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      INSERT INTO document_index_state (key, value) VALUES ('generation', '0'), ('embeddings_id', '');
    `);
  },
};
