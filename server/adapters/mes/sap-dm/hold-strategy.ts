// How a qloop hold becomes an SAP DM hold. No public REST hold endpoint exists (INTEGRATIONS
// 1, [U]), so it is configured per tenant: `nc-code` logs a nonconformance whose code has an
// IMMEDIATE_HOLD disposition and releases by closing it (checkForOpen tells if it is open);
// `hold-api` calls a tenant-specific hold API at configured paths.
import { z } from 'zod';
import type { LotHold } from '../../../domain/types';
import type { HoldRequest, ReleaseRequest } from '../../../ports/mes';
import type { VendorClient } from '../../http/vendor-client';
import { checkForOpenSchema, holdIdsSchema, holdListSchema, ncLogSchema, ncSchema, springPage, type SapNc } from './schemas';

export type SapHoldSettings =
  | { strategy: 'nc-code'; code: string }
  | { strategy: 'hold-api'; holdPath: string; releasePath: string; listPath: string };

/** dataFields carrying what SAP has no field for ([U]: DataField names are site-defined). */
export const FIELDS = { reason: 'REASON_CODE', initiator: 'INITIATED_BY', key: 'QLOOP_KEY' } as const;

export interface HoldStrategy {
  openHoldId(sfc: string): Promise<string | undefined>;
  holds(sfc: string): Promise<LotHold[]>;
  hold(sfc: string, request: HoldRequest): Promise<{ reference: string; raw: unknown }>;
  release(sfc: string, holdId: string, request: ReleaseRequest): Promise<unknown>;
}

export function holdStrategy(client: VendorClient, plant: string, settings: SapHoldSettings): HoldStrategy {
  return settings.strategy === 'nc-code' ? ncCodeStrategy(client, plant, settings.code) : holdApiStrategy(client, plant, settings);
}

export async function allNonconformances(client: VendorClient, call: string, plant: string, sfc: string): Promise<SapNc[]> {
  const out: SapNc[] = [];
  const schema = springPage(ncSchema);
  for (let page = 0; ; page++) {
    const { data } = await client.call({ call, path: '/nonconformance/v2/nonconformances', query: { plant, sfc, page, size: 100 }, schema });
    out.push(...data.content);
    if (page + 1 >= data.totalPages) return out;
  }
}

/** The close answer's body is not documented; nothing in it is read. */
const ncCloseSchema = z.unknown();
const field = (nc: SapNc, name: string) => nc.dataFields?.find((f) => f.fieldName === name)?.value;
const iso = (t: string) => new Date(t).toISOString();

function ncCodeStrategy(client: VendorClient, plant: string, code: string): HoldStrategy {
  return {
    async openHoldId(sfc) {
      const { data } = await client.call({ call: 'checkForOpen', method: 'POST', retry: 'safe', path: '/nonconformance/v1/checkForOpen', json: { plant, sfc, code }, schema: checkForOpenSchema });
      return data.hasOpenNonconformances ? (data.ids?.[0] ?? `${sfc}:${code}`) : undefined;
    },
    async holds(sfc) {
      const ncs = await allNonconformances(client, 'getLotContext', plant, sfc);
      return ncs.filter((nc) => nc.code === code).map((nc) => ({
        id: nc.id, reasonCode: field(nc, FIELDS.reason) ?? nc.code, comment: nc.comments ?? '', placedBy: field(nc, FIELDS.initiator) ?? nc.createdBy ?? '',
        placedAt: iso(nc.createdDateTime), ...(nc.closedDateTime ? { releasedAt: iso(nc.closedDateTime) } : {}),
      }));
    },
    async hold(sfc, request) {
      const dataFields = [{ fieldName: FIELDS.reason, value: request.reasonCode }, { fieldName: FIELDS.initiator, value: request.initiatedBy }, { fieldName: FIELDS.key, value: request.idempotencyKey }];
      const { data, raw } = await client.call({ call: 'placeHold', method: 'POST', path: '/nonconformance/v1/log', json: { plant, code, sfcs: [sfc], quantity: 1, comments: request.comment, dataFields }, schema: ncLogSchema });
      return { reference: data.ids[0] as string, raw };
    },
    async release(_sfc, holdId, request) {
      return (await client.call({ call: 'releaseHold', method: 'POST', path: '/nonconformance/v1/close', json: { plant, id: holdId, comments: `${request.comment} [qloop ${request.idempotencyKey} by ${request.initiatedBy}]` }, schema: ncCloseSchema })).raw;
    },
  };
}

function holdApiStrategy(client: VendorClient, plant: string, paths: { holdPath: string; releasePath: string; listPath: string }): HoldStrategy {
  const holds = async (sfc: string) => {
    const { data } = await client.call({ call: 'getLotContext', path: paths.listPath, query: { plant, sfc }, schema: holdListSchema });
    return data.map((h) => ({ id: h.holdId, reasonCode: h.holdReason, comment: h.comments ?? '', placedBy: h.createdBy ?? '', placedAt: iso(h.createdDateTime), ...(h.releasedDateTime ? { releasedAt: iso(h.releasedDateTime) } : {}) }));
  };
  return {
    holds,
    async openHoldId(sfc) {
      return (await holds(sfc)).find((h) => h.releasedAt === undefined)?.id;
    },
    async hold(sfc, request) {
      const { data, raw } = await client.call({ call: 'placeHold', method: 'POST', path: paths.holdPath, json: { plant, sfcs: [sfc], holdReason: request.reasonCode, comments: request.comment, requestedBy: request.initiatedBy }, schema: holdIdsSchema });
      return { reference: data.holdIds[0] ?? '', raw };
    },
    async release(sfc, _holdId, request) {
      return (await client.call({ call: 'releaseHold', method: 'POST', path: paths.releasePath, json: { plant, sfcs: [sfc], comments: request.comment }, schema: holdIdsSchema })).raw;
    },
  };
}
