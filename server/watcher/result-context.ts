// Maps a lab result onto the plant: sample -> lot -> work order -> line and product (MES first, the
// plant catalog as fallback when the MES fails; a lot the MES answers it does not know is
// unmapped), finds the specification (the LIMS's limits override the catalog's; an unmapped result
// is still judged against the limits the LIMS sent), and pulls the line's equipment state and
// parameters when a person must act. When the MES or the LIMS gives no answer at all (an outage:
// network, timeout, 5xx, 429, an open circuit) and the plant record cannot stand in, the result is
// not unmapped: ContextUnavailableError leaves it in the inbox, and the worker tries it again. Any
// other failure (a 400, a body of the wrong shape, a thrown "not found") would fail the same way on
// every try, so the result is recorded unmapped with that error and never blocks the inbox.
import type { Equipment, Line, MaterialLot, TestSpecification, WorkOrder } from '../domain/types';
import { AdapterError } from '../adapters/http/adapter-error';
import { QloopError } from '../errors';
import type { PlantCatalog } from '../plant/catalog';
import type { LimsAdapter } from '../ports/lims';
import type { LotContext, MesAdapter } from '../ports/mes';
import type { IdMap } from '../mapping/id-map';
import { contextRefused, unknownToMes, unknownWorkOrder, withoutLot, type UnmappedLot } from '../mapping/unmapped-result';
import type { IncomingResult } from './incoming-result';

export interface ResultContext {
  lotId?: string;
  lot?: MaterialLot;
  workOrder?: WorkOrder;
  line?: Line;
  productId?: string;
  spec?: TestSpecification;
  specSource: 'catalog' | 'lims' | 'catalog, limits from the LIMS' | 'none';
  equipment: Equipment[];
  /** Identifier or limit disagreements worth showing QA (never silently resolved). */
  notes: string[];
  /** Set when the result cannot be tied to an MES lot: why, and what fixes it. */
  unmapped?: UnmappedLot;
}

/**
 * The result's lot cannot be known now: the MES (or the LIMS) did not answer, and the plant record
 * does not know the lot either. Not a verdict and not "unmapped": the result stays in the durable
 * inbox and is evaluated when the system answers again. UNAVAILABLE is transient to the worker: it
 * retries as long as the outage lasts and never turns the row into an 'error' evaluation.
 */
export class ContextUnavailableError extends QloopError {
  readonly transient = true;
  constructor(message: string) {
    super('UNAVAILABLE', message);
    this.name = 'ContextUnavailableError';
  }
}

/**
 * An outage is worth waiting out: no answer (network, timeout, an aborted call), a 5xx, a 429, a
 * circuit breaker refusing calls, or a port's own UNAVAILABLE / RATE_LIMITED. Anything else (a 4xx,
 * credentials refused, a body of the wrong shape, a thrown NOT_FOUND or plain Error) is an answer.
 */
export function isOutage(err: unknown): boolean {
  // Refused credentials wait too: an expired or rotated service account is fixed by the
  // integration engineer, and every result behind it must then be judged, not left "unmapped".
  if (err instanceof AdapterError) return err.transient || err.failure === 'auth' || (err.httpStatus !== undefined && (err.httpStatus >= 500 || err.httpStatus === 429));
  if (err instanceof QloopError) return err.code === 'UNAVAILABLE' || err.code === 'RATE_LIMITED';
  if (!(err instanceof Error)) return false;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return true;
  // fetch's own failure: TypeError('fetch failed') whose cause is the socket's error code.
  const code = (err as { cause?: { code?: unknown } }).cause?.code ?? (err as { code?: unknown }).code;
  return typeof code === 'string' && /^(?:ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR_\w+)$/.test(code);
}

/** A failed call: its message, and whether it was an outage (wait) or an answer (do not ask again). */
interface Failure {
  error: string;
  outage: boolean;
}

function failureOf(err: unknown): Failure {
  return { error: err instanceof Error ? err.message : String(err), outage: isOutage(err) };
}

/** What the MES said about a lot: found, "no such lot" (an answer), or a failed call. */
type LotLookup = { status: 'found'; context: LotContext } | { status: 'unknown' } | ({ status: 'failed' } & Failure);

/** How long a lot's MES context is reused: results of one sample arrive together (a burst per lot). */
const LOT_CONTEXT_TTL_MS = 1000;

export class ResultContextResolver {
  readonly #lotContexts = new Map<string, { at: number; lookup: Promise<LotLookup> }>();

  constructor(
    private readonly catalog: PlantCatalog,
    private readonly mes: MesAdapter,
    /** The mapping table, to say whether a lot the MES does not know has a row. */
    private readonly idMap: IdMap,
    private readonly lims?: LimsAdapter,
  ) {}

  async resolve(result: IncomingResult): Promise<ResultContext> {
    const notes: string[] = [];
    const mesDown = ({ error, outage }: Failure) => {
      // A slow or failing MES must not stop evaluation: the plant record fills in, and QA is told.
      const note = `${outage ? 'MES unavailable' : 'MES error'} (${error}): context from the plant record`;
      if (!notes.includes(note)) notes.push(note);
    };
    const ask = async <T>(call: (port: MesAdapter) => Promise<T>): Promise<{ value?: T; failed?: Failure }> => {
      try {
        const value = await call(this.mes);
        return value === undefined ? {} : { value };
      } catch (err) {
        return { failed: failureOf(err) };
      }
    };
    let sample = this.catalog.sample(result.sampleId);
    let sampleFailure: Failure | undefined;
    if (!sample && this.lims) {
      try {
        sample = await this.lims.getSample(result.sampleId);
      } catch (err) {
        sampleFailure = failureOf(err);
      }
    }
    let lotId = result.lotId ?? sample?.lotId;
    if (result.lotId && sample && sample.lotId !== result.lotId) notes.push(`the LIMS names lot ${result.lotId} but sample ${sample.id} belongs to ${sample.lotId}; the LIMS lot is used`);
    if (!lotId && result.workOrderId) {
      const workOrderId = result.workOrderId;
      const asked = await ask((m) => m.getWorkOrder(workOrderId));
      if (asked.failed) mesDown(asked.failed);
      const known = asked.value ?? this.catalog.workOrder(workOrderId);
      lotId = known?.lotId;
      if (!known && asked.failed?.outage) throw new ContextUnavailableError(`${this.mes.name} could not be asked for work order ${workOrderId} of sample ${result.sampleId} (${asked.failed.error}) and the plant record does not know it; the result waits in the inbox`);
      if (!known && asked.failed) return this.#unmapped(result, undefined, contextRefused(this.idMap, this.mes.name, this.mes.name, `the question for work order ${workOrderId} of sample ${result.sampleId}`, asked.failed.error), notes);
      if (!known) return this.#unmapped(result, undefined, unknownWorkOrder(this.mes.name, result.sampleId, workOrderId), notes);
    }
    if (!lotId) {
      if (sampleFailure?.outage) throw new ContextUnavailableError(`the LIMS could not be asked for the lot of sample ${result.sampleId} (${sampleFailure.error}); the result waits in the inbox`);
      if (sampleFailure) return this.#unmapped(result, undefined, contextRefused(this.idMap, this.mes.name, this.lims?.name ?? 'the LIMS', `the question for the lot of sample ${result.sampleId}`, sampleFailure.error), notes);
      return this.#unmapped(result, undefined, withoutLot(this.mes.name, result.sampleId), notes);
    }
    const lookup = await this.#lotLookup(lotId);
    if (lookup.status === 'unknown') {
      // The MES answered: it has no such lot. The plant record is not asked instead: a hold on a
      // lot the MES does not know would fail there later, so QA hears now what to map.
      return this.#unmapped(result, lotId, unknownToMes(this.idMap, this.mes.name, lotId), notes);
    }
    if (lookup.status === 'failed') mesDown(lookup);
    const lotContext = lookup.status === 'found' ? lookup.context : undefined;
    const lot = lotContext?.lot ?? this.catalog.lot(lotId);
    if (!lot) {
      // No answer is not "no such lot": a brief MES outage must not make a result unmapped for good.
      // An error that is an answer would come back on every try: unmapped with it, the inbox moves on.
      if (lookup.status === 'failed' && !lookup.outage) return this.#unmapped(result, lotId, contextRefused(this.idMap, this.mes.name, this.mes.name, `the question about lot ${lotId}`, lookup.error, lotId), notes);
      throw new ContextUnavailableError(`${this.mes.name} could not be asked about lot ${lotId} (${lookup.status === 'failed' ? lookup.error : 'no answer'}) and the plant record does not know it; the result waits in the inbox`);
    }
    const workOrderId = result.workOrderId ?? lot.workOrderId;
    let workOrder = lotContext?.workOrder;
    if (!workOrder && workOrderId) {
      const asked = await ask((m) => m.getWorkOrder(workOrderId));
      if (asked.failed) mesDown(asked.failed);
      workOrder = asked.value ?? this.catalog.workOrder(workOrderId);
    }
    if (result.workOrderId && workOrder && workOrder.id !== result.workOrderId) notes.push(`the LIMS names work order ${result.workOrderId} but the MES runs ${lot.id} under ${workOrder.id}`);
    const lineId = lotContext?.line?.id ?? lot.lineId ?? workOrder?.lineId;
    const line = lotContext?.line ?? (lineId ? this.catalog.line(lineId) : undefined);
    const productId = lot.productId;
    const { spec, specSource, note } = this.#specification(productId, result);
    if (note) notes.push(note);
    return { lotId, lot, ...(workOrder ? { workOrder } : {}), ...(line ? { line } : {}), productId, ...(spec ? { spec } : {}), specSource, equipment: [], notes };
  }

  /**
   * A result that reaches no MES lot: why and the fix, and the specification it can still be
   * judged against (the limits the LIMS sent, or the catalog specification the LIMS names).
   */
  #unmapped(result: IncomingResult, lotId: string | undefined, unmapped: UnmappedLot, notes: string[]): ResultContext {
    const { spec, specSource, note } = this.#specification(undefined, result);
    return { ...(lotId ? { lotId } : {}), ...(spec ? { spec } : {}), specSource, equipment: [], notes: [...notes, unmapped.reason, ...(spec && note ? [note] : [])], unmapped };
  }

  /**
   * Reused for a second at most: a hold qloop itself asked for is known from its own proposals
   * (never proposed twice), and a change made in the MES by hand shows within the second.
   */
  #lotLookup(lotId: string): Promise<LotLookup> {
    const now = performance.now();
    const cached = this.#lotContexts.get(lotId);
    if (cached && now - cached.at < LOT_CONTEXT_TTL_MS) return cached.lookup;
    if (this.#lotContexts.size > 1000) for (const [id, entry] of this.#lotContexts) if (now - entry.at >= LOT_CONTEXT_TTL_MS) this.#lotContexts.delete(id);
    const lookup: Promise<LotLookup> = Promise.resolve()
      .then(() => this.mes.getLotContext(lotId))
      .then(
        (context): LotLookup => (context ? { status: 'found', context } : { status: 'unknown' }),
        (err: unknown): LotLookup => ({ status: 'failed', ...failureOf(err) }),
      );
    this.#lotContexts.set(lotId, { at: now, lookup });
    return lookup;
  }

  /**
   * The line's equipment with its state and parameters, for results a person must look at (the
   * guidance and the deviation draft name them); read only then, to spare the MES.
   */
  async withEquipment(context: ResultContext): Promise<ResultContext> {
    const line = context.line;
    if (!line) return context;
    try {
      return { ...context, equipment: await this.mes.listEquipment(line.id) };
    } catch (err) {
      return { ...context, equipment: this.catalog.equipmentOnLine(line.id), notes: [...context.notes, `MES unavailable (${(err as Error).message}): equipment from the plant record`] };
    }
  }

  /** `productId` undefined: the lot is not known, so only a specification the LIMS names or sends counts. */
  #specification(productId: string | undefined, result: IncomingResult): { spec?: TestSpecification; specSource: ResultContext['specSource']; note?: string } {
    const wanted = result.test.trim().toLowerCase();
    const catalogSpec =
      (result.specificationId ? this.catalog.specification(result.specificationId) : undefined) ??
      (productId ? this.catalog.specsForProduct(productId).find((s) => s.test.toLowerCase() === wanted || s.keyword.toLowerCase() === wanted) : undefined);
    const { specMin, specMax } = result;
    const limsGivesLimits = specMin !== undefined || specMax !== undefined;
    if (catalogSpec && (!limsGivesLimits || (specMin === catalogSpec.lsl && specMax === catalogSpec.usl))) return { spec: catalogSpec, specSource: 'catalog' };
    if (catalogSpec) {
      // The LIMS is the system of record for limits: its limits win, but bands and alert/action
      // levels drawn around the catalog's limits no longer fit and are dropped.
      const { bands: _bands, alertLimits: _alert, actionLimits: _action, lsl: _lsl, usl: _usl, ...rest } = catalogSpec;
      const spec: TestSpecification = { ...rest, ...(specMin !== undefined ? { lsl: specMin } : {}), ...(specMax !== undefined ? { usl: specMax } : {}), decimals: Math.max(catalogSpec.decimals, decimalsOf(specMin), decimalsOf(specMax)) };
      return { spec, specSource: 'catalog, limits from the LIMS', note: `the LIMS limits (${specMin ?? '–'} to ${specMax ?? '–'}) differ from specification ${catalogSpec.id} (${catalogSpec.lsl ?? '–'} to ${catalogSpec.usl ?? '–'}); the LIMS limits were applied` };
    }
    if (!limsGivesLimits) return { specSource: 'none', note: `no specification for ${result.test} on ${productId ?? 'an unknown product'}` };
    const spec: TestSpecification = {
      id: `LIMS:${productId ?? 'unmapped'}:${result.test}`,
      version: 'as reported',
      productId: productId ?? '',
      test: result.test,
      keyword: result.test,
      unit: result.unit ?? '',
      kind: 'numeric',
      ...(specMin !== undefined ? { lsl: specMin } : {}),
      ...(specMax !== undefined ? { usl: specMax } : {}),
      decimals: Math.max(decimalsOf(specMin), decimalsOf(specMax)),
      method: 'limits as reported by the LIMS',
    };
    return { spec, specSource: 'lims', note: productId ? `no catalog specification for ${result.test} on ${productId}; the LIMS limits were applied` : `the limits the LIMS sent (${specMin ?? '–'} to ${specMax ?? '–'}) were applied; the lot's product is not known` };
  }
}

function decimalsOf(limit: number | undefined): number {
  if (limit === undefined) return 0;
  const text = String(limit);
  const dot = text.indexOf('.');
  return dot < 0 || text.includes('e') ? 0 : text.length - dot - 1;
}
