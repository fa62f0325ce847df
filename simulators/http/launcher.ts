// Starts one vendor simulator on its own port, serving a plant dataset through PlantCatalog:
// used by the tests, by `npm start` in demo mode and by the standalone CLI (main.ts).
import { SystemClock } from '../../server/adapters/clock/system-clock';
import type { PlantCatalog } from '../../server/plant/catalog';
import type { Clock } from '../../server/ports/clock';
import { FaultInjector } from './faults/fault-injector';
import type { FaultSettingsInput } from './faults/fault-settings';
import { listen } from './shared/http';
import { LabBook } from './shared/lab-book';
import { ShopFloor } from './shared/shop-floor';
import { GENERIC_LIMS_DEMO_TOKEN, genericLimsApp } from './generic-lims/app';
import { ResultPusher, type PushSettings } from './generic-lims/pusher';
import { GENERIC_MES_DEMO_TOKEN, genericMesApp } from './generic-mes/app';
import { OPCENTER_DEMO } from './opcenter/auth';
import { opcenterApp } from './opcenter/app';
import { PLEX_DEMO_KEY, plexApp } from './plex/app';
import { SAP_DEMO_CLIENT, SAP_DEMO_PLANT, sapDmApp } from './sap-dm/app';
import { SENAITE_BASE_PATH, SENAITE_DEMO_USERS, senaiteApp } from './senaite/app';

export const SIMULATOR_KINDS = ['senaite', 'generic-lims', 'sap-dm', 'plex', 'opcenter', 'generic-mes'] as const;
export type SimulatorKind = (typeof SIMULATOR_KINDS)[number];

export interface SimulatorOptions {
  catalog: PlantCatalog;
  clock?: Clock;
  port?: number;
  host?: string;
  faults?: string | FaultSettingsInput;
  /** Lifetime of issued tokens (SENAITE JWT, SAP and Opcenter access tokens). */
  tokenSeconds?: number;
  /** Plex call budget per minute (200 by default, as Plex documents). */
  callsPerMinute?: number;
  /** Generic LIMS: where verified results are pushed (qloop's POST /api/lims/results) and how. */
  push?: { target?: string; secret?: string; settings?: Partial<PushSettings> };
}

export interface RunningSimulator {
  kind: SimulatorKind;
  /** Base URL an adapter is configured with. */
  url: string;
  faults: FaultInjector;
  /** Credentials the simulator accepts (the demo defaults unless configured). */
  credentials: Record<string, string>;
  lab?: LabBook;
  floor?: ShopFloor;
  /** The generic LIMS's webhook pusher. */
  pusher?: ResultPusher;
  /** Revokes every issued token (token expiry mid-run). */
  expireTokens(): void;
  /** Tokens issued so far, and how many through a refresh grant. */
  tokenStats(): { issued: number; refreshed: number };
  close(): Promise<void>;
}

export async function startSimulator(kind: SimulatorKind, options: SimulatorOptions): Promise<RunningSimulator> {
  const clock = options.clock ?? new SystemClock();
  const faults = new FaultInjector(options.faults);
  switch (kind) {
    case 'senaite': {
      const lab = new LabBook(options.catalog, clock);
      const { app, auth } = senaiteApp({ lab, clock, faults, tokenSeconds: options.tokenSeconds });
      const server = await listen(app, options.port, options.host);
      const [username, password] = Object.entries(SENAITE_DEMO_USERS)[0] as [string, string];
      return running(kind, `${server.url}${SENAITE_BASE_PATH}`, faults, server.close, { username, password }, () => auth.rotate(), { lab, tokens: auth });
    }
    case 'generic-lims': {
      const lab = new LabBook(options.catalog, clock);
      const { app } = genericLimsApp({ lab, faults });
      const server = await listen(app, options.port, options.host);
      const pusher = new ResultPusher(lab, options.push?.secret ?? '', options.push?.settings);
      pusher.setTarget(options.push?.target);
      const sim = running(kind, server.url, faults, server.close, { token: GENERIC_LIMS_DEMO_TOKEN }, () => {}, { lab });
      return { ...sim, pusher, close: async () => {
        pusher.stop();
        await sim.close();
      } };
    }
    case 'generic-mes': {
      const floor = new ShopFloor(options.catalog, clock);
      const { app } = genericMesApp({ floor, faults });
      const server = await listen(app, options.port, options.host);
      return running(kind, `${server.url}/api/v1`, faults, server.close, { token: GENERIC_MES_DEMO_TOKEN }, () => {}, { floor });
    }
    case 'sap-dm': {
      const floor = new ShopFloor(options.catalog, clock);
      const { app, tokens } = sapDmApp({ floor, clock, faults, tokenSeconds: options.tokenSeconds });
      const server = await listen(app, options.port, options.host);
      return running(kind, `${server.url}/api`, faults, server.close, { ...SAP_DEMO_CLIENT, plant: SAP_DEMO_PLANT, tokenUrl: `${server.url}/uaa/oauth/token` }, () => tokens.revokeAll(), { floor, tokens });
    }
    case 'plex': {
      const floor = new ShopFloor(options.catalog, clock);
      const { app } = plexApp({ floor, clock, faults, callsPerMinute: options.callsPerMinute });
      const server = await listen(app, options.port, options.host);
      return running(kind, server.url, faults, server.close, { apiKey: PLEX_DEMO_KEY }, () => {}, { floor });
    }
    case 'opcenter': {
      const floor = new ShopFloor(options.catalog, clock);
      const { app, tokens } = opcenterApp({ floor, clock, faults, tokenSeconds: options.tokenSeconds });
      const server = await listen(app, options.port, options.host);
      return running(kind, server.url, faults, server.close, { ...OPCENTER_DEMO }, () => tokens.expireAccess(), { floor, tokens });
    }
    default:
      throw new Error(`simulator "${kind}" is not available yet`);
  }
}

interface TokenSource {
  issued: number;
  refreshed?: number;
}

function running(kind: SimulatorKind, url: string, faults: FaultInjector, close: () => Promise<void>, credentials: Record<string, string>, expireTokens: () => void, state: { lab?: LabBook; floor?: ShopFloor; tokens?: TokenSource }): RunningSimulator {
  const { tokens, ...rest } = state;
  return {
    kind,
    url,
    faults,
    credentials,
    ...rest,
    expireTokens,
    tokenStats: () => ({ issued: tokens?.issued ?? 0, refreshed: tokens?.refreshed ?? 0 }),
    close: async () => {
      faults.releaseHeld();
      await close();
    },
  };
}
