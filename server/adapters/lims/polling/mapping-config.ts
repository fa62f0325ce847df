// The configurable polling LIMS: for LabWare, LabVantage or SampleManager sites whose result
// API is site-built (a transfer table behind REST, a saved query, a LIMSML browse), the
// endpoint, its paging and the column names are configuration (QLOOP_POLLING_LIMS_MAPPING),
// checked here once so a typo stops the start with the field named.
import { z } from 'zod';

const name = z.string().trim().min(1);

export const resultFieldsSchema = z.strictObject({
  id: name,
  sampleId: name,
  lotId: name,
  test: name,
  value: name,
  status: name,
  /** When the lab finalized (reviewed, authorised) the result. */
  finalizedAt: name,
  /** The LIMS's change time: the poll cursor. */
  modifiedAt: name,
  unit: name.optional(),
  workOrderId: name.optional(),
  analyst: name.optional(),
  instrumentId: name.optional(),
  comment: name.optional(),
});

const paging = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('offset'), offsetParam: name, limitParam: name }),
  z.strictObject({ kind: z.literal('page'), pageParam: name, sizeParam: name, firstPage: z.number().int().min(0).max(1).default(0) }),
  z.strictObject({ kind: z.literal('none') }),
]);

export const pollingMappingSchema = z.strictObject({
  /** Shown in capabilities and errors, e.g. "LabWare 8 (transfer table)". */
  system: name.default('site LIMS'),
  auth: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('none') }),
      z.strictObject({ kind: z.literal('bearer'), token: name }),
      z.strictObject({ kind: z.literal('basic'), username: name, password: z.string() }),
      z.strictObject({ kind: z.literal('header'), header: name, value: name }),
    ])
    .default({ kind: 'none' }),
  results: z.strictObject({
    path: name,
    /** Field holding the rows; absent when the body is the array itself. */
    itemsField: name.optional(),
    /** Field holding the total row count: when it changes mid-read the read restarts. */
    totalField: name.optional(),
    /** Query parameter taking the cursor time (rows changed at or after it). */
    sinceParam: name,
    paging: paging.default({ kind: 'none' }),
    pageSize: z.number().int().min(1).max(5_000).default(200),
    /** Query parameters that filter by lot, sample and test (for findResults). */
    filterParams: z.strictObject({ lot: name.optional(), sample: name.optional(), test: name.optional() }).default({}),
    fields: resultFieldsSchema,
    /** Site status codes: which mean final, retracted, pending; unlisted codes are ignored. */
    statusMap: z.record(z.string(), z.enum(['final', 'retracted', 'pending'])),
    /** Site analysis names to qloop test codes, when they differ. */
    testMap: z.record(z.string(), z.string()).default({}),
  }),
  samples: z
    .strictObject({ path: name, idParam: name, itemsField: name.optional(), fields: z.strictObject({ id: name, lotId: name, workOrderId: name.optional(), point: name.optional(), sampledAt: name.optional() }) })
    .optional(),
  specifications: z
    .strictObject({
      path: name,
      productParam: name,
      testParam: name,
      itemsField: name.optional(),
      fields: z.strictObject({
        product: name, test: name, min: name.optional(), max: name.optional(), shoulderMin: name.optional(), shoulderMax: name.optional(),
        decimals: name.optional(), unit: name.optional(), method: name.optional(), version: name.optional(), name: name.optional(), loq: name.optional(),
        /** Column and value marking a text (not numeric) specification. */
        textFlag: z.strictObject({ field: name, value: z.string() }).optional(),
      }),
    })
    .optional(),
});

export type PollingMapping = z.output<typeof pollingMappingSchema>;

/** Parses the mapping (JSON text or object) and names every bad field. */
export function parsePollingMapping(input: unknown): PollingMapping {
  const value = typeof input === 'string' ? (JSON.parse(input) as unknown) : input;
  const parsed = pollingMappingSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(`polling LIMS mapping: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}
