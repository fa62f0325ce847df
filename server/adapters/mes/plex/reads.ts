// Plex Connect reads for PlexMesAdapter: every list is a full array (Plex ignores paging
// parameters), so lots, jobs and workcenters are found by scanning them.
import { z } from 'zod';
import type { Equipment, EquipmentState, LotHold, ProcessParameter, WorkOrder, WorkOrderStatus } from '../../../domain/types';
import type { IdMap } from '../../../mapping/id-map';
import { ifFound } from '../../http/if-found';
import type { VendorClient } from '../../http/vendor-client';
import { containerSchema, holdRecordSchema, jobOperationSchema, jobSchema, operatingParameterSchema, tagValueSchema, workcenterSchema, type PlexContainer, type PlexJob } from './schemas';

export const SYSTEM = 'plex';
const JOB_STATUS: Record<string, WorkOrderStatus> = { Scheduled: 'planned', Released: 'released', Active: 'running', Hold: 'on-hold', Complete: 'completed', Closed: 'closed' };
const WORKCENTER_STATE: Record<string, EquipmentState> = { Running: 'running', Idle: 'idle', Setup: 'setup', Cleaning: 'cleaning', Maintenance: 'maintenance', Down: 'down' };
const iso = (t: string) => new Date(t).toISOString();

export class PlexReads {
  constructor(
    private readonly client: VendorClient,
    private readonly ids: IdMap,
    private readonly register: string,
    private readonly options: { containerJobField?: string },
  ) {}

  /** The lot's container (Plex returns every container; unknown filters are ignored) and its job. */
  async lotParts(call: string, lotId: string): Promise<{ container: PlexContainer; lotGuid?: string; job?: PlexJob } | undefined> {
    const lotNo = this.ids.toMes(SYSTEM, 'lot', lotId);
    const { data } = await this.client.call({ call, path: '/inventory/v1/inventory-tracking/containers', schema: z.array(containerSchema) });
    const container = data.find((c) => c.lotNo === lotNo);
    if (!container) return undefined;
    const jobField = container[this.options.containerJobField ?? 'jobNo'];
    const jobNo = typeof jobField === 'string' ? jobField : this.ids.has(SYSTEM, 'work-order', lotId) ? this.ids.toMes(SYSTEM, 'work-order', lotId) : undefined;
    const job = jobNo ? (await this.jobs(call)).find((j) => j.jobNo === jobNo) : undefined;
    return { container, ...(container.lotId ? { lotGuid: container.lotId } : {}), ...(job ? { job } : {}) };
  }

  async holds(call: string, lotId: string): Promise<LotHold[]> {
    const lotNo = this.ids.toMes(SYSTEM, 'lot', lotId);
    const { data } = await this.client.call({ call, path: `/platform/custom-objects/v1/data/${this.register}`, schema: z.array(holdRecordSchema) });
    return data.filter((h) => h.lotNo === lotNo).map((h) => ({ id: h.id, reasonCode: h.reasonCode, comment: h.comment ?? '', placedBy: h.initiatedBy ?? '', placedAt: iso(h.placedAt), ...(h.releasedAt ? { releasedAt: iso(h.releasedAt) } : {}) }));
  }

  async jobs(call: string): Promise<PlexJob[]> {
    return (await this.client.call({ call, path: '/scheduling/v1/jobs', schema: z.array(jobSchema) })).data;
  }

  async workcenters(call: string) {
    return (await this.client.call({ call, path: '/production/v1/control/workcenters', schema: z.array(workcenterSchema) })).data;
  }

  async workOrder(call: string, job: PlexJob): Promise<WorkOrder> {
    const { data: operations } = await this.client.call({ call, path: `/scheduling/v1/jobs/${job.id}/operations`, schema: z.array(jobOperationSchema) });
    const containers = (await this.client.call({ call, path: '/inventory/v1/inventory-tracking/containers', schema: z.array(containerSchema) })).data;
    const lotNo = containers.find((c) => c[this.options.containerJobField ?? 'jobNo'] === job.jobNo)?.lotNo;
    return {
      id: this.ids.fromMes(SYSTEM, 'work-order', job.jobNo), productId: this.ids.fromMes(SYSTEM, 'product', job.partNo), lineId: this.ids.fromMes(SYSTEM, 'line', operations[0]?.workcenterGroup ?? ''),
      lotId: lotNo ? this.ids.fromMes(SYSTEM, 'lot', lotNo) : '', status: JOB_STATUS[job.status] ?? 'released', quantity: job.quantity, unit: job.unit ?? '',
      plannedStart: job.scheduledStartDateTime ? iso(job.scheduledStartDateTime) : '', ...(job.actualStartDateTime ? { actualStart: iso(job.actualStartDateTime) } : {}), ...(job.completedDateTime ? { actualEnd: iso(job.completedDateTime) } : {}),
    };
  }

  async equipment(call: string, w: z.output<typeof workcenterSchema>): Promise<Equipment> {
    const id = this.ids.fromMes(SYSTEM, 'equipment', w.workcenterCode);
    return {
      id, name: w.name, type: w.workcenterType ?? '', lineId: this.ids.fromMes(SYSTEM, 'line', w.workcenterGroup ?? ''), state: WORKCENTER_STATE[w.status.description] ?? 'idle',
      ...(w.lastCalibrationDateTime ? { lastCalibration: iso(w.lastCalibrationDateTime) } : {}), parameters: await this.parameters(call, id, w.workcenterCode),
    };
  }

  /** Operating parameters (setpoint, limits) joined with the latest APM tag values. */
  async parameters(call: string, equipmentId: string, code: string): Promise<ProcessParameter[]> {
    const [{ data: parameters }, { data: tags }] = await Promise.all([
      this.client.call({ call, path: '/engineering/v1/operating-parameters', schema: z.array(operatingParameterSchema) }),
      this.client.call({ call, path: '/cm/exhaust/v1/tags/values/latest', schema: z.array(tagValueSchema) }),
    ]);
    const latest = new Map(tags.map((t) => [t.tagName, t.value]));
    return parameters.filter((p) => p.workcenterCode === code).map((p) => ({
      id: `${equipmentId}.${p.parameterName}`, name: p.description ?? p.parameterName, unit: p.unit ?? '', setpoint: p.targetValue,
      current: (p.tagName ? latest.get(p.tagName) : undefined) ?? p.targetValue, validatedRange: { min: p.lowerLimit, max: p.upperLimit }, ...(p.tagName ? { nodeId: p.tagName } : {}),
    }));
  }

  async get<S extends z.ZodType>(call: string, path: string, schema: S): Promise<z.output<S> | undefined> {
    return (await ifFound(this.client.call({ call, path, schema })))?.data;
  }
}
