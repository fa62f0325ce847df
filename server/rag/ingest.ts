// One ingest run: files to parse, clean, chunk, embed and index. Incremental by content hash
// (unchanged files are skipped, changed ones replaced), `prune` drops documents whose file is
// gone, and a file that cannot be read is reported with its reason while the rest goes on.
// Each added, replaced or removed document is an audit record (document control, EU GMP 4.3).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AuditActor } from '../domain/audit';
import type { AuditLog } from '../ports/audit-log';
import { chunkPages, type ChunkingOptions } from './chunker';
import { discoverFiles } from './discover';
import { DuplicateDocumentError, documentKey, type DocumentIndex, type SourceDocument } from './document-index';
import { formatOf, parseSource, SourceError } from './parsers';
import { cleanExtractedText, stripLineNumbers, wordVocabulary } from './text';
import type { DocType, ParsedDocument } from './types';

/** Bump when parsing or chunking changes, so the next run re-ingests every file. */
export const PIPELINE_VERSION = 'ingest-1';

export interface IngestOptions {
  /** Files, folders and globs, relative to `cwd`. */
  paths: readonly string[];
  prune?: boolean;
  /** Type of documents that declare none (default: from the id prefix, else guidance). */
  type?: DocType;
  cwd?: string;
  now?: () => string;
  audit?: AuditLog;
  actor?: AuditActor;
  onProgress?: (progress: IngestProgress) => void;
  /** Chunk sizes other than the defaults (part of the content hash: a change re-ingests). */
  chunking?: Partial<ChunkingOptions>;
}

export interface IngestProgress {
  done: number;
  total: number;
  file: string;
}

export interface IngestSummary {
  files: number;
  /** Documents added or replaced in this run. */
  documents: number;
  pages: number;
  chunks: number;
  added: string[];
  replaced: string[];
  removed: string[];
  /** Files whose content hash had not changed. */
  skipped: string[];
  failed: { path: string; reason: string }[];
  /** Chunks re-embedded because the embedding provider changed. */
  reembedded: number;
}

export async function ingestDocuments(index: DocumentIndex, opts: IngestOptions): Promise<IngestSummary> {
  const now = opts.now ?? (() => new Date().toISOString());
  const actor = opts.actor ?? { type: 'component', id: 'ingest' };
  const summary: IngestSummary = { files: 0, documents: 0, pages: 0, chunks: 0, added: [], replaced: [], removed: [], skipped: [], failed: [], reembedded: 0 };
  const { files, missing } = discoverFiles(opts.paths, opts.cwd);
  summary.failed.push(...missing);
  summary.files = files.length;
  summary.reembedded = await index.prepare();
  let done = 0;
  for (const file of files) {
    opts.onProgress?.({ done, total: files.length, file });
    try {
      await ingestFile(index, file, opts, summary, now);
    } catch (err) {
      const known = err instanceof SourceError || err instanceof DuplicateDocumentError;
      summary.failed.push({ path: file, reason: known ? err.message : `unexpected error: ${(err as Error).message}` });
    }
    opts.onProgress?.({ done: ++done, total: files.length, file });
  }
  if (opts.prune) {
    for (const source of index.sourcePaths()) {
      if (fs.existsSync(source)) continue;
      const keys = await index.removeSource(source);
      summary.removed.push(...keys);
      for (const key of keys) await opts.audit?.append({ actor, action: 'document.removed', subject: { type: 'document', id: key }, reason: `source file ${source} no longer exists (ingest --prune)` });
    }
  }
  await index.flush();
  return summary;
}

async function ingestFile(index: DocumentIndex, file: string, opts: IngestOptions, summary: IngestSummary, now: () => string): Promise<void> {
  const format = formatOf(file);
  if (!format) throw new SourceError('not a document ingest reads (PDF, Markdown, text, deviation JSON or CSV)');
  const bytes = fs.readFileSync(file);
  const sidecarPath = [`${file}.meta.json`, file.replace(/\.[^.]+$/, '.meta.json')].find((p) => fs.existsSync(p));
  const sidecarBytes = sidecarPath ? fs.readFileSync(sidecarPath) : undefined;
  const hash = createHash('sha256').update(PIPELINE_VERSION).update(opts.type ?? '').update(JSON.stringify(opts.chunking ?? {})).update(bytes).update(sidecarBytes ?? '').digest('hex');
  if (index.sourceHash(file) === hash) {
    summary.skipped.push(file);
    return;
  }
  let sidecar: Record<string, unknown> | undefined;
  if (sidecarBytes) {
    try {
      sidecar = JSON.parse(sidecarBytes.toString('utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new SourceError(`sidecar ${sidecarPath}: not valid JSON (${(err as Error).message})`);
    }
  }
  const parsed = await parseSource({ filePath: file, bytes, ...(sidecar ? { sidecar } : {}), ...(opts.type ? { defaultType: opts.type } : {}) });
  const documents = parsed.map((doc) => prepareDocument(doc, opts.chunking));
  // A document whose previous file is gone has moved: its old copy gives way.
  for (const doc of documents) {
    const previous = index.store.sourceOfKey(documentKey(doc.meta.id, doc.meta.revision));
    if (previous && previous !== file && !fs.existsSync(previous)) await index.removeSource(previous);
  }
  const change = await index.replaceSource(file, hash, format, documents, now());
  const previous = new Set(change.removed);
  const actor = opts.actor ?? { type: 'component', id: 'ingest' };
  for (const doc of documents) {
    const key = documentKey(doc.meta.id, doc.meta.revision);
    const replaced = previous.has(key);
    (replaced ? summary.replaced : summary.added).push(key);
    summary.documents++;
    summary.pages += doc.pages.length;
    summary.chunks += doc.chunks.length;
    await opts.audit?.append({
      actor,
      action: replaced ? 'document.replaced' : 'document.ingested',
      subject: { type: 'document', id: key },
      after: { id: doc.meta.id, revision: doc.meta.revision, title: doc.meta.title, type: doc.meta.type, status: doc.meta.status, pages: doc.pages.length, chunks: doc.chunks.length, source: file, sha256: hash },
    });
  }
  for (const key of change.removed.filter((k) => !documents.some((d) => documentKey(d.meta.id, d.meta.revision) === k))) {
    summary.removed.push(key);
    await opts.audit?.append({ actor, action: 'document.removed', subject: { type: 'document', id: key }, reason: `no longer in ${file}` });
  }
}

function prepareDocument(doc: ParsedDocument, chunking: Partial<ChunkingOptions> = {}): SourceDocument {
  const raw = doc.format === 'pdf' ? doc.pages.map((p) => ({ page: p.page, text: stripLineNumbers(p.text) })) : doc.pages;
  const vocabulary = wordVocabulary(raw.map((p) => p.text).join('\n'));
  const pages = raw.map((p) => ({ page: p.page, text: cleanExtractedText(p.text, vocabulary) }));
  const chunks = chunkPages(pages, { ...chunking, markdown: doc.format === 'markdown' });
  return { meta: doc.meta, format: doc.format, pages, chunks, ...(doc.record !== undefined ? { record: doc.record } : {}) };
}
