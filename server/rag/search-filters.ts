// Which documents a search may return (type, status, product; superseded revisions only when
// asked for, EU GMP Chapter 4.12: only the current approved version is used), and the exact
// cosine search used when a filter leaves too few chunks for a graph walk to be reliable.
import type { StoredDocument } from './store/document-store';
import type { DocStatus, SearchOptions } from './types';

/** Keys of the allowed documents, or undefined when every document is allowed (no filter needed). */
export function selectDocuments(documents: ReadonlyMap<string, StoredDocument>, opts: SearchOptions): string[] | undefined {
  const statuses: ReadonlySet<DocStatus> = new Set(
    opts.status?.length ? opts.status : opts.includeSuperseded ? ['effective', 'draft', 'superseded'] : ['effective', 'draft'],
  );
  const types = opts.type?.length ? new Set(opts.type) : undefined;
  const product = opts.product?.trim().toLowerCase();
  const allowed: string[] = [];
  for (const doc of documents.values()) {
    if (!statuses.has(doc.status)) continue;
    if (types && !types.has(doc.type)) continue;
    // A document that names no product (or `*`) is not product specific: it applies to every product.
    if (product && doc.products.length > 0 && !doc.products.some((p) => p === '*' || p.toLowerCase() === product)) continue;
    allowed.push(doc.key);
  }
  return allowed.length === documents.size ? undefined : allowed;
}

export function exactSearch(query: readonly number[], candidates: readonly { id: number; vector: Float32Array }[], k: number): { id: number; score: number }[] {
  let qNorm = 0;
  for (const q of query) qNorm += q * q;
  qNorm = Math.sqrt(qNorm) || 1;
  const scored = candidates.map(({ id, vector }) => {
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < vector.length; i++) {
      const x = vector[i] ?? 0;
      dot += x * (query[i] ?? 0);
      norm += x * x;
    }
    return { id, score: dot / (qNorm * (Math.sqrt(norm) || 1)) };
  });
  return scored.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
}
