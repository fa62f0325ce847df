// The webhook intake: checks each result of a delivery on its own (a bad item is named by its
// path, e.g. `[2].spec_min`, and the good ones around it are still taken), then commits the good
// ones to the inbox before answering. The report lists every item's fate.
import { issuesToDetails, QloopError, type ErrorDetail } from '../errors';
import { fromWebhook, limsResultSchema, type IncomingResult } from './incoming-result';
import type { InboxReceipt, LimsInbox } from './lims-inbox';

export const MAX_RESULTS_PER_DELIVERY = 1000;

export type ItemReport =
  | { index: number; status: 'accepted' | 'duplicate'; resultId: string; inboxSeq: number; amended?: true; reissued?: true }
  | { index: number; status: 'rejected'; error: { code: 'VALIDATION'; message: string; details: ErrorDetail[] } };

export interface IntakeReport {
  /** 202: all taken; 207: some taken, some refused; 422: none taken. */
  status: 202 | 207 | 422;
  accepted: number;
  duplicates: number;
  rejected: number;
  results: ItemReport[];
}

export class ResultIntake {
  constructor(private readonly inbox: LimsInbox, private readonly source = 'lims-webhook') {}

  async deliver(body: unknown): Promise<IntakeReport> {
    const { good, reports } = this.#check(body);
    const receipts = await this.inbox.accept(good.map((g) => g.result), this.source);
    return this.#report(good, reports, receipts);
  }

  /**
   * The identical signed delivery again (a retry after a lost answer): the same report, nothing
   * written, when every result in it is already stored; undefined when some is not (not a redelivery).
   */
  redelivery(body: unknown): IntakeReport | undefined {
    const { good, reports } = this.#check(body);
    const receipts: InboxReceipt[] = [];
    for (const { result } of good) {
      const seq = this.inbox.stored(result);
      if (seq === undefined) return undefined;
      receipts.push({ resultId: result.resultId, inboxSeq: seq, duplicate: true });
    }
    return this.#report(good, reports, receipts);
  }

  #check(body: unknown): { good: Array<{ index: number; result: IncomingResult }>; reports: ItemReport[] } {
    const batch = Array.isArray(body);
    const items: unknown[] = batch ? body : [body];
    if (items.length === 0) throw new QloopError('VALIDATION', 'the delivery holds no results (an empty array)', [{ path: '(root)', message: 'empty array' }]);
    if (items.length > MAX_RESULTS_PER_DELIVERY) throw new QloopError('PAYLOAD_TOO_LARGE', `at most ${MAX_RESULTS_PER_DELIVERY} results per delivery; got ${items.length}`);
    const good: Array<{ index: number; result: IncomingResult }> = [];
    const reports: ItemReport[] = [];
    items.forEach((item, index) => {
      const parsed = limsResultSchema.safeParse(item);
      if (parsed.success) return good.push({ index, result: fromWebhook(parsed.data) });
      const details = issuesToDetails(parsed.error.issues, batch ? `[${index}]` : '');
      const first = details[0] as ErrorDetail;
      reports.push({ index, status: 'rejected', error: { code: 'VALIDATION', message: `${first.path}: ${first.message}`, details } });
    });
    return { good, reports };
  }

  #report(good: Array<{ index: number; result: IncomingResult }>, reports: ItemReport[], receipts: InboxReceipt[]): IntakeReport {
    receipts.forEach((receipt, i) => {
      reports.push({ index: (good[i] as { index: number }).index, status: receipt.duplicate ? 'duplicate' : 'accepted', resultId: receipt.resultId, inboxSeq: receipt.inboxSeq, ...(receipt.amended ? { amended: true as const } : {}), ...(receipt.reissued ? { reissued: true as const } : {}) });
    });
    reports.sort((a, b) => a.index - b.index);
    const rejected = reports.filter((r) => r.status === 'rejected').length;
    const duplicates = reports.filter((r) => r.status === 'duplicate').length;
    const accepted = reports.length - rejected - duplicates;
    return { status: rejected === 0 ? 202 : good.length > 0 ? 207 : 422, accepted, duplicates, rejected, results: reports };
  }
}
