// Citations of an answer: the records and passages the successful tool calls returned (LIMS
// results, MES records, specifications, SOP pages with revision, deviation reports).
import type { Citation } from '../realtime/contract';
import type { ToolResultRecord } from './turn';

export function citationsOf(results: readonly ToolResultRecord[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const result of results) {
    let body: { ok?: boolean; sources?: unknown } | undefined;
    try {
      body = JSON.parse(result.content) as { ok?: boolean; sources?: unknown };
    } catch {
      continue;
    }
    if (!body?.ok || !Array.isArray(body.sources)) continue;
    for (const source of body.sources as Partial<Citation>[]) {
      if (typeof source.docId !== 'string' || typeof source.title !== 'string') continue;
      const key = `${source.docId}@${source.revision ?? ''}#${source.page ?? ''}`;
      if (!seen.has(key)) {
        seen.set(key, {
          docId: source.docId,
          title: source.title,
          ...(typeof source.revision === 'string' && source.revision ? { revision: source.revision } : {}),
          ...(typeof source.page === 'number' ? { page: source.page } : {}),
          ...(typeof source.url === 'string' ? { url: source.url } : {}),
        });
      }
    }
  }
  return [...seen.values()];
}
