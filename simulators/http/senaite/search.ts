// senaite.jsonapi search: only known catalog indexes filter (an unknown parameter is
// silently ignored, as in catalog.py), sort_on/sort_order, ZPublisher range records
// (`modified.query:record:date`, `modified.range:record=min`), and Plone batching with
// b_start/limit and `next`/`previous` URLs in the `{count, pagesize, items, page, pages}` envelope.
import type { Request } from 'express';
import { queryList, queryString, routeUrl } from '../shared/http';
import type { CatalogRecord } from './records';

const CATALOGS: Record<string, CatalogRecord['catalog']> = {
  senaite_catalog_analysis: 'senaite_catalog_analysis',
  bika_analysis_catalog: 'senaite_catalog_analysis',
  senaite_catalog_sample: 'senaite_catalog_sample',
  bika_catalog_analysisrequest_listing: 'senaite_catalog_sample',
  senaite_catalog_setup: 'senaite_catalog_setup',
  bika_setup_catalog: 'senaite_catalog_setup',
};

const DATE_INDEXES = new Set(['modified', 'created', 'getResultCaptureDate', 'getDateSampled']);
export const DEFAULT_PAGESIZE = 25;

export interface Envelope {
  count: number;
  pagesize: number;
  items: Record<string, unknown>[];
  page: number;
  pages: number;
  next: string | null;
  previous: string | null;
  _runtime: number;
}

/** Builds the records of the given catalogs and portal types (all when a list is empty). */
export type RecordSource = (catalogs: readonly CatalogRecord['catalog'][], portalTypes: readonly string[]) => CatalogRecord[];

export function search(source: RecordSource, req: Request, fixed: { portalType?: string } = {}): Envelope {
  const started = process.hrtime.bigint();
  const query = req.query as Record<string, unknown>;
  const catalogs = queryList(query.catalog).map((name) => CATALOGS[name]).filter((c): c is CatalogRecord['catalog'] => c !== undefined);
  const portalTypes = fixed.portalType ? [fixed.portalType] : queryList(query.portal_type);
  let hits = source(catalogs, portalTypes).filter((r) => (catalogs.length === 0 || catalogs.includes(r.catalog)) && (portalTypes.length === 0 || portalTypes.includes(r.portalType)));
  const known = new Set(hits.flatMap((r) => Object.keys(r.index)));
  for (const [name, raw] of Object.entries(query)) {
    if (!known.has(name) || name === 'portal_type') continue; // unknown parameters are ignored, as SENAITE does
    // A repeated parameter is an OR query; review_state also takes a comma list.
    const wanted = name === 'review_state' ? queryList(raw) : (Array.isArray(raw) ? raw : [raw]).map(String);
    hits = hits.filter((r) => wanted.includes(String(r.index[name] ?? '')));
  }
  for (const index of DATE_INDEXES) hits = applyRange(hits, index, query);
  const sortOn = queryString(query.sort_on);
  if (sortOn && known.has(sortOn)) {
    const descending = ['descending', 'reverse', 'desc'].includes(queryString(query.sort_order) ?? '');
    hits = [...hits].sort((a, b) => compare(a.index[sortOn], b.index[sortOn]) * (descending ? -1 : 1));
  }
  const complete = ['1', 'true', 'yes', 'True'].includes(queryString(query.complete) ?? '');
  const base = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
  return batch(hits, req, started, (r) => (complete ? r.full(base) : r.brain(base)));
}

/** ZPublisher `:record` range queries, e.g. modified.query:record:date=...&modified.range:record=min. */
function applyRange(hits: CatalogRecord[], index: string, query: Record<string, unknown>): CatalogRecord[] {
  const raw = queryList(query[`${index}.query:record:date`] ?? query[`${index}.query:record`] ?? query[`${index}.query:record:list:date`]);
  if (raw.length === 0) return hits;
  const range = queryString(query[`${index}.range:record`]) ?? 'min';
  const bounds = raw.map((v) => Date.parse(v));
  if (bounds.some(Number.isNaN)) return [];
  const [low, high] = range === 'max' ? [-Infinity, bounds[0] as number] : range === 'min:max' ? [bounds[0] as number, (bounds[1] ?? Infinity) as number] : [bounds[0] as number, Infinity];
  return hits.filter((r) => {
    const value = r.index[index];
    return typeof value === 'number' && value >= low && value <= high;
  });
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

/** Plone batching: the page number comes from b_start; `next` starts at pagenumber * pagesize. */
export function batch<T>(items: T[], req: Request, started = process.hrtime.bigint(), render: (item: T) => Record<string, unknown> = (item) => item as Record<string, unknown>): Envelope {
  const query = req.query as Record<string, unknown>;
  const limit = Number(queryString(query.limit) ?? DEFAULT_PAGESIZE);
  const pagesize = Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PAGESIZE;
  const start = Math.max(0, Number(queryString(query.b_start) ?? 0) || 0);
  const count = items.length;
  const page = Math.floor(start / pagesize) + 1;
  const pages = Math.max(1, Math.ceil(count / pagesize));
  const link = (b: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one));
    params.set('b_start', String(b));
    return `${routeUrl(req)}?${params.toString()}`;
  };
  return {
    count,
    pagesize,
    items: items.slice(start, start + pagesize).map(render),
    page,
    pages,
    next: page * pagesize < count ? link(page * pagesize) : null,
    previous: page > 1 ? link(Math.max(page - 2, 0) * pagesize) : null,
    _runtime: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
