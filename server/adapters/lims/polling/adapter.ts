// PollingLimsAdapter: a LimsAdapter for site-specific LIMS result APIs (LabWare transfer
// tables, LabVantage saved queries behind REST, SampleManager browses), driven entirely by
// the mapping configuration. Rows changed at or after the cursor time are read page by
// page; if the row total changes mid-read the read restarts from the newest change seen,
// so results arriving or changing while paging are neither lost nor delivered twice.
import type { Sample, TestResult, TestSpecification } from '../../../domain/types';
import { QloopError } from '../../../errors';
import type { LimsAdapter, LimsCapabilities, ResultCursor, ResultPage, ResultQuery } from '../../../ports/lims';
import { AdapterError } from '../../http/adapter-error';
import { staticHeaderAuth, type AuthScheme } from '../../http/auth-scheme';
import { VendorClient, type QueryValue, type VendorClientOptions } from '../../http/vendor-client';
import { numericOf, utcIso } from '../shared/reported-value';
import { specFromLimits } from '../shared/spec-from-limits';
import { parsePollingMapping, type PollingMapping } from './mapping-config';
import { envelopeSchema, resultRowSchema, sampleRowSchema, specRowSchema } from './row-schemas';

export interface PollingLimsOptions {
  baseUrl: string;
  mapping: unknown;
  maxRestarts?: number;
  client?: Partial<Omit<VendorClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

type Row = Record<string, string | undefined>;
interface Change {
  modified: number;
  id: string;
  row: Row;
}

export class PollingLimsAdapter implements LimsAdapter {
  readonly name = 'polling';
  readonly client: VendorClient;
  readonly mapping: PollingMapping;
  readonly #page;
  readonly #maxRestarts: number;

  constructor(options: PollingLimsOptions) {
    this.mapping = parsePollingMapping(options.mapping);
    this.client = new VendorClient({ ...options.client, vendor: `polling-lims (${this.mapping.system})`, baseUrl: options.baseUrl, auth: () => authFor(this.mapping.auth) });
    this.#page = envelopeSchema(resultRowSchema(this.mapping), this.mapping.results.itemsField, this.mapping.results.totalField);
    this.#maxRestarts = options.maxRestarts ?? 20;
  }

  capabilities(): LimsCapabilities {
    return { system: this.mapping.system, listFinalizedResults: 'native', pushWebhook: 'unavailable', specifications: this.mapping.specifications ? 'native' : 'unavailable' };
  }

  async listFinalizedResults(cursor: ResultCursor, limit = 100): Promise<ResultPage> {
    const sinceMs = Date.parse(cursor.since);
    if (typeof cursor.since !== 'string' || Number.isNaN(sinceMs)) throw new QloopError('VALIDATION', 'cursor.since must be an ISO 8601 time', [{ path: 'cursor.since', message: `not a time: ${String(cursor.since)}` }]);
    const afterId = cursor.afterId ?? '';
    const wanted = (c: Change) => (c.modified > sinceMs || (c.modified === sinceMs && c.id > afterId)) && this.#status(c.row) !== 'pending' && this.#status(c.row) !== undefined;
    const seen = new Map<string, Change>();
    let from = sinceMs;
    let restarts = 0;
    read: for (;;) {
      let total: number | undefined;
      for (let page = 0; ; page++) {
        const body = await this.#fetchPage('listFinalizedResults', { [this.mapping.results.sinceParam]: new Date(from).toISOString() }, page);
        if (total !== undefined && body.total !== undefined && body.total !== total) {
          if (++restarts > this.#maxRestarts) throw new AdapterError({ vendor: this.client.vendor, call: 'listFinalizedResults', failure: 'unavailable', message: `the result list kept changing while being read (${restarts} restarts); try again` });
          from = Math.max(from, ...[...seen.values()].map((c) => c.modified));
          continue read;
        }
        total = body.total;
        for (const row of body.rows) {
          const change = this.#change(row);
          seen.set(change.id, change);
        }
        const done = body.rows.length < this.mapping.results.pageSize || this.mapping.results.paging.kind === 'none';
        if (done || enough([...seen.values()].filter(wanted), limit)) break read;
      }
    }
    const page = [...seen.values()].filter(wanted).sort((a, b) => a.modified - b.modified || (a.id < b.id ? -1 : 1)).slice(0, limit);
    const last = page.at(-1);
    return { results: page.map((c) => this.#toResult(c.row)), next: last ? { since: new Date(last.modified).toISOString(), afterId: last.id } : { ...cursor } };
  }

  async findResults(query: ResultQuery): Promise<TestResult[]> {
    const params = this.mapping.results.filterParams;
    const filters: Record<string, QueryValue> = {};
    if (query.lotId !== undefined && params.lot) filters[params.lot] = query.lotId;
    if (query.sampleId !== undefined && params.sample) filters[params.sample] = query.sampleId;
    if (query.test !== undefined && params.test) filters[params.test] = this.#siteTest(query.test);
    const rows: Row[] = [];
    for (let page = 0; ; page++) {
      const body = await this.#fetchPage('findResults', filters, page);
      rows.push(...body.rows);
      if (body.rows.length < this.mapping.results.pageSize || this.mapping.results.paging.kind === 'none') break;
    }
    const results = rows.filter((row) => this.#status(row) !== undefined).map((row) => this.#toResult(row))
      .filter((r) => (query.lotId === undefined || r.lotId === query.lotId) && (query.sampleId === undefined || r.sampleId === query.sampleId) && (query.test === undefined || r.test === query.test))
      .sort((a, b) => Date.parse(b.finalizedAt) - Date.parse(a.finalizedAt) || (a.id < b.id ? 1 : -1));
    return query.limit === undefined ? results : results.slice(0, query.limit);
  }

  async getSample(sampleId: string): Promise<Sample | undefined> {
    const m = this.mapping.samples;
    if (!m) return undefined;
    const schema = envelopeSchema(sampleRowSchema(m), m.itemsField);
    const { data } = await this.client.call({ call: 'getSample', path: m.path, query: { [m.idParam]: sampleId }, schema });
    const row = (data.rows as Row[]).find((r) => r[m.fields.id] === sampleId);
    if (!row) return undefined;
    const get = (column?: string) => (column ? row[column] : undefined);
    const sampledAt = get(m.fields.sampledAt);
    return { id: sampleId, lotId: get(m.fields.lotId) ?? '', ...(get(m.fields.workOrderId) ? { workOrderId: get(m.fields.workOrderId) as string } : {}), point: get(m.fields.point) ?? '', sampledAt: sampledAt ? utcIso(sampledAt) : '' };
  }

  async getSpecification(productId: string, test: string): Promise<TestSpecification | undefined> {
    const m = this.mapping.specifications;
    if (!m) throw new QloopError('UNAVAILABLE', `${this.mapping.system} has no specification query configured (specifications in the polling mapping)`);
    const schema = envelopeSchema(specRowSchema(m), m.itemsField);
    const { data } = await this.client.call({ call: 'getSpecification', path: m.path, query: { [m.productParam]: productId, [m.testParam]: this.#siteTest(test) }, schema });
    const f = m.fields;
    const row = (data.rows as Record<string, unknown>[]).find((r) => r[f.product] === productId && r[f.test] === this.#siteTest(test));
    if (!row) return undefined;
    const num = (column?: string) => (column ? (row[column] as number | undefined) : undefined);
    const str = (column?: string) => (column ? (row[column] as string | undefined) : undefined);
    return specFromLimits({
      id: `${productId}/${test}`, version: str(f.version) ?? '1', productId, test, keyword: str(f.name) ?? test, unit: str(f.unit) ?? '',
      kind: f.textFlag && str(f.textFlag.field) === f.textFlag.value ? 'text' : 'numeric', decimals: num(f.decimals) ?? 2, method: str(f.method) ?? '',
      min: num(f.min), max: num(f.max), warnMin: num(f.shoulderMin), warnMax: num(f.shoulderMax), loq: num(f.loq),
    });
  }

  async #fetchPage(call: string, query: Record<string, QueryValue>, page: number): Promise<{ rows: Row[]; total?: number }> {
    const r = this.mapping.results;
    const paging: Record<string, QueryValue> =
      r.paging.kind === 'offset' ? { [r.paging.offsetParam]: page * r.pageSize, [r.paging.limitParam]: r.pageSize }
      : r.paging.kind === 'page' ? { [r.paging.pageParam]: page + r.paging.firstPage, [r.paging.sizeParam]: r.pageSize }
      : {};
    const { data } = await this.client.call({ call, path: r.path, query: { ...query, ...paging }, schema: this.#page });
    return data as { rows: Row[]; total?: number };
  }

  #status(row: Row): 'final' | 'retracted' | 'pending' | undefined {
    return this.mapping.results.statusMap[row[this.mapping.results.fields.status] ?? ''];
  }

  #siteTest(test: string): string {
    return Object.entries(this.mapping.results.testMap).find(([, code]) => code === test)?.[0] ?? test;
  }

  #change(row: Row): Change {
    const f = this.mapping.results.fields;
    return { modified: Date.parse(row[f.modifiedAt] ?? ''), id: row[f.id] ?? '', row };
  }

  #toResult(row: Row): TestResult {
    const f = this.mapping.results.fields;
    const get = (column?: string) => (column ? row[column] : undefined);
    const status = this.#status(row) ?? 'pending';
    const value = get(f.value) ?? '';
    const numeric = status === 'pending' ? undefined : numericOf(value);
    const siteTest = get(f.test) ?? '';
    return {
      id: get(f.id) ?? '', sampleId: get(f.sampleId) ?? '', lotId: get(f.lotId) ?? '', test: this.mapping.results.testMap[siteTest] ?? siteTest, value,
      ...(numeric !== undefined ? { numeric } : {}), unit: get(f.unit) ?? '', status, finalizedAt: utcIso(get(f.finalizedAt) ?? get(f.modifiedAt) ?? ''),
      ...(get(f.analyst) ? { analyst: get(f.analyst) as string } : {}), ...(get(f.instrumentId) ? { instrumentId: get(f.instrumentId) as string } : {}), ...(get(f.comment) ? { comment: get(f.comment) as string } : {}),
    };
  }
}

function enough(changes: Change[], limit: number): boolean {
  if (changes.length <= limit) return false;
  const sorted = changes.sort((a, b) => a.modified - b.modified);
  return (sorted.at(-1) as Change).modified > (sorted[limit - 1] as Change).modified;
}

function authFor(auth: PollingMapping['auth']): AuthScheme {
  switch (auth.kind) {
    case 'none':
      return staticHeaderAuth({});
    case 'bearer':
      return staticHeaderAuth({ authorization: `Bearer ${auth.token}` });
    case 'basic':
      return staticHeaderAuth({ authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` });
    case 'header':
      return staticHeaderAuth({ [auth.header]: auth.value });
  }
}

