// Results indexed by id, lot, sample and test, returned in time order (finalizedAt, then id):
// shared by the read-only PlantCatalog and the simulated LIMS, which adds results live.
import type { ResultStatus, TestResult } from '../domain/types';

export interface ResultFilter {
  lotId?: string;
  sampleId?: string;
  test?: string;
  /** Only these statuses; all statuses when absent. */
  statuses?: readonly ResultStatus[];
}

/** Time order used everywhere results are listed: finalizedAt, then id as the tie-break. */
export function compareResultTime(a: TestResult, b: TestResult): number {
  return Date.parse(a.finalizedAt) - Date.parse(b.finalizedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class ResultIndex {
  readonly #byId = new Map<string, TestResult>();
  readonly #byLot = new Map<string, Set<string>>();
  readonly #bySample = new Map<string, Set<string>>();
  readonly #byTest = new Map<string, Set<string>>();

  constructor(results: Iterable<TestResult> = []) {
    for (const result of results) this.upsert(result);
  }

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): TestResult | undefined {
    return this.#byId.get(id);
  }

  /** Adds a result, or replaces the one with the same id (a pending analysis becoming final). */
  upsert(result: TestResult): void {
    this.remove(result.id);
    this.#byId.set(result.id, result);
    add(this.#byLot, result.lotId, result.id);
    add(this.#bySample, result.sampleId, result.id);
    add(this.#byTest, result.test, result.id);
  }

  remove(id: string): void {
    const previous = this.#byId.get(id);
    if (!previous) return;
    this.#byId.delete(id);
    this.#byLot.get(previous.lotId)?.delete(id);
    this.#bySample.get(previous.sampleId)?.delete(id);
    this.#byTest.get(previous.test)?.delete(id);
  }

  /** Matching results, oldest first. */
  query(filter: ResultFilter = {}): TestResult[] {
    const candidates = [
      filter.sampleId === undefined ? undefined : this.#bySample.get(filter.sampleId) ?? new Set<string>(),
      filter.lotId === undefined ? undefined : this.#byLot.get(filter.lotId) ?? new Set<string>(),
      filter.test === undefined ? undefined : this.#byTest.get(filter.test) ?? new Set<string>(),
    ].filter((set) => set !== undefined);
    const smallest = candidates.sort((a, b) => a.size - b.size)[0];
    const ids = smallest ?? this.#byId.keys();
    const matches: TestResult[] = [];
    for (const id of ids) {
      const result = this.#byId.get(id);
      if (result && matchesFilter(result, filter)) matches.push(result);
    }
    return matches.sort(compareResultTime);
  }
}

function matchesFilter(result: TestResult, filter: ResultFilter): boolean {
  return (
    (filter.lotId === undefined || result.lotId === filter.lotId) &&
    (filter.sampleId === undefined || result.sampleId === filter.sampleId) &&
    (filter.test === undefined || result.test === filter.test) &&
    (filter.statuses === undefined || filter.statuses.includes(result.status))
  );
}

function add(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids) ids.add(id);
  else index.set(key, new Set([id]));
}
