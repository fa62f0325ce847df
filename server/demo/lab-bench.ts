// The demo's lab bench: a lab result recorded into the simulated LIMS, which then delivers it to
// the watcher the way that LIMS does (the poller takes it at once; a pushing simulator also posts
// it to the webhook). The LIMS stays the one source of truth: the alert and the copilot's answer
// both come from what the LIMS now holds. The simulated LIMS lives in memory, so the bench keeps
// what it recorded in a journal in the data folder and records it again at the next start: a
// real LIMS does not forget a verified result when qloop restarts, and the copilot must not either.
import fs from 'node:fs';
import { z } from 'zod';
import type { RecordingLims } from '../adapters/lims/connect';
import type { TestResult } from '../domain/types';
import { QloopError } from '../errors';
import type { PlantCatalog } from '../plant/catalog';
import type { Clock } from '../ports/clock';

const text = (what: string) => z.string({ error: `${what} must be a string` }).trim().min(1, `${what} must not be empty`).max(100, `${what} is longer than 100 characters`);

/** What the demo page sends: the webhook's field names (DESIGN.md), only those the lab decides. */
export const demoLabResultSchema = z.strictObject(
  {
    sample_id: text('sample_id'),
    test_name: text('test_name'),
    result: z.union([z.number().finite(), z.string().trim().min(1).max(100)], { error: 'result must be a number or a non-empty string' }),
    result_id: text('result_id').optional(),
    finalized_at: z.iso.datetime({ offset: true, error: 'finalized_at must be an ISO 8601 time like 2024-05-03T10:15:00Z' }).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}: send sample_id, test_name, result and optionally result_id, finalized_at` : undefined) },
);
export type DemoLabResult = z.infer<typeof demoLabResultSchema>;

/** The part of the LIMS poller the bench uses: one pass now, instead of waiting for the interval. */
export interface ResultPoll {
  pollOnce(): Promise<number>;
}

export interface LabBenchDeps {
  lims: RecordingLims;
  catalog: PlantCatalog;
  clock: Clock;
  /** The watcher's LIMS poller; absent when QLOOP_LIMS_POLL_MS=0. */
  poller?: ResultPoll;
  /** JSON Lines file of the results recorded so far (e.g. <data dir>/demo-lab-results.jsonl). */
  journal?: string;
}

/** How the result reached (or will reach) the watcher, said the way an operator can follow. */
export type Delivery = { by: 'poll'; taken: number } | { by: 'push' } | { by: 'next-poll'; reason: string } | { by: 'none'; reason: string };

export interface Recording {
  result: TestResult;
  /** False when the LIMS already held this very result (a second click). */
  changed: boolean;
  delivery: Delivery;
}

/** A lab result checked and ready to record, before anything is in the LIMS (so it can be audited first). */
export interface PreparedResult {
  result: TestResult;
  /** False when the LIMS already holds this very result (a second click). */
  changed: boolean;
}

export class LabBench {
  constructor(private readonly deps: LabBenchDeps) {}

  /** prepare, then record: for callers with nothing to do in between. */
  async record(input: DemoLabResult, analyst: string): Promise<Recording> {
    return this.commit(await this.prepare(input, analyst));
  }

  /**
   * The result the lab would record, and whether the LIMS already holds it; a correction of a
   * final result is refused here (as the LIMS would), so nothing is audited that cannot happen.
   */
  async prepare(input: DemoLabResult, analyst: string): Promise<PreparedResult> {
    const result = await this.#resultFor(input, analyst);
    const held = (await this.deps.lims.findResults({ sampleId: result.sampleId, test: result.test })).find((r) => r.id === result.id);
    if (held && held.status !== 'pending' && (held.status !== result.status || held.value !== result.value)) {
      throw new QloopError('CONFLICT', `result ${result.id} is already ${held.status} in the LIMS (${held.value}${held.unit ? ` ${held.unit}` : ''}); a correction is a retest with a new result id`);
    }
    return { result, changed: !held || held.status === 'pending' };
  }

  /** Records the prepared result into the simulated LIMS, keeps it in the journal, delivers it to the watcher. */
  async commit(prepared: PreparedResult): Promise<Recording> {
    const recorded = this.deps.lims.recordResult(prepared.result);
    if (prepared.changed && this.deps.journal) fs.appendFileSync(this.deps.journal, `${JSON.stringify(recorded)}\n`);
    return { result: recorded, changed: prepared.changed, delivery: await this.#deliver() };
  }

  /**
   * Records the journal's results into the (fresh) simulated LIMS again; the watcher already has
   * them, so its next poll sees duplicates and changes nothing. Returns how many were restored and
   * what could not be (a line that no longer fits the plant file is skipped, not fatal).
   */
  restore(): { restored: number; skipped: string[] } {
    const skipped: string[] = [];
    let restored = 0;
    if (!this.deps.journal || !fs.existsSync(this.deps.journal)) return { restored, skipped };
    const lines = fs.readFileSync(this.deps.journal, 'utf8').split('\n').filter((line) => line.trim());
    for (const [index, line] of lines.entries()) {
      try {
        this.deps.lims.recordResult(JSON.parse(line) as TestResult);
        restored += 1;
      } catch (err) {
        skipped.push(`line ${index + 1}: ${(err as Error).message}`);
      }
    }
    return { restored, skipped };
  }

  /** Completes the sample's open analysis of that test, as the lab would on verification. */
  async #resultFor(input: DemoLabResult, analyst: string): Promise<TestResult> {
    const { catalog } = this.deps;
    const sample = catalog.sample(input.sample_id.toUpperCase()) ?? catalog.sample(input.sample_id);
    if (!sample) throw new QloopError('VALIDATION', `sample_id: no sample "${input.sample_id}" in this plant's LIMS (e.g. BATCH-2024-001-05)`, [{ path: 'sample_id', message: 'unknown sample' }]);
    const productId = catalog.lot(sample.lotId)?.productId;
    const specs = productId ? catalog.specsForProduct(productId) : [];
    const wanted = input.test_name.toUpperCase();
    const spec = specs.find((s) => s.test.toUpperCase() === wanted || s.keyword.toUpperCase() === wanted);
    const open = (await this.deps.lims.findResults({ sampleId: sample.id })).filter((r) => r.test.toUpperCase() === (spec?.test ?? wanted).toUpperCase());
    const test = spec?.test ?? open[0]?.test;
    if (!test) {
      const known = [...new Set(specs.map((s) => s.test))].join(', ');
      throw new QloopError('VALIDATION', `test_name: sample ${sample.id} (${productId ?? 'no product'}) has no test "${input.test_name}"${known ? `; its tests are ${known}` : ''}`, [{ path: 'test_name', message: 'unknown test for this sample' }]);
    }
    const pending = open.find((r) => r.status === 'pending');
    const value = typeof input.result === 'number' ? String(input.result) : input.result;
    const numeric = Number(value);
    return {
      id: input.result_id ?? pending?.id ?? `R-DEMO-${sample.id}-${test}`,
      sampleId: sample.id,
      lotId: sample.lotId,
      ...(spec ? { specificationId: spec.id } : pending?.specificationId ? { specificationId: pending.specificationId } : {}),
      test,
      value,
      ...(value.trim() !== '' && Number.isFinite(numeric) ? { numeric } : {}),
      unit: spec?.unit ?? pending?.unit ?? '',
      status: 'final',
      finalizedAt: new Date(input.finalized_at ?? this.deps.clock.iso()).toISOString(),
      analyst,
      ...(pending?.instrumentId ? { instrumentId: pending.instrumentId } : {}),
    };
  }

  async #deliver(): Promise<Delivery> {
    const pushes = this.deps.lims.capabilities().pushWebhook === 'native';
    if (!this.deps.poller) return pushes ? { by: 'push' } : { by: 'none', reason: 'LIMS polling is off (QLOOP_LIMS_POLL_MS=0) and this LIMS does not push results' };
    try {
      const taken = await this.deps.poller.pollOnce();
      return pushes && taken === 0 ? { by: 'push' } : { by: 'poll', taken };
    } catch (err) {
      // A faulty simulator (QLOOP_SIM_FAULTS) fails a poll now and then: the next one takes it.
      return pushes ? { by: 'push' } : { by: 'next-poll', reason: (err as Error).message };
    }
  }
}
