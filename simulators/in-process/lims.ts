// InProcessLims: the simulated QC lab of a plant dataset, served from memory behind the
// LimsAdapter port. The demo and tests record results into it (the reference pH 9.8 on
// BATCH-2024-001-05); qloop reads them back the way it polls a real LIMS.
import type { ResultStatus, Sample, TestResult, TestSpecification } from '../../server/domain/types';
import { QloopError } from '../../server/errors';
import { PlantCatalog } from '../../server/plant/catalog';
import { jsonPath } from '../../server/plant/issues';
import { ResultIndex } from '../../server/plant/result-index';
import type { PlantDataset } from '../../server/plant/schema';
import { testResultSchema } from '../../server/plant/schema';
import type { Clock } from '../../server/ports/clock';
import type { LimsAdapter, LimsCapabilities, ResultCursor, ResultPage, ResultQuery } from '../../server/ports/lims';
import { FaultSwitch } from './faults';
import type { FaultPlan } from './faults';
import { ResultFeed } from './result-feed';

export type LimsOperation = 'listFinalizedResults' | 'findResults' | 'getSample' | 'getSpecification';
export type ResultListener = (result: TestResult) => void;

/** Statuses a poller sees: a retraction after verification is an event too (INTEGRATIONS.md 4). */
const FEED_STATUSES: readonly ResultStatus[] = ['final', 'retracted'];
const DEFAULT_PAGE = 100;

export class InProcessLims implements LimsAdapter {
  readonly name: string;
  readonly #catalog: PlantCatalog;
  readonly #clock: Clock;
  readonly #results: ResultIndex;
  readonly #feed = new ResultFeed();
  readonly #faults = new FaultSwitch<LimsOperation>('the in-process LIMS');
  readonly #listeners = new Set<ResultListener>();

  /** Serves `plant` (from loadPlant); `clock` stamps the modification time of recorded results. */
  constructor(plant: PlantDataset, clock: Clock, options: { name?: string } = {}) {
    this.name = options.name ?? 'in-process-lims';
    this.#catalog = new PlantCatalog(plant);
    this.#clock = clock;
    this.#results = new ResultIndex(plant.results.map((result) => structuredClone(result)));
    this.#feed.seed(this.#results.query({ statuses: FEED_STATUSES }));
  }

  capabilities(): LimsCapabilities {
    return { system: 'qloop in-process LIMS simulator', listFinalizedResults: 'native', pushWebhook: 'unavailable', specifications: 'native' };
  }

  /** Final and retracted results changed after the cursor, oldest change first; at most `limit` (1-1000). */
  listFinalizedResults(cursor: ResultCursor, limit = DEFAULT_PAGE): Promise<ResultPage> {
    return this.#faults.run('listFinalizedResults', () => this.#feed.page(cursor, limit));
  }

  /** Results of every status matching the query, most recent first. */
  findResults(query: ResultQuery): Promise<TestResult[]> {
    return this.#faults.run('findResults', () => {
      if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 1)) {
        throw new QloopError('VALIDATION', 'limit must be a positive integer', [{ path: 'limit', message: `got ${query.limit}` }]);
      }
      const matches = this.#results.query({ lotId: query.lotId, sampleId: query.sampleId, test: query.test }).reverse();
      return matches.slice(0, query.limit ?? matches.length).map((result) => structuredClone(result));
    });
  }

  getSample(sampleId: string): Promise<Sample | undefined> {
    return this.#faults.run('getSample', () => copy(this.#catalog.sample(sampleId)));
  }

  getSpecification(productId: string, test: string): Promise<TestSpecification | undefined> {
    return this.#faults.run('getSpecification', () => copy(this.#catalog.specFor(productId, test)));
  }

  /**
   * The lab side: records a result as the LIMS would on verification. A pending analysis with the
   * same id (or, for a final result, the same sample and test) is completed; a final result may
   * be retracted; a redelivery of an identical result changes nothing. Anything else is refused.
   */
  recordResult(input: TestResult): TestResult {
    const result = this.#validate(input);
    const existing = this.#results.get(result.id);
    if (existing && isSameResult(existing, result)) return structuredClone(existing);
    if (existing && existing.status !== 'pending' && !(existing.status === 'final' && result.status === 'retracted')) {
      throw new QloopError('CONFLICT', `result ${result.id} is already ${existing.status}; a correction is a retest with a new result id`);
    }
    if (result.status !== 'pending') this.#completePendingAnalysis(result);
    this.#results.upsert(result);
    if (result.status === 'pending') this.#feed.remove(result.id);
    else this.#feed.append(result, this.#clock.now());
    for (const listener of this.#listeners) listener(structuredClone(result));
    return structuredClone(result);
  }

  /** Calls `listener` with every result recorded from now on; returns the unsubscribe function. */
  subscribe(listener: ResultListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Makes the next `count` port calls fail (see FaultSwitch); the lab side is never affected. */
  failNext(count: number, error?: Error, plan?: FaultPlan<LimsOperation>): void {
    this.#faults.failNext(count, error, plan);
  }

  /** Disarms injected faults. */
  clearFaults(): void {
    this.#faults.clear();
  }

  #validate(input: TestResult): TestResult {
    const parsed = testResultSchema.safeParse(input);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
      throw new QloopError('VALIDATION', `result refused: ${details.map((d) => `${d.path || '(result)'}: ${d.message}`).join('; ')}`, details);
    }
    const result = parsed.data;
    const refuse = (path: string, message: string): never => {
      throw new QloopError('VALIDATION', `result ${result.id} refused: ${path}: ${message}`, [{ path, message }]);
    };
    const sample = this.#catalog.sample(result.sampleId);
    if (!sample) refuse('sampleId', `unknown sample "${result.sampleId}"`);
    if (sample && sample.lotId !== result.lotId) refuse('lotId', `sample ${sample.id} belongs to lot ${sample.lotId}`);
    if (result.specificationId !== undefined) {
      const spec = this.#catalog.specification(result.specificationId);
      if (!spec) refuse('specificationId', `unknown specification "${result.specificationId}"`);
      else if (spec.test !== result.test) refuse('test', `specification ${spec.id} is for test ${spec.test}`);
    }
    if (result.status === 'pending' ? result.value !== '' : result.value.trim() === '') {
      refuse('value', result.status === 'pending' ? 'a pending result has no value yet' : `a ${result.status} result needs its reported value`);
    }
    return result;
  }

  /** A final result completes the open (pending) analysis of the same sample and test. */
  #completePendingAnalysis(result: TestResult): void {
    for (const pending of this.#results.query({ sampleId: result.sampleId, test: result.test, statuses: ['pending'] })) {
      if (pending.id !== result.id) this.#results.remove(pending.id);
    }
  }
}

function isSameResult(a: TestResult, b: TestResult): boolean {
  return a.status === b.status && a.value === b.value && a.sampleId === b.sampleId && a.test === b.test && Date.parse(a.finalizedAt) === Date.parse(b.finalizedAt);
}

function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}
