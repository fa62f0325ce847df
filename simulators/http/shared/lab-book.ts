// The QC lab behind every LIMS simulator: analyses with a workflow state and the LIMS's
// own modification time. The modification time, not the finalization time, orders a poll:
// a late result (finalized hours ago, entered now) sorts after everything already seen.
import type { Sample, TestResult } from '../../../server/domain/types';
import type { PlantCatalog } from '../../../server/plant/catalog';
import type { Clock } from '../../../server/ports/clock';
import { hexUid } from './ids';

/** SENAITE's analysis states (INTEGRATIONS.md 4, [U] names kept configurable in the adapter). */
export type AnalysisState = 'unassigned' | 'to_be_verified' | 'verified' | 'published' | 'retracted' | 'rejected';
export type AnalysisTransition = 'submit' | 'verify' | 'publish' | 'retract' | 'retest' | 'reject';

export interface Analysis {
  uid: string;
  /** The lab's result id (the webhook's result_id). */
  resultId: string;
  sampleId: string;
  lotId: string;
  test: string;
  specificationId?: string;
  unit: string;
  value: string;
  state: AnalysisState;
  createdAt: string;
  capturedAt?: string;
  verifiedAt?: string;
  /** LIMS modification time, epoch ms; strictly increasing for every change. */
  modified: number;
  analyst?: string;
  instrumentId?: string;
  comment?: string;
  retestOf?: string;
}

export type AnalysisListener = (analysis: Analysis) => void;

const TRANSITIONS: Record<AnalysisTransition, readonly AnalysisState[]> = {
  submit: ['unassigned'],
  verify: ['to_be_verified'],
  publish: ['verified'],
  retract: ['to_be_verified', 'verified'],
  retest: ['to_be_verified'],
  reject: ['unassigned', 'to_be_verified'],
};

export class LabRefusal extends Error {
  constructor(
    readonly kind: 'unknown-sample' | 'wrong-lot' | 'conflict' | 'bad-transition' | 'unknown-analysis',
    message: string,
  ) {
    super(message);
    this.name = 'LabRefusal';
  }
}

export class LabBook {
  readonly #byUid = new Map<string, Analysis>();
  readonly #listeners = new Set<AnalysisListener>();
  #latest = -Infinity;

  constructor(
    readonly catalog: PlantCatalog,
    private readonly clock: Clock,
  ) {
    for (const result of catalog.results()) {
      const at = Date.parse(result.finalizedAt);
      const analysis: Analysis = {
        uid: hexUid(result.id),
        resultId: result.id,
        sampleId: result.sampleId,
        lotId: result.lotId,
        test: result.test,
        specificationId: result.specificationId,
        unit: result.unit,
        value: result.status === 'pending' ? '' : result.value,
        state: result.status === 'final' ? 'verified' : result.status === 'retracted' ? 'retracted' : 'unassigned',
        createdAt: catalog.sample(result.sampleId)?.sampledAt ?? result.finalizedAt,
        capturedAt: result.status === 'pending' ? undefined : result.finalizedAt,
        verifiedAt: result.status === 'pending' ? undefined : result.finalizedAt,
        modified: at,
        analyst: result.analyst,
        instrumentId: result.instrumentId,
        comment: result.comment,
      };
      this.#byUid.set(analysis.uid, analysis);
      this.#latest = Math.max(this.#latest, at);
    }
  }

  analyses(): Analysis[] {
    return [...this.#byUid.values()];
  }
  get(uid: string): Analysis | undefined {
    return this.#byUid.get(uid);
  }
  byResultId(resultId: string): Analysis | undefined {
    return this.analyses().find((a) => a.resultId === resultId);
  }
  samples(): readonly Sample[] {
    return this.catalog.dataset.samples;
  }
  sample(sampleId: string): Sample | undefined {
    return this.catalog.sample(sampleId);
  }

  onChange(listener: AnalysisListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The lab side: a result verified (or retracted) in the LIMS. A final result completes the
   * open analysis of its sample and test; a redelivery of the same result changes nothing.
   */
  record(result: TestResult): Analysis {
    const sample = this.catalog.sample(result.sampleId);
    if (!sample) throw new LabRefusal('unknown-sample', `unknown sample "${result.sampleId}"`);
    if (sample.lotId !== result.lotId) throw new LabRefusal('wrong-lot', `sample ${sample.id} belongs to lot ${sample.lotId}`);
    const existing = this.byResultId(result.id);
    if (result.status === 'retracted') {
      const target = existing ?? this.analyses().find((a) => a.sampleId === result.sampleId && a.test === result.test && a.state === 'verified');
      if (!target) throw new LabRefusal('unknown-analysis', `no final result ${result.id} to retract`);
      if (target.state === 'retracted') return target;
      return this.#change(target, { state: 'retracted', comment: result.comment ?? target.comment });
    }
    if (existing && (existing.state === 'verified' || existing.state === 'published')) {
      if (existing.value === result.value) return existing;
      throw new LabRefusal('conflict', `result ${result.id} is already final; a correction is a retest`);
    }
    const open = existing ?? this.analyses().find((a) => a.sampleId === result.sampleId && a.test === result.test && (a.state === 'unassigned' || a.state === 'to_be_verified'));
    const final = { resultId: result.id, value: result.value, unit: result.unit, capturedAt: result.finalizedAt, verifiedAt: result.finalizedAt, analyst: result.analyst, instrumentId: result.instrumentId, comment: result.comment, specificationId: result.specificationId };
    if (open) return this.#change(open, { ...final, state: result.status === 'final' ? 'verified' : 'to_be_verified' });
    const fresh: Analysis = { uid: hexUid(result.id), sampleId: result.sampleId, lotId: result.lotId, test: result.test, createdAt: this.clock.iso(), state: 'unassigned', modified: 0, ...final };
    this.#byUid.set(fresh.uid, fresh);
    return this.#change(fresh, { state: result.status === 'final' ? 'verified' : 'to_be_verified' });
  }

  /** A workflow transition as SENAITE's `update` performs it; invalid ones are refused. */
  transition(uid: string, transition: AnalysisTransition, input: { result?: string; by?: string } = {}): Analysis {
    const analysis = this.#byUid.get(uid);
    if (!analysis) throw new LabRefusal('unknown-analysis', `no analysis ${uid}`);
    if (!TRANSITIONS[transition].includes(analysis.state)) {
      throw new LabRefusal('bad-transition', `transition "${transition}" is not possible in state "${analysis.state}"`);
    }
    const now = this.clock.iso();
    switch (transition) {
      case 'submit':
        if ((input.result ?? analysis.value) === '') throw new LabRefusal('bad-transition', 'cannot submit an analysis without a result');
        return this.#change(analysis, { state: 'to_be_verified', value: input.result ?? analysis.value, capturedAt: now, analyst: input.by ?? analysis.analyst });
      case 'verify':
        return this.#change(analysis, { state: 'verified', verifiedAt: now });
      case 'publish':
        return this.#change(analysis, { state: 'published' });
      case 'reject':
        return this.#change(analysis, { state: 'rejected' });
      case 'retract':
      case 'retest': {
        const changed = this.#change(analysis, { state: transition === 'retract' ? 'retracted' : 'verified', verifiedAt: transition === 'retest' ? now : analysis.verifiedAt });
        this.#addRetest(analysis);
        return changed;
      }
    }
  }

  /** Marks an analysis modified without changing it (data changing between pages). */
  touch(uid: string): void {
    const analysis = this.#byUid.get(uid);
    if (analysis) this.#change(analysis, {});
  }

  #addRetest(original: Analysis): void {
    const uid = hexUid(`${original.uid}-retest-${this.analyses().length}`);
    const retest: Analysis = { uid, resultId: `${original.resultId}-R`, sampleId: original.sampleId, lotId: original.lotId, test: original.test, specificationId: original.specificationId, unit: original.unit, value: '', state: 'unassigned', createdAt: this.clock.iso(), modified: 0, retestOf: original.uid };
    this.#byUid.set(uid, retest);
    this.#change(retest, {});
  }

  #change(analysis: Analysis, change: Partial<Analysis>): Analysis {
    Object.assign(analysis, change);
    // A database sequence would do the same: every change is strictly the newest.
    analysis.modified = Math.max(this.clock.now(), this.#latest + 1);
    this.#latest = analysis.modified;
    for (const listener of this.#listeners) listener(analysis);
    return analysis;
  }
}
