// Deviation reports (EU GMP Chapter 1.4(xiv), 21 CFR 211.192) from the demo plant dataset
// (`deviations` array), JSON exports (an array, or an object with `deviations`) and CSV
// exports (one row per report). Each report becomes a one-page document of type deviation.
import { z } from 'zod';
import type { ParsedDocument } from '../types';
import { parseCsv } from './csv';
import { SourceError } from './source-error';

/** Column and key spellings seen in QMS exports, normalised (lower case, letters and digits only). */
const FIELD_ALIASES: Record<string, string> = {
  id: 'id', deviationid: 'id', deviation: 'id', number: 'id', deviationnumber: 'id', devid: 'id', reference: 'id',
  title: 'title', subject: 'title', shortdescription: 'title',
  opened: 'opened', openedat: 'opened', opendate: 'opened', dateopened: 'opened', openedon: 'opened', reported: 'opened', reportedat: 'opened',
  closed: 'closed', closedat: 'closed', closedate: 'closed', dateclosed: 'closed', closedon: 'closed',
  classification: 'classification', class: 'classification', severity: 'classification', category: 'classification',
  status: 'status', state: 'status',
  lots: 'lots', lot: 'lots', lotids: 'lots', lotid: 'lots', batches: 'lots', batch: 'lots',
  equipment: 'equipment', equipmentid: 'equipment', equipmentids: 'equipment',
  test: 'tests', tests: 'tests', testcode: 'tests', testcodes: 'tests',
  product: 'products', products: 'products', productid: 'products', productids: 'products',
  line: 'line', lineid: 'line',
  description: 'description', details: 'description', eventdescription: 'description',
  rootcause: 'rootCause', cause: 'rootCause', investigation: 'investigation', investigationsummary: 'investigation',
  impact: 'impact', impactassessment: 'impact',
  capa: 'capa', capas: 'capa', correctiveaction: 'capa', correctiveactions: 'capa', preventiveaction: 'capa',
};

const LABELS: ReadonlyArray<readonly [string, string]> = [
  ['classification', 'Classification'], ['status', 'Status'], ['opened', 'Opened'], ['closed', 'Closed'],
  ['products', 'Products'], ['line', 'Line'], ['lots', 'Lots'], ['equipment', 'Equipment'], ['tests', 'Tests'],
  ['description', 'Description'], ['investigation', 'Investigation'], ['rootCause', 'Root cause'], ['impact', 'Impact'], ['capa', 'CAPA'],
];

const recordSchema = z.looseObject({ id: z.string({ error: 'missing the deviation id' }).min(1, 'empty deviation id') });

/** Reports in a JSON document: the demo plant file, an export array or `{ deviations: [...] }`. */
export function deviationsFromJson(source: string): ParsedDocument[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (err) {
    throw new SourceError(`not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { deviations?: unknown } | null)?.deviations;
  if (!Array.isArray(list)) throw new SourceError('not a deviation export: expected an array of reports or an object with a "deviations" array');
  const productOfLot = lotProducts((parsed as { lots?: unknown }).lots);
  return list.map((record, i) => {
    const doc = deviationDocument(record, `deviations[${i}]`);
    // The plant dataset names lots, not products: the lots say which product a report concerns.
    if (doc.meta.products.length === 0) doc.meta.products = [...new Set(lotsOf(record).map((lot) => productOfLot.get(lot)).filter((p): p is string => !!p))];
    return doc;
  });
}

function lotProducts(lots: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (!Array.isArray(lots)) return map;
  for (const lot of lots as { id?: unknown; productId?: unknown }[]) if (typeof lot?.id === 'string' && typeof lot.productId === 'string') map.set(lot.id, lot.productId);
  return map;
}

function lotsOf(record: unknown): string[] {
  if (typeof record !== 'object' || record === null) return [];
  const entry = Object.entries(record).find(([key]) => FIELD_ALIASES[key.toLowerCase().replace(/[^a-z0-9]/g, '')] === 'lots');
  return entry ? asList(entry[1]) : [];
}

export function deviationsFromCsv(source: string): ParsedDocument[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(source);
  } catch (err) {
    throw new SourceError(`unreadable CSV: ${(err as Error).message}`);
  }
  if (rows.length === 0) throw new SourceError('the CSV has a header but no reports');
  return rows.map((row, i) => deviationDocument(row, `row ${i + 2}`));
}

function deviationDocument(raw: unknown, where: string): ParsedDocument {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SourceError(`${where}: expected an object`);
  const fields: Record<string, unknown> = {};
  const extra: [string, unknown][] = [];
  for (const [key, value] of Object.entries(raw)) {
    const canonical = FIELD_ALIASES[key.toLowerCase().replace(/[^a-z0-9]/g, '')];
    if (canonical && fields[canonical] === undefined) fields[canonical] = value;
    else extra.push([key, value]);
  }
  if (typeof fields.id === 'number') fields.id = String(fields.id);
  const check = recordSchema.safeParse(fields);
  if (!check.success) throw new SourceError(`${where}: ${check.error.issues[0]?.message ?? 'invalid report'}`);
  const id = check.data.id.trim();
  const description = asText(fields.description);
  const title = asText(fields.title) || description.split(/(?<=\.)\s/)[0]?.slice(0, 100) || id;
  const lines = [`${id} — ${title}`, ''];
  for (const [key, label] of LABELS) {
    const text = asText(fields[key]);
    if (!text) continue;
    lines.push(text.includes('\n') || text.length > 80 ? `${label}:\n${text}\n` : `${label}: ${text}`);
  }
  for (const [key, value] of extra) {
    const text = asText(value);
    if (text && !/^(_|\$)/.test(key)) lines.push(`${key}: ${text}`);
  }
  return {
    meta: {
      id,
      title,
      type: 'deviation',
      revision: '',
      status: 'effective',
      products: asList(fields.products),
      equipment: asList(fields.equipment),
      tests: asList(fields.tests),
    },
    format: 'deviation',
    pages: [{ page: 1, text: lines.join('\n').trim() }],
    record: raw,
  };
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asText).filter(Boolean).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${asText(v)}`)
      .join('; ');
  }
  return '';
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asText).filter(Boolean);
  const text = asText(value);
  return text ? text.split(/[,;]\s*/).filter(Boolean) : [];
}
