// A lab result whose lot the MES cannot find is never dropped silently: it raises an
// "unmapped result" alert to QA (with what to do: add a row to the mapping table) and an
// audit record. The watcher calls resolveResultLot for each accepted result.
import type { AlertEvent } from '../realtime/contract';
import type { TerminalFeed } from '../realtime/services';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { LotContext, MesAdapter } from '../ports/mes';
import type { IdMap } from './id-map';

export interface ResultIdentity {
  resultId: string;
  sampleId: string;
  lotId?: string;
  test: string;
  value: string | number;
  unit?: string;
}

export interface UnmappedDeps {
  mes: MesAdapter;
  idMap: IdMap;
  audit: AuditLog;
  clock: Clock;
  /** Where the QA alert goes; without one the audit record still keeps the result visible. */
  feed?: TerminalFeed;
}

export type LotResolution = { status: 'mapped'; lotId: string; mesLotId: string; context: LotContext } | { status: 'unmapped'; reason: string; alert: AlertEvent };

/** The MES lot of a LIMS result, or an "unmapped result" alert to QA when there is none. */
export async function resolveResultLot(result: ResultIdentity, deps: UnmappedDeps): Promise<LotResolution> {
  if (!result.lotId) return { status: 'unmapped', reason: `result ${result.resultId} names no lot (sample ${result.sampleId})`, alert: await reportUnmappedResult(result, `the LIMS sent no lot or batch for sample ${result.sampleId}`, deps) };
  const mesLotId = deps.idMap.toMes(deps.mes.name, 'lot', result.lotId);
  const context = await deps.mes.getLotContext(result.lotId);
  if (context) return { status: 'mapped', lotId: result.lotId, mesLotId, context };
  const reason = deps.idMap.has(deps.mes.name, 'lot', result.lotId)
    ? `lot ${result.lotId} is mapped to ${mesLotId} in ${deps.mes.name}, but ${deps.mes.name} does not know ${mesLotId}`
    : `${deps.mes.name} does not know lot ${result.lotId} and the mapping table has no row for it`;
  return { status: 'unmapped', reason, alert: await reportUnmappedResult(result, reason, deps) };
}

/** Raises the QA alert and the audit record for a result that cannot be tied to an MES lot. */
export async function reportUnmappedResult(result: ResultIdentity, reason: string, deps: UnmappedDeps): Promise<AlertEvent> {
  const alert: AlertEvent = {
    id: `unmapped-${result.resultId}`,
    status: 'open',
    raisedAt: deps.clock.iso(),
    severity: 'warning',
    lot: result.lotId ?? '',
    test: result.test,
    value: result.value,
    unit: result.unit ?? '',
    spec: '',
    rule: 'unmapped-result',
    guidance: `Unmapped result: ${reason}. The result (${result.resultId}, sample ${result.sampleId}) is kept but cannot reach a lot. Ask the administrator to add the lot to the mapping table (kind "lot", system "${deps.mes.name}"), then re-evaluate it.`,
  };
  await deps.audit.append({ actor: { type: 'component', id: 'mapping' }, action: 'result.unmapped', subject: { type: 'result', id: result.resultId }, after: { ...result, mes: deps.mes.name }, reason });
  deps.feed?.alert({ roles: ['qa'] }, alert);
  return alert;
}
