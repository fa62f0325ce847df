// SENAITE objects with their real field names (INTEGRATIONS.md 4): AnalysisRequest (the
// sample), Analysis, AnalysisService, AnalysisSpec, Instrument, Method. Catalog brains carry
// only the catalog's metadata columns; `complete=1` wakes the full object up.
import type { TestSpecification } from '../../../server/domain/types';
import { hexUid } from '../shared/ids';
import type { Analysis, LabBook } from '../shared/lab-book';

export type PortalType = 'Analysis' | 'AnalysisRequest' | 'AnalysisService' | 'AnalysisSpec' | 'Instrument' | 'Method' | 'SampleType';

/** One object as the catalogs see it: its type, its index values and how to render it. */
export interface CatalogRecord {
  uid: string;
  portalType: PortalType;
  catalog: 'senaite_catalog_analysis' | 'senaite_catalog_sample' | 'senaite_catalog_setup';
  /** Values of the catalog indexes (what a query can filter and sort on). */
  index: Record<string, string | number | undefined>;
  brain(base: string): Record<string, unknown>;
  full(base: string): Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');
const isoText = (text?: string) => (text ? iso(Date.parse(text)) : null);
const ref = (base: string, type: string, uid: string) => ({ uid, url: `${base}/${type.toLowerCase()}/${uid}`, api_url: `${base}/${type}/${uid}` });

/** A SENAITE keyword is an identifier: the test code without characters SENAITE refuses. */
export const keywordOf = (test: string) => test.replace(/[^A-Za-z0-9_]/g, '_');

function specOf(lab: LabBook, analysis: Analysis): TestSpecification | undefined {
  const lot = lab.catalog.lot(analysis.lotId);
  return (analysis.specificationId ? lab.catalog.specification(analysis.specificationId) : undefined) ?? (lot ? lab.catalog.specFor(lot.productId, analysis.test) : undefined);
}

export function analysisRecord(lab: LabBook, a: Analysis): CatalogRecord {
  const spec = specOf(lab, a);
  const sampleUid = hexUid(`sample:${a.sampleId}`);
  const keyword = keywordOf(a.test);
  const meta = (base: string) => ({
    uid: a.uid, UID: a.uid, id: keyword, portal_type: 'Analysis', title: spec?.keyword ?? a.test, url: `${base}/analysis/${a.uid}`, api_url: `${base}/Analysis/${a.uid}`,
    parent_id: a.sampleId, parent_uid: sampleUid, created: isoText(a.createdAt), modified: iso(a.modified),
  });
  return {
    uid: a.uid,
    portalType: 'Analysis',
    catalog: 'senaite_catalog_analysis',
    index: { UID: a.uid, portal_type: 'Analysis', review_state: a.state, getKeyword: keyword, getRequestID: a.sampleId, getRequestUID: sampleUid, modified: a.modified, created: Date.parse(a.createdAt), getResultCaptureDate: a.capturedAt ? Date.parse(a.capturedAt) : undefined },
    brain: (base) => ({
      ...meta(base), getKeyword: keyword, getResult: a.value, getResultCaptureDate: isoText(a.capturedAt), getUnit: a.unit, getRequestID: a.sampleId,
      getDateReceived: isoText(a.createdAt), getDueDate: null, getSubmittedBy: a.analyst ?? null, getVerificators: a.verifiedAt ? ['lab.verifier'] : [],
      getRetestOfUID: a.retestOf ?? null, review_state: a.state,
    }),
    full: (base) => ({
      ...meta(base), Keyword: keyword, Result: a.value, ResultCaptureDate: isoText(a.capturedAt), Unit: a.unit === '' ? null : a.unit,
      ResultsRange: spec ? resultsRange(spec) : null, Precision: spec?.decimals ?? 2, LowerDetectionLimit: '0.0000000', UpperDetectionLimit: '1000000000.0000000',
      AnalysisService: ref(base, 'AnalysisService', hexUid(`service:${keyword}`)), Method: {},
      Instrument: a.instrumentId ? ref(base, 'Instrument', hexUid(`instrument:${a.instrumentId}`)) : {},
      RetestOf: a.retestOf ? ref(base, 'Analysis', a.retestOf) : {}, Analyst: a.analyst ?? null, getDateVerified: isoText(a.verifiedAt), Remarks: a.comment ?? '',
      // senaite.jsonapi's complete object carries review_state null (workflow state lives in the catalog).
      review_state: null, getFormattedResult: a.value, isRetest: a.retestOf !== undefined,
    }),
  };
}

export function sampleRecord(lab: LabBook, sampleId: string, ofSample: readonly Analysis[]): CatalogRecord | undefined {
  const sample = lab.sample(sampleId);
  if (!sample) return undefined;
  const lot = lab.catalog.lot(sample.lotId);
  const product = lot ? lab.catalog.product(lot.productId) : undefined;
  const analyses = ofSample.filter((a) => a.state !== 'retracted' && a.state !== 'rejected');
  const verified = analyses.filter((a) => a.state === 'verified' || a.state === 'published');
  const state = analyses.length > 0 && verified.length === analyses.length ? 'verified' : analyses.some((a) => a.state === 'to_be_verified') ? 'to_be_verified' : 'sample_received';
  const uid = hexUid(`sample:${sampleId}`);
  const modified = Math.max(Date.parse(sample.sampledAt), ...ofSample.map((a) => a.modified));
  const meta = (base: string) => ({
    uid, UID: uid, id: sampleId, portal_type: 'AnalysisRequest', title: sampleId, url: `${base}/clients/client-1/${sampleId}`, api_url: `${base}/AnalysisRequest/${uid}`,
    parent_id: 'client-1', created: isoText(sample.sampledAt), modified: iso(modified), review_state: state,
    getClientSampleID: sample.lotId, getBatchID: sample.lotId, getBatchUID: hexUid(`batch:${sample.lotId}`), getClientOrderNumber: sample.workOrderId ?? '',
    getSampleTypeTitle: product?.name ?? '', getDateSampled: isoText(sample.sampledAt), getDateReceived: isoText(sample.sampledAt),
    getDateVerified: state === 'verified' ? iso(Math.max(...verified.map((a) => Date.parse(a.verifiedAt ?? a.createdAt)))) : null,
  });
  return {
    uid,
    portalType: 'AnalysisRequest',
    catalog: 'senaite_catalog_sample',
    index: { UID: uid, portal_type: 'AnalysisRequest', review_state: state, getId: sampleId, id: sampleId, getClientSampleID: sample.lotId, getBatchID: sample.lotId, modified, created: Date.parse(sample.sampledAt), getDateSampled: Date.parse(sample.sampledAt) },
    brain: (base) => ({ ...meta(base), getAnalysesNum: [verified.length, analyses.length, analyses.filter((a) => a.state === 'unassigned').length, analyses.filter((a) => a.state === 'to_be_verified').length] }),
    full: (base) => ({
      ...meta(base), ClientSampleID: sample.lotId, ClientOrderNumber: sample.workOrderId ?? '', DateSampled: isoText(sample.sampledAt), SamplePoint: sample.point,
      getSamplePointTitle: sample.point, getDatePublished: null, Analyses: analyses.map((a) => ref(base, 'Analysis', a.uid)),
      getAnalysesNum: [verified.length, analyses.length, analyses.filter((a) => a.state === 'unassigned').length, analyses.filter((a) => a.state === 'to_be_verified').length],
      getProgress: analyses.length ? Math.round((100 * verified.length) / analyses.length) : 0,
      Specification: lot ? ref(base, 'AnalysisSpec', hexUid(`spec:${lot.productId}`)) : null, ResultsRange: lot ? lab.catalog.specsForProduct(lot.productId).map(resultsRange) : [],
    }),
  };
}

/**
 * SENAITE ResultsRange (values are strings, as SENAITE stores them). Disposition bands ride on
 * the "shoulders": min/max is the release band, warn_min/warn_max the specification limits.
 */
export function resultsRange(spec: TestSpecification): Record<string, unknown> {
  const release = spec.bands?.find((b) => b.disposition === 'release');
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  const banded = release !== undefined;
  return {
    keyword: keywordOf(spec.test), uid: hexUid(`service:${keywordOf(spec.test)}`),
    min: text(banded ? release.min : spec.lsl), max: text(banded ? release.max : spec.usl), min_operator: 'geq', max_operator: 'leq',
    warn_min: banded ? text(spec.lsl) : '', warn_max: banded ? text(spec.usl) : '', hidemin: '', hidemax: '', rangecomment: spec.bands?.map((b) => b.label).join('; ') ?? '',
  };
}

export function setupRecords(lab: LabBook): CatalogRecord[] {
  const records: CatalogRecord[] = [];
  const catalog = lab.catalog;
  const services = new Map<string, TestSpecification>();
  for (const spec of catalog.dataset.specifications) services.set(keywordOf(spec.test), spec as TestSpecification);
  for (const [keyword, spec] of services) {
    const uid = hexUid(`service:${keyword}`);
    const methodUid = hexUid(`method:${spec.method}`);
    const meta = { uid, UID: uid, id: `analysisservice-${keyword.toLowerCase()}`, portal_type: 'AnalysisService', title: spec.keyword };
    records.push({
      uid, portalType: 'AnalysisService', catalog: 'senaite_catalog_setup', index: { UID: uid, portal_type: 'AnalysisService', getKeyword: keyword, title: spec.keyword },
      brain: (base) => ({ ...meta, getKeyword: keyword, api_url: `${base}/AnalysisService/${uid}` }),
      full: (base) => ({ ...meta, api_url: `${base}/AnalysisService/${uid}`, Keyword: keyword, Unit: spec.unit, Precision: spec.decimals, StringResult: spec.kind === 'text', LowerDetectionLimit: spec.loq === undefined ? '0.0' : String(spec.loq), Method: ref(base, 'Method', methodUid) }),
    });
    records.push(simpleRecord('Method', methodUid, spec.method));
  }
  for (const product of catalog.products()) {
    const uid = hexUid(`spec:${product.id}`);
    const ranges = catalog.specsForProduct(product.id).map(resultsRange);
    const meta = { uid, UID: uid, id: `analysisspec-${product.id.toLowerCase()}`, portal_type: 'AnalysisSpec', title: product.id, description: `Release specification for ${product.name}`, getSampleTypeTitle: product.name };
    records.push({
      uid, portalType: 'AnalysisSpec', catalog: 'senaite_catalog_setup', index: { UID: uid, portal_type: 'AnalysisSpec', title: product.id },
      brain: (base) => ({ ...meta, api_url: `${base}/AnalysisSpec/${uid}` }),
      full: (base) => ({ ...meta, api_url: `${base}/AnalysisSpec/${uid}`, SampleType: ref(base, 'SampleType', hexUid(`sampletype:${product.id}`)), ResultsRange: ranges, modified: iso(Date.parse(catalog.asOf)) }),
    });
  }
  for (const instrument of new Set(lab.analyses().flatMap((a) => (a.instrumentId ? [a.instrumentId] : [])))) records.push(simpleRecord('Instrument', hexUid(`instrument:${instrument}`), instrument));
  return records;
}

function simpleRecord(portalType: 'Instrument' | 'Method', uid: string, title: string): CatalogRecord {
  const body = (base: string) => ({ uid, UID: uid, id: `${portalType.toLowerCase()}-${uid.slice(0, 6)}`, portal_type: portalType, title, api_url: `${base}/${portalType}/${uid}` });
  return { uid, portalType, catalog: 'senaite_catalog_setup', index: { UID: uid, portal_type: portalType, title }, brain: body, full: body };
}
