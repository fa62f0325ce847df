// GenericRestLimsAdapter: a LIMS (or LIMS gateway) that speaks the reference webhook's
// vocabulary over REST: a keyset-paged feed of changed results, samples and
// specifications. Its push channel posts to qloop's webhook; this adapter is the pull side.
import { z } from 'zod';
import type { Sample, TestResult, TestSpecification } from '../../../domain/types';
import { QloopError } from '../../../errors';
import type { LimsAdapter, LimsCapabilities, ResultCursor, ResultPage, ResultQuery } from '../../../ports/lims';
import { ifFound } from '../../http/if-found';
import { staticHeaderAuth } from '../../http/auth-scheme';
import { VendorClient, type VendorClientOptions } from '../../http/vendor-client';
import { numericOf, utcIso } from '../shared/reported-value';
import { specFromLimits } from '../shared/spec-from-limits';
import { feedSchema, resultRowSchema, sampleSchema, specSchema, type ResultRow } from './schemas';

export interface GenericRestLimsOptions {
  /** e.g. https://lims-gateway.example (paths /api/v1/... are appended) */
  baseUrl: string;
  token: string;
  client?: Partial<Omit<VendorClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

export class GenericRestLimsAdapter implements LimsAdapter {
  readonly name = 'generic-rest';
  readonly client: VendorClient;

  constructor(options: GenericRestLimsOptions) {
    this.client = new VendorClient({ ...options.client, vendor: 'generic-rest-lims', baseUrl: options.baseUrl, auth: () => staticHeaderAuth({ authorization: `Bearer ${options.token}` }) });
  }

  capabilities(): LimsCapabilities {
    return { system: 'generic REST LIMS (reference payload)', listFinalizedResults: 'native', pushWebhook: 'native', specifications: 'native' };
  }

  async listFinalizedResults(cursor: ResultCursor, limit = 100): Promise<ResultPage> {
    if (typeof cursor.since !== 'string' || Number.isNaN(Date.parse(cursor.since))) throw new QloopError('VALIDATION', 'cursor.since must be an ISO 8601 time', [{ path: 'cursor.since', message: `not a time: ${String(cursor.since)}` }]);
    const results: TestResult[] = [];
    let next = { ...cursor };
    let position: { modified_after: string; after_id: string } | null = { modified_after: cursor.since, after_id: cursor.afterId ?? '' };
    // Pending rows move the feed position but are not results: keep reading until the page is full.
    while (position && results.length < limit) {
      const { data }: { data: z.output<typeof feedSchema> } = await this.client.call({ call: 'listFinalizedResults', path: '/api/v1/results', query: { ...position, limit: limit - results.length }, schema: feedSchema });
      for (const row of data.results) {
        if (row.status === 'pending') continue;
        results.push(this.#toResult(row));
        next = { since: utcIso(row.modified_at), afterId: row.result_id };
      }
      position = data.results.length ? data.next_cursor : null;
    }
    return { results, next };
  }

  async findResults(query: ResultQuery): Promise<TestResult[]> {
    const { data } = await this.client.call({ call: 'findResults', path: '/api/v1/results/search', query: { lot: query.lotId, sample: query.sampleId, test: query.test }, schema: z.array(resultRowSchema) });
    const results = data.map((row) => this.#toResult(row)).sort((a, b) => Date.parse(b.finalizedAt) - Date.parse(a.finalizedAt) || (a.id < b.id ? 1 : -1));
    return query.limit === undefined ? results : results.slice(0, query.limit);
  }

  async getSample(sampleId: string): Promise<Sample | undefined> {
    const found = await ifFound(this.client.call({ call: 'getSample', path: `/api/v1/samples/${encodeURIComponent(sampleId)}`, schema: sampleSchema }));
    if (!found) return undefined;
    const { data } = found;
    return { id: data.sample_id, lotId: data.material_lot, ...(data.work_order ? { workOrderId: data.work_order } : {}), point: data.sampling_point ?? '', sampledAt: utcIso(data.sampled_at) };
  }

  async getSpecification(productId: string, test: string): Promise<TestSpecification | undefined> {
    const { data } = await this.client.call({ call: 'getSpecification', path: '/api/v1/specifications', query: { product: productId, test }, schema: z.array(specSchema) });
    const row = data.find((s) => s.product === productId && s.test_code === test);
    if (!row) return undefined;
    const banded = row.release_min !== row.spec_min || row.release_max !== row.spec_max;
    const opt = (n: number | null) => (n === null ? undefined : n);
    return specFromLimits({
      id: `${row.product}/${row.test_code}`, version: row.version, productId, test, keyword: row.test_name, unit: row.unit, kind: row.kind, decimals: row.decimals, method: row.method,
      min: opt(banded ? row.release_min : row.spec_min), max: opt(banded ? row.release_max : row.spec_max),
      ...(banded ? { warnMin: opt(row.spec_min), warnMax: opt(row.spec_max) } : {}), loq: opt(row.loq),
    });
  }

  #toResult(row: ResultRow): TestResult {
    const value = row.result === null ? '' : String(row.result);
    const numeric = typeof row.result === 'number' ? row.result : numericOf(value);
    return {
      id: row.result_id, sampleId: row.sample_id, lotId: row.material_lot, test: row.test_code ?? row.test_name, value,
      ...(numeric !== undefined && row.status !== 'pending' ? { numeric } : {}), unit: row.unit ?? '', status: row.status, finalizedAt: utcIso(row.finalized_at),
      ...(row.analyst ? { analyst: row.analyst } : {}), ...(row.instrument ? { instrumentId: row.instrument } : {}), ...(row.comment ? { comment: row.comment } : {}),
    };
  }
}
