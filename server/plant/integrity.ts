// Cross-reference checks on a shape-valid plant dataset: unique ids and every reference
// resolving to the right thing (a result's sample belongs to the result's lot, a spec to the
// lot's product...). Value checks (limits, ranges, times) live in integrity-values.ts.
import { checkHoldReasons } from './integrity-hold-reasons';
import { jsonPath } from './issues';
import type { IssueReporter, PlantIssue } from './issues';
import { checkPlantValues } from './integrity-values';
import type { PlantDataset } from './schema';

/** Every integrity problem of the dataset; an empty list means it can be served. */
export function checkPlantIntegrity(plant: PlantDataset): PlantIssue[] {
  const issues: PlantIssue[] = [];
  const report: IssueReporter = (path, message) => issues.push({ path: jsonPath(path), message });
  checkUniqueIds(plant, report);
  checkReferences(plant, report);
  checkPlantValues(plant, report);
  checkHoldReasons(plant, report);
  return issues;
}

function unique(items: readonly { id: string }[], at: (index: number) => PropertyKey[], report: IssueReporter, seen = new Map<string, string>()): void {
  items.forEach((item, index) => {
    const path = at(index);
    const first = seen.get(item.id);
    if (first !== undefined) report([...path, 'id'], `duplicate id "${item.id}" (first used at ${first})`);
    else seen.set(item.id, jsonPath(path));
  });
}

function checkUniqueIds(plant: PlantDataset, report: IssueReporter): void {
  for (const key of ['lines', 'products', 'specifications', 'equipment', 'workOrders', 'lots', 'samples', 'results', 'deviations'] as const) {
    unique(plant[key], (index) => [key, index], report);
  }
  const terminals = new Map<string, string>();
  plant.lines.forEach((line, l) => unique(line.terminals, (t) => ['lines', l, 'terminals', t], report, terminals));
  const parameters = new Map<string, string>();
  plant.equipment.forEach((unit, e) => unique(unit.parameters, (p) => ['equipment', e, 'parameters', p], report, parameters));
  const holds = new Map<string, string>();
  plant.lots.forEach((lot, l) => unique(lot.holds, (h) => ['lots', l, 'holds', h], report, holds));
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function checkReferences(plant: PlantDataset, report: IssueReporter): void {
  const lines = byId(plant.lines);
  const products = byId(plant.products);
  const specs = byId(plant.specifications);
  const equipment = byId(plant.equipment);
  const workOrders = byId(plant.workOrders);
  const lots = byId(plant.lots);
  const samples = byId(plant.samples);

  plant.lines.forEach((line, l) =>
    line.equipmentIds.forEach((equipmentId, e) => {
      const unit = equipment.get(equipmentId);
      if (!unit) report(['lines', l, 'equipmentIds', e], `unknown equipment "${equipmentId}"`);
      else if (unit.lineId !== line.id) report(['lines', l, 'equipmentIds', e], `equipment "${equipmentId}" says it is on line "${unit.lineId}"`);
    }),
  );
  plant.equipment.forEach((unit, e) => {
    const line = lines.get(unit.lineId);
    if (!line) report(['equipment', e, 'lineId'], `unknown line "${unit.lineId}"`);
    else if (!line.equipmentIds.includes(unit.id)) report(['equipment', e, 'lineId'], `line "${line.id}" does not list "${unit.id}" in its equipmentIds`);
  });

  plant.products.forEach((product, p) =>
    product.specificationIds.forEach((specId, s) => {
      const spec = specs.get(specId);
      if (!spec) report(['products', p, 'specificationIds', s], `unknown specification "${specId}"`);
      else if (spec.productId !== product.id) report(['products', p, 'specificationIds', s], `specification "${specId}" is for product "${spec.productId}"`);
    }),
  );
  const testsByProduct = new Map<string, string>();
  plant.specifications.forEach((spec, s) => {
    const product = products.get(spec.productId);
    if (!product) report(['specifications', s, 'productId'], `unknown product "${spec.productId}"`);
    else if (!product.specificationIds.includes(spec.id)) report(['specifications', s, 'productId'], `product "${product.id}" does not list "${spec.id}" in its specificationIds`);
    const key = `${spec.productId}\u0000${spec.test}`;
    const first = testsByProduct.get(key);
    if (first) report(['specifications', s, 'test'], `product "${spec.productId}" already has a "${spec.test}" specification (${first})`);
    else testsByProduct.set(key, spec.id);
  });

  plant.workOrders.forEach((order, w) => {
    if (!products.has(order.productId)) report(['workOrders', w, 'productId'], `unknown product "${order.productId}"`);
    if (!lines.has(order.lineId)) report(['workOrders', w, 'lineId'], `unknown line "${order.lineId}"`);
    const lot = lots.get(order.lotId);
    if (!lot) report(['workOrders', w, 'lotId'], `unknown lot "${order.lotId}"`);
    else if (lot.workOrderId !== order.id) report(['workOrders', w, 'lotId'], `lot "${lot.id}" names work order "${lot.workOrderId ?? '(none)'}"`);
  });

  plant.lots.forEach((lot, l) => {
    if (!products.has(lot.productId)) report(['lots', l, 'productId'], `unknown product "${lot.productId}"`);
    if (lot.lineId !== undefined && !lines.has(lot.lineId)) report(['lots', l, 'lineId'], `unknown line "${lot.lineId}"`);
    if (lot.workOrderId === undefined) return;
    const order = workOrders.get(lot.workOrderId);
    if (!order) return report(['lots', l, 'workOrderId'], `unknown work order "${lot.workOrderId}"`);
    // Mismatches are only worth reporting between things that exist (no cascades from one typo).
    if (products.has(lot.productId) && order.productId !== lot.productId) report(['lots', l, 'productId'], `work order "${order.id}" makes "${order.productId}"`);
    if (lot.lineId !== undefined && order.lineId !== lot.lineId) report(['lots', l, 'lineId'], `work order "${order.id}" runs on "${order.lineId}"`);
  });

  plant.samples.forEach((sample, s) => {
    const lot = lots.get(sample.lotId);
    if (!lot) report(['samples', s, 'lotId'], `unknown lot "${sample.lotId}"`);
    if (sample.workOrderId === undefined) return;
    if (!workOrders.has(sample.workOrderId)) report(['samples', s, 'workOrderId'], `unknown work order "${sample.workOrderId}"`);
    else if (lot && lot.workOrderId !== sample.workOrderId) report(['samples', s, 'workOrderId'], `lot "${lot.id}" belongs to work order "${lot.workOrderId ?? '(none)'}"`);
  });

  plant.results.forEach((result, r) => {
    const sample = samples.get(result.sampleId);
    if (!sample) report(['results', r, 'sampleId'], `unknown sample "${result.sampleId}"`);
    else if (sample.lotId !== result.lotId) report(['results', r, 'lotId'], `sample "${sample.id}" was taken from lot "${sample.lotId}"`);
    if (result.specificationId === undefined) return;
    const spec = specs.get(result.specificationId);
    if (!spec) return report(['results', r, 'specificationId'], `unknown specification "${result.specificationId}"`);
    const lot = lots.get(result.lotId);
    if (lot && products.has(lot.productId) && spec.productId !== lot.productId) report(['results', r, 'specificationId'], `specification "${spec.id}" is for "${spec.productId}", lot "${lot.id}" is "${lot.productId}"`);
    if (spec.test !== result.test) report(['results', r, 'test'], `specification "${spec.id}" is for test "${spec.test}"`);
    if (spec.unit !== result.unit) report(['results', r, 'unit'], `specification "${spec.id}" reports in "${spec.unit}"`);
  });

  const tests = new Set(plant.specifications.map((spec) => spec.test));
  plant.deviations.forEach((deviation, d) => {
    deviation.lotIds.forEach((lotId, i) => {
      if (!lots.has(lotId)) report(['deviations', d, 'lotIds', i], `unknown lot "${lotId}"`);
    });
    deviation.equipmentIds.forEach((equipmentId, i) => {
      if (!equipment.has(equipmentId)) report(['deviations', d, 'equipmentIds', i], `unknown equipment "${equipmentId}"`);
    });
    if (deviation.test !== undefined && !tests.has(deviation.test)) report(['deviations', d, 'test'], `no specification has test "${deviation.test}"`);
  });
}
