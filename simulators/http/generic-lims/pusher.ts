// The generic LIMS's push channel: every result verified in the lab is POSTed as the
// reference webhook payload, signed like DESIGN.md says (X-Qloop-Signature over
// timestamp + "." + body; the timestamp in ms so a redelivery gets its own signature).
// Faults a real LIMS shows are switchable: duplicate deliveries, out-of-order batches,
// late deliveries, and retries of failed posts.
import { createHmac } from 'node:crypto';
import type { Analysis, LabBook } from '../shared/lab-book';
import { seededRandom } from '../../seeded-random';
import { webhookPayload } from './rows';

export interface PushSettings {
  /** Share of deliveries sent twice. */
  duplicateRate: number;
  /** Deliveries are held until this many are waiting, then sent in a shuffled order. */
  shuffleWindow: number;
  /** Extra delay before a delivery goes out. */
  lateMs: number;
  /** Attempts per delivery before it is given up (logged in `failed`). */
  attempts: number;
  seed: number;
}

export class ResultPusher {
  readonly sent: { resultId: string; status: number }[] = [];
  readonly failed: string[] = [];
  #target?: string;
  #queue: Analysis[] = [];
  #pending = new Set<Promise<void>>();
  #lastStamp = 0;
  #settings: PushSettings;
  #random: () => number;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly lab: LabBook,
    private readonly secret = '',
    settings: Partial<PushSettings> = {},
  ) {
    this.#settings = { duplicateRate: 0, shuffleWindow: 1, lateMs: 0, attempts: 5, seed: 1, ...settings };
    this.#random = seededRandom(this.#settings.seed);
    this.#unsubscribe = lab.onChange((a) => {
      if (a.state === 'verified') this.#enqueue(a);
    });
  }

  /** Where results go (qloop's POST /api/lims/results); nothing is pushed until it is set. */
  setTarget(url: string | undefined): void {
    this.#target = url;
  }

  configure(settings: Partial<PushSettings>): void {
    this.#settings = { ...this.#settings, ...settings };
    this.#random = seededRandom(this.#settings.seed);
  }

  /** Sends whatever is still held back by the shuffle window and waits for every delivery. */
  async flush(): Promise<void> {
    this.#release(true);
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }

  stop(): void {
    this.#unsubscribe();
  }

  #enqueue(a: Analysis): void {
    if (!this.#target) return;
    this.#queue.push({ ...a });
    this.#release(false);
  }

  #release(all: boolean): void {
    if (!all && this.#queue.length < this.#settings.shuffleWindow) return;
    const batch = this.#queue.splice(0);
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.#random() * (i + 1));
      [batch[i], batch[j]] = [batch[j] as Analysis, batch[i] as Analysis];
    }
    for (const a of batch) {
      const copies = this.#random() < this.#settings.duplicateRate ? 2 : 1;
      for (let c = 0; c < copies; c++) this.#track(this.#deliver(a));
    }
  }

  #track(delivery: Promise<void>): void {
    this.#pending.add(delivery);
    void delivery.finally(() => this.#pending.delete(delivery));
  }

  async #deliver(a: Analysis): Promise<void> {
    if (this.#settings.lateMs > 0) await sleep(this.#settings.lateMs);
    const body = JSON.stringify(webhookPayload(this.lab, a));
    for (let attempt = 1; attempt <= this.#settings.attempts; attempt++) {
      const target = this.#target;
      if (!target) return;
      // Strictly increasing ms stamps: two copies sent in the same millisecond still differ.
      this.#lastStamp = Math.max(Date.now(), this.#lastStamp + 1);
      const timestamp = String(this.#lastStamp);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-qloop-timestamp': timestamp };
      if (this.secret) headers['x-qloop-signature'] = `sha256=${createHmac('sha256', this.secret).update(`${timestamp}.${body}`).digest('hex')}`;
      try {
        const res = await fetch(target, { method: 'POST', headers, body });
        await res.arrayBuffer();
        if (res.status < 500 && res.status !== 429) {
          this.sent.push({ resultId: a.resultId, status: res.status });
          return;
        }
      } catch {
        // connection refused: qloop is restarting; try again below
      }
      await sleep(Math.min(5_000, 100 * 2 ** attempt));
    }
    this.failed.push(a.resultId);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
