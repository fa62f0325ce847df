// SENAITE lookups with small caches: samples (the lot and work order of a result), titles
// of referenced objects (instrument, method) and specifications. Samples never move to
// another lot, so caching them is safe; everything else is read fresh.
import type { z } from 'zod';
import type { Sample, TestSpecification } from '../../../domain/types';
import type { VendorClient } from '../../http/vendor-client';
import { limitOf, utcIso } from '../shared/reported-value';
import { specFromLimits } from '../shared/spec-from-limits';
import { analysisSchema, envelope, sampleSchema, serviceSchema, specSchema, titledSchema, type SenaiteAnalysis, type SenaiteSample } from './schemas';

const PAGE = 200;

export class SenaiteLookups {
  readonly #samples = new Map<string, Sample | null>();
  readonly #titles = new Map<string, string>();
  /** Raw vendor records by result id, for the audit trail (bounded). */
  readonly raw = new BoundedMap<string, unknown>(5_000);

  constructor(
    private readonly client: VendorClient,
    private readonly lotField: 'getBatchID' | 'getClientSampleID',
    private readonly specTitle: string,
  ) {}

  /** Every page of a search, following `next` links. */
  async all<S extends z.ZodType>(call: string, query: Record<string, string | number | string[]>, item: S): Promise<z.output<S>[]> {
    const schema = envelope(item);
    const out: z.output<S>[] = [];
    let url: string | null = this.client.url('/search', { ...query, limit: PAGE, b_start: 0 });
    while (url) {
      const page: z.output<typeof schema> = (await this.client.call({ call, path: url, schema })).data;
      out.push(...page.items);
      url = page.next;
    }
    return out;
  }

  analyses(call: string, states: readonly string[], filters: Record<string, string | string[]>): Promise<SenaiteAnalysis[]> {
    return this.all(call, { portal_type: 'Analysis', catalog: 'senaite_catalog_analysis', review_state: [...states], complete: 1, ...filters }, analysisSchema);
  }

  /** Complete Analysis objects by UID (in batches, as repeated UID parameters). */
  async analysesByUid(call: string, uids: readonly string[]): Promise<Map<string, SenaiteAnalysis>> {
    const out = new Map<string, SenaiteAnalysis>();
    for (let i = 0; i < uids.length; i += 50) {
      const found = await this.all(call, { portal_type: 'Analysis', catalog: 'senaite_catalog_analysis', UID: uids.slice(i, i + 50), complete: 1 }, analysisSchema);
      for (const a of found) out.set(a.uid, a);
    }
    return out;
  }

  async samplesOfLot(lotId: string): Promise<string[]> {
    const found = await this.all('findResults', { portal_type: 'AnalysisRequest', catalog: 'senaite_catalog_sample', [this.lotField]: lotId, complete: 1 }, sampleSchema);
    for (const s of found) this.#samples.set(s.id, this.#toSample(s));
    return found.filter((s) => s[this.lotField] === lotId).map((s) => s.id);
  }

  async preloadSamples(sampleIds: readonly string[]): Promise<void> {
    const missing = [...new Set(sampleIds)].filter((id) => !this.#samples.has(id));
    for (let i = 0; i < missing.length; i += 50) {
      const batch = missing.slice(i, i + 50);
      const found = await this.all('getSample', { portal_type: 'AnalysisRequest', catalog: 'senaite_catalog_sample', getId: batch, complete: 1 }, sampleSchema);
      for (const s of found) this.#samples.set(s.id, this.#toSample(s));
      for (const id of batch) if (!this.#samples.has(id)) this.#samples.set(id, null);
    }
  }

  async sample(sampleId: string): Promise<Sample | undefined> {
    if (!this.#samples.has(sampleId)) {
      const found = await this.all('getSample', { portal_type: 'AnalysisRequest', catalog: 'senaite_catalog_sample', getId: sampleId, complete: 1 }, sampleSchema);
      const match = found.find((s) => s.id === sampleId);
      this.#samples.set(sampleId, match ? this.#toSample(match) : null);
    }
    const sample = this.#samples.get(sampleId);
    return sample ? structuredClone(sample) : undefined;
  }

  async title(portalType: string, uid: string): Promise<string | undefined> {
    if (!this.#titles.has(uid)) {
      const page = (await this.client.call({ call: `get${portalType}`, path: `/${portalType}/${uid}`, schema: envelope(titledSchema) })).data;
      this.#titles.set(uid, page.items[0]?.title ?? '');
    }
    return this.#titles.get(uid) || undefined;
  }

  async specification(productId: string, test: string, keyword: string): Promise<TestSpecification | undefined> {
    const title = this.specTitle.replaceAll('{productId}', productId);
    const specs = await this.all('getSpecification', { portal_type: 'AnalysisSpec', catalog: 'senaite_catalog_setup', complete: 1 }, specSchema);
    const spec = specs.find((s) => s.title === title);
    const range = spec?.ResultsRange.find((r) => r.keyword === keyword);
    if (!spec || !range) return undefined;
    const services = await this.all('getSpecification', { portal_type: 'AnalysisService', catalog: 'senaite_catalog_setup', getKeyword: keyword, complete: 1 }, serviceSchema);
    const service = services.find((s) => s.Keyword === keyword);
    const method = service?.Method?.uid ? await this.title('Method', service.Method.uid) : undefined;
    return specFromLimits({
      id: `${spec.uid}/${keyword}`,
      version: spec.modified ? utcIso(spec.modified) : '1',
      productId,
      test,
      keyword: service?.title ?? keyword,
      unit: service?.Unit ?? '',
      kind: service?.StringResult ? 'text' : 'numeric',
      decimals: service?.Precision === undefined || service.Precision === null ? 2 : Number(service.Precision),
      method: method ?? service?.title ?? keyword,
      min: limitOf(range.min),
      max: limitOf(range.max),
      warnMin: limitOf(range.warn_min),
      warnMax: limitOf(range.warn_max),
      loq: limitOf(service?.LowerDetectionLimit),
    });
  }

  #toSample(s: SenaiteSample): Sample | null {
    const lotId = s[this.lotField];
    if (!lotId) return null;
    const sampledAt = s.DateSampled ?? s.getDateSampled;
    return {
      id: s.id,
      lotId,
      ...(s.getClientOrderNumber ? { workOrderId: s.getClientOrderNumber } : {}),
      point: s.getSamplePointTitle ?? '',
      sampledAt: sampledAt ? utcIso(sampledAt) : '',
    };
  }
}

export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.has(key)) this.delete(key);
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value as K);
    return this;
  }
}
