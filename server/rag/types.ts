// Document knowledge types: what a controlled document is (EU GMP Chapter 4 document control:
// id, revision, effective date, status) and what a retrieval hit carries for a page citation.

export const DOC_TYPES = ['sop', 'work-instruction', 'guidance', 'deviation'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const DOC_STATUSES = ['effective', 'superseded', 'draft'] as const;
export type DocStatus = (typeof DOC_STATUSES)[number];

export type SourceFormat = 'pdf' | 'markdown' | 'text' | 'deviation';

export interface DocumentMeta {
  /** Document number, e.g. SOP-QC-001; for files without metadata the file name without extension. */
  id: string;
  title: string;
  type: DocType;
  /** Empty when the source does not state one (public guidance PDFs). */
  revision: string;
  effectiveDate?: string;
  status: DocStatus;
  /** Product ids the document applies to; `*` means every product. */
  products: string[];
  equipment: string[];
  tests: string[];
}

/** One printed page, 1-based physical page number. */
export interface PageText {
  page: number;
  text: string;
}

/** A document as parsed from a file, before chunking. */
export interface ParsedDocument {
  meta: DocumentMeta;
  format: SourceFormat;
  pages: PageText[];
  /** For one record out of a collection file (a deviation export): the record itself. */
  record?: unknown;
}

export interface ChunkDraft {
  page: number;
  /** Position within the document, 0-based. */
  seq: number;
  section?: string;
  text: string;
}

export interface SearchHit {
  docId: string;
  title: string;
  revision: string;
  type: DocType;
  status: DocStatus;
  page: number;
  chunkId: string;
  text: string;
  score: number;
  section?: string;
}

export type SearchMode = 'hybrid' | 'keyword' | 'vector';

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
  type?: DocType[];
  status?: DocStatus[];
  product?: string;
  includeSuperseded?: boolean;
}
