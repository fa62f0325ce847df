// The simulated LIMS's change feed: finalized and retracted results ordered by the LIMS's own
// modification time, then id. A result recorded later always sorts after every cursor handed
// out before, so paging never loses or repeats a row while results keep arriving.
import type { TestResult } from '../../server/domain/types';
import { QloopError } from '../../server/errors';
import type { ResultCursor, ResultPage } from '../../server/ports/lims';

interface FeedEntry {
  modifiedAt: number;
  result: TestResult;
}

export const MAX_PAGE = 1000;

export class ResultFeed {
  #entries: FeedEntry[] = [];
  #latest = -Infinity;

  /** Loads existing results, modified when they were finalized. */
  seed(results: readonly TestResult[]): void {
    for (const result of results) this.#entries.push({ modifiedAt: Date.parse(result.finalizedAt), result });
    this.#entries.sort(compareEntries);
    this.#latest = Math.max(this.#latest, ...this.#entries.map((entry) => entry.modifiedAt));
  }

  /**
   * Appends a changed result (new, final or retracted) stamped with the LIMS time `now`, bumped
   * by 1 ms when needed so that it is strictly the newest entry: a database sequence would do the same.
   */
  append(result: TestResult, now: number): void {
    this.remove(result.id);
    const modifiedAt = Math.max(now, this.#latest + 1);
    this.#latest = modifiedAt;
    this.#entries.push({ modifiedAt, result });
  }

  remove(resultId: string): void {
    this.#entries = this.#entries.filter((entry) => entry.result.id !== resultId);
  }

  /** Entries modified after the cursor (at `since` with an id after `afterId`), oldest first. */
  page(cursor: ResultCursor, limit: number): ResultPage {
    const since = Date.parse(cursor.since);
    if (typeof cursor.since !== 'string' || Number.isNaN(since)) {
      throw new QloopError('VALIDATION', 'cursor.since must be an ISO 8601 time', [{ path: 'cursor.since', message: `not a time: ${String(cursor.since)}` }]);
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new QloopError('VALIDATION', `limit must be an integer from 1 to ${MAX_PAGE}`, [{ path: 'limit', message: `got ${limit}` }]);
    }
    const afterId = cursor.afterId ?? '';
    const start = this.#firstAfter(since, afterId);
    const entries = this.#entries.slice(start, start + limit);
    const last = entries.at(-1);
    return {
      results: entries.map((entry) => structuredClone(entry.result)),
      next: last ? { since: new Date(last.modifiedAt).toISOString(), afterId: last.result.id } : { ...cursor },
    };
  }

  #firstAfter(since: number, afterId: string): number {
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.#entries[middle] as FeedEntry;
      const isAfter = entry.modifiedAt > since || (entry.modifiedAt === since && entry.result.id > afterId);
      if (isAfter) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

function compareEntries(a: FeedEntry, b: FeedEntry): number {
  return a.modifiedAt - b.modifiedAt || (a.result.id < b.result.id ? -1 : a.result.id > b.result.id ? 1 : 0);
}
