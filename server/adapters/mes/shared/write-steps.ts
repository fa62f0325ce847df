// Hold, release and nonconformance done the same way for every MES: check the vendor's
// state first, write once, and let a vendor "already" answer count as done. The vendor
// adapters supply the reads and writes; these functions supply the outbox guarantees.
import type { LotHold } from '../../../domain/types';
import type { HoldRequest, MesWriteResult, NonconformanceDraft, ReleaseRequest } from '../../../ports/mes';
import type { AdapterError } from '../../http/adapter-error';
import type { VendorClient } from '../../http/vendor-client';
import { writeOnce } from '../../http/write-once';
import { notOnHold, unknownLot } from './refusals';
import type { WriteJournal } from './write-journal';

export interface LotHoldState {
  /** undefined when the MES does not know the lot. */
  exists: boolean;
  disposition?: string;
  open?: LotHold;
}

export interface HoldSteps {
  system: string;
  client: VendorClient;
  state(lotId: string): Promise<LotHoldState>;
  hold(request: HoldRequest): Promise<{ reference: string; raw: unknown }>;
  isAlreadyHeld?(err: AdapterError): boolean;
}

export async function placeHoldOnce(steps: HoldSteps, request: HoldRequest): Promise<MesWriteResult> {
  return writeOnce<MesWriteResult>(steps.client, {
    call: 'placeHold',
    check: async () => {
      const state = await steps.state(request.lotId);
      if (!state.exists) throw unknownLot(steps.system, request.lotId);
      return state.open ? { status: 'already', reference: state.open.id, raw: { hold: state.open } } : undefined;
    },
    write: async () => {
      const { reference, raw } = await steps.hold(request);
      return { status: 'applied', reference, raw };
    },
    isAlready: steps.isAlreadyHeld,
  });
}

export interface ReleaseSteps {
  system: string;
  client: VendorClient;
  journal: WriteJournal;
  state(lotId: string): Promise<LotHoldState>;
  release(request: ReleaseRequest, open: LotHold): Promise<unknown>;
  isNotHeld?(err: AdapterError): boolean;
}

export async function releaseHoldOnce(steps: ReleaseSteps, request: ReleaseRequest): Promise<MesWriteResult> {
  const known = await steps.journal.get(steps.system, request.idempotencyKey);
  if (known?.done && known.reference) return { status: 'already', reference: known.reference, raw: { journal: known } };
  let mine = known?.reference;
  const result = await writeOnce<MesWriteResult>(steps.client, {
    call: 'releaseHold',
    check: async () => {
      const state = await steps.state(request.lotId);
      if (!state.exists) throw unknownLot(steps.system, request.lotId);
      if (state.open) return undefined;
      // Not held: done by this key (the answer was lost earlier), or nothing to release.
      if (mine) return { status: known ? 'already' : 'applied', reference: mine, raw: { journal: mine } };
      throw notOnHold(request.lotId, state.disposition);
    },
    write: async () => {
      const state = await steps.state(request.lotId);
      if (!state.open) {
        // An earlier attempt of this call timed out but was still on its way: it has landed since.
        if (mine) return { status: 'applied', reference: mine, raw: { journal: mine } };
        throw notOnHold(request.lotId, state.disposition);
      }
      mine = state.open.id;
      await steps.journal.intend(steps.system, { key: request.idempotencyKey, operation: 'release', target: request.lotId, reference: mine });
      const raw = await steps.release(request, state.open);
      return { status: 'applied', reference: mine, raw };
    },
    isAlready: (err) => steps.isNotHeld?.(err) === true && mine !== undefined,
    already: () => ({ status: 'applied', reference: mine ?? '', raw: {} }),
  });
  await steps.journal.complete(steps.system, request.idempotencyKey, result.reference);
  return result;
}

export interface NonconformanceSteps {
  system: string;
  client: VendorClient;
  journal: WriteJournal;
  lotExists(lotId: string): Promise<boolean>;
  /** The nonconformance this key created, found at the vendor (the key travels with it). */
  findByKey(draft: NonconformanceDraft): Promise<{ reference: string; raw: unknown } | undefined>;
  create(draft: NonconformanceDraft): Promise<{ reference: string; raw: unknown }>;
}

export async function draftNonconformanceOnce(steps: NonconformanceSteps, draft: NonconformanceDraft): Promise<MesWriteResult> {
  const known = await steps.journal.get(steps.system, draft.idempotencyKey);
  if (known?.done && known.reference) return { status: 'already', reference: known.reference, raw: { journal: known } };
  if (!(await steps.lotExists(draft.lotId))) throw unknownLot(steps.system, draft.lotId);
  await steps.journal.intend(steps.system, { key: draft.idempotencyKey, operation: 'nonconformance', target: draft.lotId });
  const result = await writeOnce<MesWriteResult>(steps.client, {
    call: 'draftNonconformance',
    check: async () => {
      const found = await steps.findByKey(draft);
      return found ? { status: 'already', reference: found.reference, raw: found.raw } : undefined;
    },
    write: async () => {
      const created = await steps.create(draft);
      return { status: 'applied', reference: created.reference, raw: created.raw };
    },
  });
  await steps.journal.complete(steps.system, draft.idempotencyKey, result.reference);
  return result;
}
