// Reading one review-state stream of SENAITE analyses after a cursor. SENAITE pages with
// b_start offsets, so a record that changes state between two pages shifts every later
// offset. The envelope's `count` tells: when it changes mid-read, the read restarts from
// the newest `modified` already seen (a ZPublisher range query), and rows are deduplicated
// by UID, so nothing is lost and nothing is delivered twice.
import type { z } from 'zod';
import { AdapterError } from '../../http/adapter-error';
import type { VendorClient } from '../../http/vendor-client';
import { analysisSchema, envelope, type SenaiteAnalysis } from './schemas';

export interface FeedRow {
  modified: number;
  uid: string;
  analysis: SenaiteAnalysis;
}

export interface StreamQuery {
  states: readonly string[];
  /** Epoch ms; rows at or after it are read (the cursor itself is filtered by the caller). */
  sinceMs: number;
  /** Stop once this many rows are after the cursor (plus the rest of their `modified` tie). */
  wanted: number;
  isAfter(row: FeedRow): boolean;
}

export interface FeedSettings {
  pageSize: number;
  /** Use `modified.query:record:date` range queries ([S]); false pages from the start every time. */
  rangeQuery: boolean;
  /** Restarts allowed when the data keeps changing under the reader. */
  maxRestarts: number;
}

const analysisPage = envelope(analysisSchema);

export async function readStream(client: VendorClient, call: string, query: StreamQuery, settings: FeedSettings): Promise<FeedRow[]> {
  const rows = new Map<string, FeedRow>();
  const first = (fromMs: number) =>
    client.url('/search', {
      portal_type: 'Analysis',
      catalog: 'senaite_catalog_analysis',
      review_state: query.states,
      sort_on: 'modified',
      sort_order: 'ascending',
      complete: 1,
      limit: settings.pageSize,
      b_start: 0,
      ...(settings.rangeQuery && fromMs > 0 ? { 'modified.query:record:date': new Date(fromMs).toISOString(), 'modified.range:record': 'min' } : {}),
    });
  let url: string | null = first(query.sinceMs);
  let count: number | undefined;
  let restarts = 0;
  while (url) {
    const page: z.output<typeof analysisPage> = (await client.call({ call, path: url, schema: analysisPage })).data;
    if (count !== undefined && page.count !== count) {
      if (++restarts > settings.maxRestarts) {
        throw new AdapterError({ vendor: client.vendor, call, failure: 'unavailable', message: `the result list kept changing while being read (${restarts} restarts); try again` });
      }
      const newest = Math.max(query.sinceMs, ...[...rows.values()].map((r) => r.modified));
      url = first(newest);
      count = undefined;
      continue;
    }
    count = page.count;
    for (const analysis of page.items) rows.set(analysis.uid, { modified: Date.parse(analysis.modified), uid: analysis.uid, analysis });
    if (!page.next || enough(rows, query)) break;
    url = page.next;
  }
  return [...rows.values()];
}

/** Enough rows after the cursor, and the whole `modified` tie at the boundary is in hand. */
function enough(rows: Map<string, FeedRow>, query: StreamQuery): boolean {
  const after = [...rows.values()].filter((r) => query.isAfter(r)).sort(compareRows);
  if (after.length < query.wanted) return false;
  const boundary = (after[query.wanted - 1] as FeedRow).modified;
  return Math.max(...after.map((r) => r.modified)) > boundary;
}

export function compareRows(a: FeedRow, b: FeedRow): number {
  return a.modified - b.modified || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
}
