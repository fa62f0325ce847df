// Why a lab result cannot be tied to an MES lot, and what fixes it, in words QA can act on. The
// watcher's context resolver asks this when the MES answers that it does not know a lot; the
// evaluation writer then records an `unmapped` evaluation, audits `result.unmapped` and raises
// the QA alert, so such a result is never dropped silently (one path: server/watcher). When the MES
// or the LIMS does not answer at all (an outage), the result is not unmapped: it waits and is tried
// again; when it answers with an error waiting will not fix, the result is unmapped with that error.
import type { IdMap } from './id-map';

export interface UnmappedLot {
  /** The MES adapter that was asked (sap-dm, plex, ...). */
  mes: string;
  /** The lot as the LIMS names it; absent when the result names none. */
  lotId?: string;
  /** The id the MES was asked for (after the mapping table), when a lot was named. */
  mesLotId?: string;
  /** True when the mapping table has a row for the lot (then the row itself is wrong). */
  mappingRow: boolean;
  reason: string;
  /** What the administrator or QA does about it. */
  fix: string;
}

/** The MES answered that it does not know the lot (not an MES failure). */
export function unknownToMes(idMap: IdMap, mes: string, lotId: string): UnmappedLot {
  const mappingRow = idMap.has(mes, 'lot', lotId);
  const mesLotId = idMap.toMes(mes, 'lot', lotId);
  return mappingRow
    ? {
        mes, lotId, mesLotId, mappingRow,
        reason: `lot ${lotId} is mapped to ${mesLotId} in ${mes}, but ${mes} does not know ${mesLotId}`,
        fix: `ask the administrator to correct the mapping table row for lot ${lotId} (kind "lot", system "${mes}": ${mesLotId} is not an ${mes} lot)`,
      }
    : {
        mes, lotId, mesLotId, mappingRow,
        reason: `${mes} does not know lot ${lotId} and the mapping table has no row for it`,
        fix: `ask the administrator to add lot ${lotId} to the mapping table (kind "lot", system "${mes}", the ${mes} id of the lot)`,
      };
}

/** The result names no lot and its sample maps to none. */
export function withoutLot(mes: string, sampleId: string): UnmappedLot {
  return {
    mes, mappingRow: false,
    reason: `the LIMS sent no lot or batch for sample ${sampleId} and qloop cannot find the sample's lot`,
    fix: `ask the lab to record the lot or batch of sample ${sampleId} in the LIMS`,
  };
}

/** The result names no lot, only a work order that neither the MES nor the plant record knows. */
export function unknownWorkOrder(mes: string, sampleId: string, workOrderId: string): UnmappedLot {
  return {
    mes, mappingRow: false,
    reason: `the LIMS sent no lot for sample ${sampleId}, and ${mes} does not know its work order ${workOrderId}`,
    fix: `ask the lab to record the lot of sample ${sampleId} in the LIMS, or the administrator to map work order ${workOrderId} (kind "work-order", system "${mes}")`,
  };
}

/**
 * The MES or the LIMS answered a context question with an error that is no outage (a 400, a body
 * of the wrong shape, a thrown "not found"): asking again would fail the same way, so the result is
 * recorded unmapped with the error instead of blocking the inbox.
 */
export function contextRefused(idMap: IdMap, mes: string, system: string, question: string, error: string, lotId?: string): UnmappedLot {
  const shown = error.length > 300 ? `${error.slice(0, 300)}…` : error;
  return {
    mes,
    ...(lotId ? { lotId, mesLotId: idMap.toMes(mes, 'lot', lotId) } : {}),
    mappingRow: lotId ? idMap.has(mes, 'lot', lotId) : false,
    reason: `${system} answered ${question} with an error that waiting will not fix (${shown})`,
    fix: `ask the administrator to check the ${system} connection and its data for this result${lotId ? ` (and the mapping table row of lot ${lotId}, kind "lot", system "${mes}")` : ''}; the result is not tried again by itself`,
  };
}
