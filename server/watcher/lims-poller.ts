// Polls a pull-only LIMS (most of them: INTEGRATIONS.md section 6) for finalized results after a
// cursor (time + tie-break id). Each page and the cursor after it commit together, so a restart
// resumes exactly where the last committed page ended and a redelivered page is a no-op.
import type { Logger } from 'pino';
import type { LimsAdapter, ResultCursor } from '../ports/lims';
import { fromLimsResult } from './incoming-result';
import type { LimsInbox } from './lims-inbox';

export interface PollerOptions {
  intervalMs: number;
  pageSize: number;
  /** Where to start when no cursor is stored yet (the plant record's as-of time). */
  startAt: string;
}

export class LimsPoller {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #polling: Promise<number> | undefined;

  constructor(private readonly lims: LimsAdapter, private readonly inbox: LimsInbox, private readonly logger: Logger, private readonly options: PollerOptions) {}

  start(): void {
    if (this.lims.capabilities().listFinalizedResults === 'unavailable') {
      this.logger.info({ lims: this.lims.name }, 'LIMS cannot list finalized results: polling off, webhook only');
      return;
    }
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#polling?.catch(() => 0);
  }

  cursor(): ResultCursor {
    return this.inbox.cursor(this.lims.name) ?? { since: this.options.startAt };
  }

  /** One pass: pages until the LIMS has nothing newer. Returns how many new results were taken. */
  async pollOnce(): Promise<number> {
    let taken = 0;
    let cursor = this.cursor();
    for (;;) {
      const page = await this.lims.listFinalizedResults(cursor, this.options.pageSize);
      // A retraction is an event of its own (INTEGRATIONS.md 6), never an overwrite of the result.
      const results = page.results.filter((r) => r.status === 'final' || r.status === 'retracted').map(fromLimsResult);
      const receipts = await this.inbox.acceptPage(results, `lims-poll:${this.lims.name}`, this.lims.name, page.next);
      taken += receipts.filter((r) => !r.duplicate).length;
      if (page.results.length < this.options.pageSize || sameCursor(page.next, cursor)) return taken;
      cursor = page.next;
    }
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#polling = this.pollOnce().catch((err: unknown) => {
        this.logger.warn({ err, lims: this.lims.name }, 'LIMS poll failed; trying again next interval');
        return 0;
      });
      void this.#polling.finally(() => this.#schedule(this.options.intervalMs));
    }, delayMs);
    this.#timer.unref();
  }
}

function sameCursor(a: ResultCursor, b: ResultCursor): boolean {
  return a.since === b.since && a.afterId === b.afterId;
}
