// Picks the parser by file extension and applies document control metadata (sidecar, front
// matter, file name) to what it read. One file may hold many documents (deviation exports).
import path from 'node:path';
import { MetadataError, resolveMetadata } from '../metadata';
import type { DocType, ParsedDocument, SourceFormat } from '../types';
import { deviationsFromCsv, deviationsFromJson } from './deviations';
import { parseMarkdown } from './markdown';
import { parsePdf } from './pdf';
import { parsePlainText } from './plain-text';
import { SourceError } from './source-error';

export { SourceError } from './source-error';

const FORMATS: Record<string, SourceFormat> = {
  '.pdf': 'pdf', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'text', '.text': 'text', '.json': 'deviation', '.csv': 'deviation',
};

/** Extensions `qloop ingest` picks up when it walks a folder. */
export const INGESTIBLE_EXTENSIONS: readonly string[] = Object.keys(FORMATS);

/** `<file>.meta.json` sidecars describe another file; they are never documents themselves. */
export const isSidecar = (filePath: string): boolean => /\.meta\.json$/i.test(filePath);

export function formatOf(filePath: string): SourceFormat | undefined {
  if (isSidecar(filePath)) return undefined;
  return FORMATS[path.extname(filePath).toLowerCase()];
}

export interface ParseInput {
  filePath: string;
  bytes: Uint8Array;
  /** Parsed sidecar fields, when the file has one. */
  sidecar?: Record<string, unknown>;
  defaultType?: DocType;
}

export async function parseSource(input: ParseInput): Promise<ParsedDocument[]> {
  const format = formatOf(input.filePath);
  if (!format) throw new SourceError(`unsupported file type "${path.extname(input.filePath)}" (supported: ${INGESTIBLE_EXTENSIONS.join(', ')})`);
  const utf8 = () => Buffer.from(input.bytes).toString('utf8');
  if (format === 'deviation') {
    return input.filePath.toLowerCase().endsWith('.csv') ? deviationsFromCsv(utf8()) : deviationsFromJson(utf8());
  }
  let content: { pages: ParsedDocument['pages']; title?: string; fields?: Record<string, unknown> };
  if (format === 'pdf') content = await parsePdf(input.bytes);
  else if (format === 'markdown') content = parseMarkdown(utf8());
  else content = parsePlainText(utf8());
  try {
    const meta = resolveMetadata({
      filePath: input.filePath,
      declared: { ...(content.fields ?? {}), ...(input.sidecar ?? {}) },
      ...(content.title ? { extractedTitle: content.title } : {}),
      ...(input.defaultType ? { defaultType: input.defaultType } : {}),
    });
    return [{ meta, format, pages: content.pages }];
  } catch (err) {
    if (err instanceof MetadataError) throw new SourceError(`metadata: ${err.message}`);
    throw err;
  }
}
