// PlantCatalog: a frozen, indexed view of a loaded plant dataset for the simulators, the
// copilot and the watcher. Everything it returns is deep-frozen: live state (holds, new
// results) belongs to the LIMS and MES, not to this snapshot.
import type {
  DeviationReport,
  Equipment,
  Line,
  MaterialLot,
  Product,
  ResultStatus,
  Sample,
  TestResult,
  TestSpecification,
  WorkOrder,
  WorkOrderStatus,
} from '../domain/types';
import { HoldReasonCodes, isMicrobialCountUnit, SOP_QA_010_HOLD_REASONS } from './hold-reasons';
import { ResultIndex } from './result-index';
import type { PlantDataset } from './schema';

export interface CatalogResultQuery {
  lotId?: string;
  sampleId?: string;
  test?: string;
  productId?: string;
  lineId?: string;
  /** Only these statuses; all (pending, final, retracted) when absent. */
  statuses?: readonly ResultStatus[];
}

export class PlantCatalog {
  readonly dataset: Readonly<PlantDataset>;
  readonly #lines: Map<string, Line>;
  readonly #lineByTerminal = new Map<string, Line>();
  readonly #products: Map<string, Product>;
  readonly #specs: Map<string, TestSpecification>;
  readonly #specByTest = new Map<string, TestSpecification>();
  readonly #equipment: Map<string, Equipment>;
  readonly #workOrders: Map<string, WorkOrder>;
  readonly #lots: Map<string, MaterialLot>;
  readonly #samples: Map<string, Sample>;
  readonly #samplesByLot = new Map<string, Sample[]>();
  readonly #deviations: Map<string, DeviationReport>;
  readonly #results: ResultIndex;
  readonly #holdReasons: HoldReasonCodes;

  /** Takes a validated dataset (loadPlant); the catalog keeps its own frozen copy. */
  constructor(dataset: PlantDataset) {
    this.dataset = deepFreeze(structuredClone(dataset));
    const plant = this.dataset;
    this.#lines = byId(plant.lines);
    for (const line of plant.lines) for (const terminal of line.terminals) this.#lineByTerminal.set(terminal.id, line);
    this.#products = byId(plant.products);
    this.#specs = byId(plant.specifications);
    for (const spec of plant.specifications) this.#specByTest.set(testKey(spec.productId, spec.test), spec);
    this.#equipment = byId(plant.equipment);
    this.#workOrders = byId(plant.workOrders);
    this.#lots = byId(plant.lots);
    this.#samples = byId(plant.samples);
    for (const sample of plant.samples) this.#samplesByLot.set(sample.lotId, [...(this.#samplesByLot.get(sample.lotId) ?? []), sample]);
    this.#deviations = byId(plant.deviations);
    this.#results = new ResultIndex(plant.results);
    this.#holdReasons = new HoldReasonCodes(plant.holdReasons ?? SOP_QA_010_HOLD_REASONS, (productId, test) => isMicrobialCountUnit(this.specFor(productId, test)?.unit));
  }

  get plant(): PlantDataset['plant'] {
    return this.dataset.plant;
  }

  /** The moment the snapshot describes; the demo clock starts here. */
  get asOf(): string {
    return this.dataset.asOf;
  }

  lines(): readonly Line[] {
    return this.dataset.lines;
  }
  line(lineId: string): Line | undefined {
    return this.#lines.get(lineId);
  }
  /** The line a terminal stands on: alerts for a lot go to the terminals of its line. */
  lineByTerminal(terminalId: string): Line | undefined {
    return this.#lineByTerminal.get(terminalId);
  }

  products(): readonly Product[] {
    return this.dataset.products;
  }
  product(productId: string): Product | undefined {
    return this.#products.get(productId);
  }

  specification(specificationId: string): TestSpecification | undefined {
    return this.#specs.get(specificationId);
  }
  /** The specification of one test on one product (at most one per product and test). */
  specFor(productId: string, test: string): TestSpecification | undefined {
    return this.#specByTest.get(testKey(productId, test));
  }
  specsForProduct(productId: string): TestSpecification[] {
    return this.dataset.specifications.filter((spec) => spec.productId === productId);
  }

  equipment(equipmentId: string): Equipment | undefined {
    return this.#equipment.get(equipmentId);
  }
  equipmentOnLine(lineId: string): Equipment[] {
    return this.dataset.equipment.filter((unit) => unit.lineId === lineId);
  }

  workOrder(workOrderId: string): WorkOrder | undefined {
    return this.#workOrders.get(workOrderId);
  }
  workOrdersOnLine(lineId: string, status?: WorkOrderStatus): WorkOrder[] {
    return this.dataset.workOrders.filter((order) => order.lineId === lineId && (status === undefined || order.status === status));
  }

  lots(): readonly MaterialLot[] {
    return this.dataset.lots;
  }
  lot(lotId: string): MaterialLot | undefined {
    return this.#lots.get(lotId);
  }
  /**
   * A lot as people name it: "LOT-12345", "lot-12345", "12345" or a unique suffix like
   * "0105" for LOT-24-0105. Undefined when nothing or more than one lot matches.
   */
  resolveLot(reference: string): MaterialLot | undefined {
    const ref = reference.trim().toUpperCase().replace(/^LOT\s+/, 'LOT-');
    if (ref === '') return undefined;
    const exact = this.#lots.get(ref) ?? this.#lots.get(`LOT-${ref}`);
    if (exact) return exact;
    const bySuffix = this.dataset.lots.filter((lot) => lot.id.toUpperCase().endsWith(`-${ref}`));
    return bySuffix.length === 1 ? bySuffix[0] : undefined;
  }

  sample(sampleId: string): Sample | undefined {
    return this.#samples.get(sampleId);
  }
  samplesForLot(lotId: string): readonly Sample[] {
    return this.#samplesByLot.get(lotId) ?? [];
  }

  result(resultId: string): TestResult | undefined {
    return this.#results.get(resultId);
  }
  /** Results matching every given field, oldest first (finalizedAt, then id). */
  results(query: CatalogResultQuery = {}): TestResult[] {
    const { productId, lineId, ...indexed } = query;
    const matches = this.#results.query(indexed);
    if (productId === undefined && lineId === undefined) return matches;
    return matches.filter((result) => {
      const lot = this.#lots.get(result.lotId);
      return (productId === undefined || lot?.productId === productId) && (lineId === undefined || lot?.lineId === lineId);
    });
  }
  resultsForLot(lotId: string, test?: string): TestResult[] {
    return this.results({ lotId, test });
  }
  resultsForSample(sampleId: string, test?: string): TestResult[] {
    return this.results({ sampleId, test });
  }
  /** The final results of one test on one product (optionally one line): an SPC series. */
  finalSeries(productId: string, test: string, lineId?: string): TestResult[] {
    return this.results({ productId, test, lineId, statuses: ['final'] });
  }

  /** The site's hold reason codes (the file's holdReasons, else SOP-QA-010's) and which one a hold gets. */
  holdReasons(): HoldReasonCodes {
    return this.#holdReasons;
  }

  deviations(): readonly DeviationReport[] {
    return this.dataset.deviations;
  }
  deviation(deviationId: string): DeviationReport | undefined {
    return this.#deviations.get(deviationId);
  }
  deviationsForLot(lotId: string): DeviationReport[] {
    return this.dataset.deviations.filter((deviation) => deviation.lotIds.includes(lotId));
  }
  deviationsForEquipment(equipmentId: string): DeviationReport[] {
    return this.dataset.deviations.filter((deviation) => deviation.equipmentIds.includes(equipmentId));
  }
}

function testKey(productId: string, test: string): string {
  return `${productId}\u0000${test}`;
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
