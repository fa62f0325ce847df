// Resolves what the model names (a lot number, "pH", "tank 7", "line 3") to plant ids, reading
// master data from the catalog and live records through the ports; misses become refusals
// that tell the model how to fix the argument.
import { z } from 'zod';
import type { Equipment, Line, TestSpecification } from '../../domain/types';
import type { PlantCatalog } from '../../plant/catalog';
import type { LotContext } from '../../ports/mes';
import { ToolArgumentError, type CopilotToolDeps } from './context';

/** Identifiers as people type them: letters, digits, spaces and - . _ /, at most 40 characters. */
export const reference = (what: string, example: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty: give it like ${example}; fix the argument and try again`)
    .max(40, `${what} is too long: give only the id, like ${example}; fix the argument and try again`)
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u, `${what} must be an id like ${example}, without other text; fix the argument and try again`);

export const lotArg = reference('lot', 'LOT-XYZ789 or 12345');
export const testArg = reference('test', 'PH, VISC, ASSAY or pH');
export const equipmentArg = reference('equipment', 'TK-07 or TP-101');
export const lineArg = reference('line', 'LINE-3');

export async function resolveLot(deps: CopilotToolDeps, ref: string): Promise<LotContext> {
  const known = deps.catalog.resolveLot(ref)?.id;
  const candidates = known ? [known] : [ref.toUpperCase().replace(/\s+/g, '-'), `LOT-${ref.toUpperCase()}`];
  for (const lotId of candidates) {
    const context = await deps.mes.getLotContext(lotId);
    if (context) return context;
  }
  throw new ToolArgumentError(`No lot matches "${ref}" in the MES. Use a lot id like LOT-XYZ789 (or its number, e.g. 12345); fix the argument and try again, or ask the user which lot they mean.`);
}

/** The specification of a test on a product: from the LIMS when it holds specifications, else master data. */
export async function specificationFor(deps: CopilotToolDeps, productId: string, test: string): Promise<TestSpecification | undefined> {
  if (deps.lims.capabilities().specifications !== 'unavailable') {
    const fromLims = await deps.lims.getSpecification(productId, test);
    if (fromLims) return fromLims;
  }
  return deps.catalog.specFor(productId, test);
}

/** Test code for a name on a product ("pH" -> PH, "assay" -> ASSAY-SUS on the suspension). */
export function resolveTestCode(catalog: PlantCatalog, ref: string, productId?: string): string {
  const specs = productId ? catalog.specsForProduct(productId) : [...catalog.dataset.specifications];
  const wanted = ref.trim().toLowerCase();
  const exact = specs.filter((s) => s.test.toLowerCase() === wanted || s.keyword.toLowerCase() === wanted || s.id.toLowerCase() === wanted);
  const loose = exact.length > 0 ? exact : specs.filter((s) => s.test.toLowerCase().startsWith(wanted) || s.keyword.toLowerCase().includes(wanted));
  const codes = [...new Set(loose.map((s) => s.test))];
  if (codes.length === 1) return codes[0] as string;
  const known = [...new Set(specs.map((s) => s.test))].join(', ');
  if (codes.length > 1) throw new ToolArgumentError(`"${ref}" matches several tests (${codes.join(', ')}); name the lot or product, or use one of these codes, and try again.`);
  throw new ToolArgumentError(`No test "${ref}"${productId ? ` on ${productId}` : ''}. Known tests: ${known}; fix the argument and try again.`);
}

export async function resolveEquipment(deps: CopilotToolDeps, ref: string): Promise<Equipment> {
  const compact = ref.toUpperCase().replace(/[\s_-]+/g, '');
  const id = deps.catalog.dataset.equipment.find((e) => e.id.replace(/-/g, '') === compact)?.id ?? ref.toUpperCase();
  const equipment = await deps.mes.getEquipment(id);
  if (equipment) return equipment;
  const known = deps.catalog.dataset.equipment.map((e) => e.id).join(', ');
  throw new ToolArgumentError(`No equipment "${ref}" in the MES. Known equipment: ${known}; fix the argument and try again.`);
}

export async function resolveLine(deps: CopilotToolDeps, ref: string): Promise<Line> {
  const digits = /(\d+)\s*$/.exec(ref)?.[1];
  const lines = await deps.mes.listLines();
  const line = lines.find((l) => l.id.toUpperCase() === ref.toUpperCase()) ?? (digits ? lines.find((l) => l.id.endsWith(`-${digits}`)) : undefined);
  if (line) return line;
  throw new ToolArgumentError(`No line "${ref}". Lines: ${lines.map((l) => l.id).join(', ')}; fix the argument and try again.`);
}

/** The limits as a QC sheet writes them: "6.5–7.5", "NLT 80", "NMT 2.0", "conforms". */
export function specText(spec: TestSpecification): string {
  const fmt = (x: number) => x.toFixed(spec.decimals);
  if (spec.kind === 'text') return (spec.acceptedText ?? []).join(' / ');
  if (spec.lsl !== undefined && spec.usl !== undefined) return `${fmt(spec.lsl)}–${fmt(spec.usl)}${spec.unit ? ` ${spec.unit}` : ''}`;
  if (spec.lsl !== undefined) return `NLT ${fmt(spec.lsl)}${spec.unit ? ` ${spec.unit}` : ''}`;
  if (spec.usl !== undefined) return `NMT ${fmt(spec.usl)}${spec.unit ? ` ${spec.unit}` : ''}`;
  return 'no numeric limits';
}
