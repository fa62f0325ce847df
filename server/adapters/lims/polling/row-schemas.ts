// zod schemas built once from the site mapping: the mapped columns are checked like any
// vendor payload, so a renamed column fails with vendor, call and column named.
import { z } from 'zod';
import type { PollingMapping } from './mapping-config';

const text = z.union([z.string(), z.number()]).transform(String);
const optionalText = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || v === '' ? undefined : String(v)));
const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');
const optionalTime = z.union([time, z.literal('')]).nullish().transform((v) => v || undefined);
const optionalNumber = z.union([z.number(), z.string().regex(/^[-+]?\d+(\.\d+)?$/, 'expected a number').transform(Number), z.literal('')]).nullish().transform((v) => (typeof v === 'number' ? v : undefined));

export function resultRowSchema(mapping: PollingMapping) {
  const f = mapping.results.fields;
  const shape: Record<string, z.ZodType> = { [f.id]: text, [f.sampleId]: text, [f.lotId]: text, [f.test]: text, [f.value]: z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? '' : String(v))), [f.status]: text, [f.finalizedAt]: optionalTime, [f.modifiedAt]: time };
  for (const key of ['unit', 'workOrderId', 'analyst', 'instrumentId', 'comment'] as const) {
    const column = f[key];
    if (column) shape[column] = optionalText;
  }
  return z.object(shape);
}

export function envelopeSchema<T extends z.ZodType>(row: T, itemsField?: string, totalField?: string) {
  if (!itemsField) return z.array(row).transform((rows) => ({ rows, total: undefined as number | undefined }));
  return z.object({ [itemsField]: z.array(row), ...(totalField ? { [totalField]: z.number().int().min(0) } : {}) }).transform((body) => ({ rows: body[itemsField] as z.output<T>[], total: totalField ? (body[totalField] as number) : undefined }));
}

export function sampleRowSchema(mapping: NonNullable<PollingMapping['samples']>) {
  const f = mapping.fields;
  return z.object({ [f.id]: text, [f.lotId]: text, ...(f.workOrderId ? { [f.workOrderId]: optionalText } : {}), ...(f.point ? { [f.point]: optionalText } : {}), ...(f.sampledAt ? { [f.sampledAt]: optionalTime } : {}) });
}

export function specRowSchema(mapping: NonNullable<PollingMapping['specifications']>) {
  const f = mapping.fields;
  const shape: Record<string, z.ZodType> = { [f.product]: text, [f.test]: text };
  for (const key of ['min', 'max', 'shoulderMin', 'shoulderMax', 'decimals', 'loq'] as const) if (f[key]) shape[f[key]] = optionalNumber;
  for (const key of ['unit', 'method', 'version', 'name'] as const) if (f[key]) shape[f[key]] = optionalText;
  if (f.textFlag) shape[f.textFlag.field] = optionalText;
  return z.object(shape);
}
