// Document control metadata (EU GMP Chapter 4.3: documents are identified, versioned and
// approved). Precedence: sidecar `<file>.meta.json`, then front matter, then what the file
// name and the file itself say; docs/documents.md documents the rules.
import path from 'node:path';
import { DOC_STATUSES, DOC_TYPES, type DocStatus, type DocType, type DocumentMeta } from './types';

export class MetadataError extends Error {}

export interface MetadataSources {
  filePath: string;
  /** Front matter fields, then sidecar fields over them. */
  declared: Record<string, unknown>;
  /** A title the file carries itself: the PDF's Title property, the first Markdown heading. */
  extractedTitle?: string;
  /** `qloop ingest --type`: the type of documents that do not declare one. */
  defaultType?: DocType;
}

const TYPE_ALIASES: Record<string, DocType> = {
  sop: 'sop', 'standard-operating-procedure': 'sop', procedure: 'sop',
  'work-instruction': 'work-instruction', wi: 'work-instruction', instruction: 'work-instruction',
  guidance: 'guidance', guideline: 'guidance', regulation: 'guidance', guide: 'guidance',
  deviation: 'deviation', dev: 'deviation', 'deviation-report': 'deviation',
};
const STATUS_ALIASES: Record<string, DocStatus> = {
  effective: 'effective', current: 'effective', approved: 'effective', active: 'effective', released: 'effective',
  superseded: 'superseded', obsolete: 'superseded', retired: 'superseded', withdrawn: 'superseded', archived: 'superseded',
  draft: 'draft', 'in-review': 'draft', review: 'draft',
};
const PREFIX_TYPES: Record<string, DocType> = { SOP: 'sop', WI: 'work-instruction', DEV: 'deviation' };

/** A controlled-document number at the start of a file name: SOP-QC-001, WI-PRD-030, DEV-2024-003. */
const NUMBERED_NAME = /^(?<id>[A-Z]{2,6}(?:-[A-Z0-9]+)*-[A-Z]*\d[A-Z0-9]*)(?:[ _]+(?:rev(?:ision)?|r)[ _.-]?(?<rev>[0-9][0-9A-Za-z.]*))?(?:[ _]+(?<title>.+))?$/;
/** PDF Title properties that are file-management leftovers, not titles. */
const JUNK_TITLE = /(\bfinal\b|\bclean\b|\.docx?\b|microsoft|untitled|^guidance for industry$|^document\d*$)/i;

export function resolveMetadata(src: MetadataSources): DocumentMeta {
  const d = src.declared;
  const baseName = path.basename(src.filePath).replace(/\.(pdf|md|markdown|txt|text)$/i, '');
  const named = NUMBERED_NAME.exec(baseName)?.groups;
  const id = str(d, 'id', 'document_id', 'documentId', 'number') || named?.id || baseName;
  if (!/^[\w.@-]+$/.test(id)) throw new MetadataError(`id "${id}": use letters, digits, dot, dash and underscore only`);
  const declaredType = str(d, 'type', 'doc_type', 'docType', 'kind');
  const type = declaredType ? alias(TYPE_ALIASES, declaredType, 'type', DOC_TYPES) : (PREFIX_TYPES[id.split('-')[0] ?? ''] ?? src.defaultType ?? 'guidance');
  const declaredStatus = str(d, 'status', 'state');
  const status = declaredStatus ? alias(STATUS_ALIASES, declaredStatus, 'status', DOC_STATUSES) : 'effective';
  const effectiveDate = str(d, 'effective_date', 'effectiveDate', 'effective');
  if (effectiveDate && !/^\d{4}-\d{2}-\d{2}/.test(effectiveDate)) throw new MetadataError(`effective_date "${effectiveDate}": expected YYYY-MM-DD`);
  const extracted = src.extractedTitle?.replace(/\s+/g, ' ').trim();
  const title = str(d, 'title') || named?.title?.replace(/[_]+/g, ' ').trim() || (extracted && extracted.length >= 8 && !JUNK_TITLE.test(extracted) ? extracted : '') || titleFromFileName(baseName);
  return {
    id,
    title,
    type,
    revision: str(d, 'revision', 'rev', 'version') || named?.rev || '',
    ...(effectiveDate ? { effectiveDate: effectiveDate.slice(0, 10) } : {}),
    status,
    products: list(d, 'products', 'product'),
    equipment: list(d, 'equipment'),
    tests: list(d, 'tests', 'test'),
  };
}

/** "Investigating_OOS_Test_Results" -> "Investigating OOS Test Results"; hyphens count as spaces only when nothing else does. */
export function titleFromFileName(baseName: string): string {
  const spaced = /[ _]/.test(baseName) ? baseName.replace(/_+/g, ' ') : baseName.replace(/--+/g, ': ').replace(/-/g, ' ');
  return spaced.replace(/\s+/g, ' ').trim();
}

function str(d: Record<string, unknown>, ...keys: string[]): string {
  for (const key of keys) {
    const value = d[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (typeof value === 'number') return String(value);
  }
  return '';
}

function list(d: Record<string, unknown>, ...keys: string[]): string[] {
  for (const key of keys) {
    const value = d[key];
    if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
    if (typeof value === 'string' && value.trim()) return value.split(/[,;]/).map((v) => v.trim()).filter(Boolean);
  }
  return [];
}

function alias<T extends string>(table: Record<string, T>, raw: string, field: string, allowed: readonly T[]): T {
  const found = table[raw.trim().toLowerCase().replace(/[\s_]+/g, '-')];
  if (!found) throw new MetadataError(`${field} "${raw}": expected one of ${allowed.join(', ')}`);
  return found;
}
