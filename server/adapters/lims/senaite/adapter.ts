// SenaiteLimsAdapter: the LimsAdapter port over senaite.jsonapi v1. Finalized results are
// polled (SENAITE has no webhooks) per review state, because the complete Analysis object
// carries review_state null: the state comes from the query that found the row.
import type { Sample, TestResult, TestSpecification } from '../../../domain/types';
import { QloopError } from '../../../errors';
import type { LimsAdapter, LimsCapabilities, ResultCursor, ResultPage, ResultQuery } from '../../../ports/lims';
import { VendorClient, type VendorClientOptions } from '../../http/vendor-client';
import { numericOf, utcIso } from '../shared/reported-value';
import { senaiteAuth, type SenaiteAuthMode } from './auth';
import { compareRows, readFeed, type FeedRow, type FeedSettings } from './feed';
import { SenaiteLookups } from './lookups';
import type { SenaiteAnalysis } from './schemas';

export interface SenaiteAdapterOptions {
  /** e.g. http://lims.example/senaite/@@API/senaite/v1 */
  baseUrl: string;
  username: string;
  password: string;
  auth?: SenaiteAuthMode;
  /** Sample field carrying the MES lot: the Batch (default) or the Client Sample ID. */
  lotField?: 'getBatchID' | 'getClientSampleID';
  /** Review states that mean final, and retracted ([U] names, INTEGRATIONS.md 4). */
  finalStates?: string[];
  retractedStates?: string[];
  pendingStates?: string[];
  /** qloop test codes; SENAITE keywords are the codes with - and other signs as _. */
  testCodes?: readonly string[];
  /** AnalysisSpec title for a product ("{productId}" by default). */
  specTitle?: string;
  feed?: Partial<FeedSettings>;
  client?: Partial<Omit<VendorClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

const DEFAULT_FEED: FeedSettings = { pageSize: 50, rangeQuery: true, maxRestarts: 20 };

export class SenaiteLimsAdapter implements LimsAdapter {
  readonly name = 'senaite';
  readonly client: VendorClient;
  readonly #lookups: SenaiteLookups;
  readonly #feed: FeedSettings;
  readonly #final: string[];
  readonly #retracted: string[];
  readonly #pending: string[];
  readonly #tests = new Map<string, string>();

  constructor(private readonly options: SenaiteAdapterOptions) {
    this.client = new VendorClient({ ...options.client, vendor: 'senaite', baseUrl: options.baseUrl, auth: senaiteAuth(options.auth ?? 'jwt', options.username, options.password) });
    this.#feed = { ...DEFAULT_FEED, ...options.feed };
    this.#final = options.finalStates ?? ['verified', 'published'];
    this.#retracted = options.retractedStates ?? ['retracted'];
    this.#pending = options.pendingStates ?? ['unassigned', 'assigned', 'to_be_verified'];
    for (const code of options.testCodes ?? []) this.#tests.set(keywordOf(code), code);
    this.#lookups = new SenaiteLookups(this.client, options.lotField ?? 'getBatchID', options.specTitle ?? '{productId}');
  }

  capabilities(): LimsCapabilities {
    return { system: 'SENAITE LIMS (senaite.jsonapi v1)', listFinalizedResults: 'native', pushWebhook: 'unavailable', specifications: 'native' };
  }

  async listFinalizedResults(cursor: ResultCursor, limit = 100): Promise<ResultPage> {
    const sinceMs = Date.parse(cursor.since);
    if (typeof cursor.since !== 'string' || Number.isNaN(sinceMs)) throw new QloopError('VALIDATION', 'cursor.since must be an ISO 8601 time', [{ path: 'cursor.since', message: `not a time: ${String(cursor.since)}` }]);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new QloopError('VALIDATION', 'limit must be an integer from 1 to 1000', [{ path: 'limit', message: `got ${limit}` }]);
    const afterId = cursor.afterId ?? '';
    const isAfter = (r: FeedRow) => r.modified > sinceMs || (r.modified === sinceMs && r.uid > afterId);
    const rows = await readFeed(this.client, 'listFinalizedResults', { states: [...this.#final, ...this.#retracted], sinceMs, wanted: limit, isAfter }, this.#feed);
    const page = rows.filter(isAfter).sort(compareRows).slice(0, limit);
    // The brain says which state the row was in when read; the complete object gives the rest.
    const complete = await this.#lookups.analysesByUid('listFinalizedResults', page.map((r) => r.uid));
    const results = await this.#toResults(page.flatMap((r) => {
      const analysis = complete.get(r.uid);
      return analysis ? [[analysis, this.#retracted.includes(r.brain.review_state) ? 'retracted' : 'final'] as const] : [];
    }));
    const last = page.at(-1);
    return { results, next: last ? { since: new Date(last.modified).toISOString(), afterId: last.uid } : { ...cursor } };
  }

  async findResults(query: ResultQuery): Promise<TestResult[]> {
    const filters: Record<string, string | string[]> = {};
    if (query.test !== undefined) filters.getKeyword = keywordOf(query.test);
    if (query.sampleId !== undefined) filters.getRequestID = query.sampleId;
    else if (query.lotId !== undefined) {
      const samples = await this.#lookups.samplesOfLot(query.lotId);
      if (samples.length === 0) return [];
      filters.getRequestID = samples;
    }
    const groups = [['final', this.#final], ['retracted', this.#retracted], ['pending', this.#pending]] as const;
    const found = await Promise.all(groups.map(async ([status, states]) => (await this.#lookups.analyses('findResults', states, filters)).map((a) => [a, status] as const)));
    const results = (await this.#toResults(found.flat())).filter((r) => query.lotId === undefined || r.lotId === query.lotId);
    results.sort((a, b) => Date.parse(b.finalizedAt) - Date.parse(a.finalizedAt) || (a.id < b.id ? 1 : -1));
    return query.limit === undefined ? results : results.slice(0, query.limit);
  }

  async getSample(sampleId: string): Promise<Sample | undefined> {
    return this.#lookups.sample(sampleId);
  }

  async getSpecification(productId: string, test: string): Promise<TestSpecification | undefined> {
    return this.#lookups.specification(productId, test, keywordOf(test));
  }

  /** The analysis and sample records as SENAITE sent them (for the audit trail of an intake). */
  rawRecord(resultId: string): unknown {
    return this.#lookups.raw.get(resultId);
  }

  async #toResults(rows: readonly (readonly [SenaiteAnalysis, 'final' | 'retracted' | 'pending'])[]): Promise<TestResult[]> {
    await this.#lookups.preloadSamples(rows.map(([a]) => a.parent_id));
    const out: TestResult[] = [];
    for (const [a, status] of rows) {
      const sample = await this.#lookups.sample(a.parent_id);
      const instrument = a.Instrument?.uid ? await this.#lookups.title('Instrument', a.Instrument.uid) : undefined;
      const finalizedAt = status === 'pending' ? (a.ResultCaptureDate ?? a.created ?? a.modified) : (a.getDateVerified ?? a.ResultCaptureDate ?? a.modified);
      const numeric = numericOf(a.Result);
      this.#lookups.raw.set(a.uid, a);
      out.push({
        id: a.uid,
        sampleId: a.parent_id,
        lotId: sample?.lotId ?? '',
        test: this.#tests.get(a.Keyword) ?? a.Keyword,
        value: a.Result,
        ...(numeric !== undefined && status !== 'pending' ? { numeric } : {}),
        unit: a.Unit ?? '',
        status,
        finalizedAt: utcIso(finalizedAt),
        ...(a.Analyst ? { analyst: a.Analyst } : {}),
        ...(instrument ? { instrumentId: instrument } : {}),
        ...(a.Remarks ? { comment: a.Remarks } : {}),
      });
    }
    return out;
  }
}

/** SENAITE keywords allow letters, digits and underscores only. */
export function keywordOf(test: string): string {
  return test.replace(/[^A-Za-z0-9_]/g, '_');
}
