// The result history a new point is judged against: the plant record's final results for the
// product, test and line, then every result the watcher evaluated since (except those the LIMS
// retracted), in arrival order. Phase I control limits are estimated once from the series'
// baseline and then frozen (phase II).
import type Database from 'better-sqlite3';
import type { SpcBaseline } from '../domain/quality';
import type { TestSpecification } from '../domain/types';
import type { PlantCatalog } from '../plant/catalog';
import { spcBaselineFor } from './quality-check';

const KEEP = 2000;

interface Series {
  values: number[];
  baseline: SpcBaseline | undefined;
}

export class SeriesHistory {
  readonly #series = new Map<string, Series>();
  readonly #live: Database.Statement;

  constructor(private readonly catalog: PlantCatalog, db: Database.Database) {
    this.#live = db.prepare('SELECT numeric FROM evaluations WHERE product_id = ? AND test = ? AND line_id IS ? AND numeric IS NOT NULL AND annulled_at IS NULL ORDER BY n').pluck();
  }

  get(spec: TestSpecification, lineId: string | undefined): Series {
    const key = `${spec.productId}|${spec.test}|${lineId ?? ''}`;
    let series = this.#series.get(key);
    if (!series) {
      const recorded = this.catalog.finalSeries(spec.productId, spec.test, lineId).map((r) => r.numeric ?? Number(r.value)).filter(Number.isFinite);
      const live = this.#live.all(spec.productId, spec.test, lineId ?? null) as number[];
      const values = [...recorded, ...live];
      series = { values: values.slice(-KEEP), baseline: spcBaselineFor(spec, values) };
      this.#series.set(key, series);
    }
    return series;
  }

  append(spec: TestSpecification, lineId: string | undefined, value: number): void {
    const series = this.get(spec, lineId);
    series.values.push(value);
    // A young series gets its frozen limits as soon as it has its baseline.
    if (!series.baseline && spec.spc && series.values.length >= spec.spc.baseline * (spec.spc.chart === 'imr' ? 1 : spec.spc.subgroupSize)) series.baseline = spcBaselineFor(spec, series.values);
    if (series.values.length > KEEP * 1.5) series.values.splice(0, series.values.length - KEEP);
  }

  /** Forget everything (after a failed commit or a retraction the database is the truth again). */
  reset(): void {
    this.#series.clear();
  }
}
