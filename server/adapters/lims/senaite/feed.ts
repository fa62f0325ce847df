// Reading SENAITE analyses changed after a cursor, as one stream ordered by `modified`.
// Catalog brains are read (they carry review_state; the complete object says null), and
// each request starts at the newest `modified` already seen (a ZPublisher range query) with
// b_start only inside a tie, so records added, retracted or edited between two pages can
// neither shift a row past the reader nor be read twice (rows are deduplicated by UID).
// Without range queries the list is read by offset and restarted whenever its count moves.
import type { z } from 'zod';
import { AdapterError } from '../../http/adapter-error';
import type { VendorClient } from '../../http/vendor-client';
import { analysisBrainSchema, envelope, type SenaiteBrain } from './schemas';

export interface FeedRow {
  modified: number;
  uid: string;
  brain: SenaiteBrain;
}

export interface FeedQuery {
  states: readonly string[];
  /** Epoch ms; rows at or after it are read (the cursor itself is filtered by the caller). */
  sinceMs: number;
  /** Stop once this many rows are after the cursor (plus the rest of their `modified` tie). */
  wanted: number;
  isAfter(row: FeedRow): boolean;
}

export interface FeedSettings {
  pageSize: number;
  /** Use `modified.query:record:date` range queries ([S]); false pages by offset from the start. */
  rangeQuery: boolean;
  /** Restarts allowed (offset mode) when the data keeps changing under the reader. */
  maxRestarts: number;
}

const brainPage = envelope(analysisBrainSchema);
type BrainPage = z.output<typeof brainPage>;

export async function readFeed(client: VendorClient, call: string, query: FeedQuery, settings: FeedSettings): Promise<FeedRow[]> {
  const rows = new Map<string, FeedRow>();
  const page = async (fromMs: number, bStart: number): Promise<BrainPage> => {
    const range = settings.rangeQuery && fromMs > 0 ? { 'modified.query:record:date': new Date(fromMs).toISOString(), 'modified.range:record': 'min' } : {};
    const path = client.url('/search', { portal_type: 'Analysis', catalog: 'senaite_catalog_analysis', review_state: query.states, sort_on: 'modified', sort_order: 'ascending', limit: settings.pageSize, b_start: bStart, ...range });
    return (await client.call({ call, path, schema: brainPage })).data;
  };
  const keep = (items: readonly SenaiteBrain[]) => {
    for (const brain of items) rows.set(brain.uid, { modified: Date.parse(brain.modified), uid: brain.uid, brain });
  };
  if (settings.rangeQuery) {
    let from = query.sinceMs;
    let tieStart = 0;
    for (;;) {
      const { items } = await page(from, tieStart);
      keep(items);
      if (items.length < settings.pageSize || enough(rows, query)) return [...rows.values()];
      const newest = Math.max(...items.map((b) => Date.parse(b.modified)));
      // A page entirely inside one `modified` value: step through that tie by offset.
      if (newest > from) [from, tieStart] = [newest, 0];
      else tieStart += settings.pageSize;
    }
  }
  let count: number | undefined;
  let restarts = 0;
  for (let start = 0; ; start += settings.pageSize) {
    const body = await page(0, start);
    if (count !== undefined && body.count !== count) {
      if (++restarts > settings.maxRestarts) throw new AdapterError({ vendor: client.vendor, call, failure: 'unavailable', message: `the result list kept changing while being read (${restarts} restarts); try again` });
      [count, start] = [undefined, -settings.pageSize];
      continue;
    }
    count = body.count;
    keep(body.items);
    if (!body.next || enough(rows, query)) return [...rows.values()];
  }
}

/** Enough rows after the cursor, and the whole `modified` tie at the boundary is in hand. */
function enough(rows: Map<string, FeedRow>, query: FeedQuery): boolean {
  const after = [...rows.values()].filter((r) => query.isAfter(r)).sort(compareRows);
  if (after.length < query.wanted) return false;
  const boundary = (after[query.wanted - 1] as FeedRow).modified;
  return Math.max(...after.map((r) => r.modified)) > boundary;
}

export function compareRows(a: FeedRow, b: FeedRow): number {
  return a.modified - b.modified || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
}
