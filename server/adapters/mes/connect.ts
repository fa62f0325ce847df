// Chooses and builds the MES adapter from config (QLOOP_MES), with the master data mapping
// table, the write journal and the setpoint writer. In demo mode with an empty URL key the
// vendor simulator is started and its floor also stands in for the PLC and drifts live.
import type { Logger } from 'pino';
import { CONFIG_KEYS, ConfigError, MES_URL_KEYS, type Config } from '../../config';
import type { SqliteAuditLog } from '../audit/sqlite-audit-log';
import { SqliteIdMap } from '../../mapping/sqlite-id-map';
import type { PlantCatalog } from '../../plant/catalog';
import type { PlantDataset } from '../../plant/schema';
import type { Clock } from '../../ports/clock';
import type { MesAdapter } from '../../ports/mes';
import type { SetpointWriter } from '../../ports/setpoint-writer';
import type { SetpointTags } from '../setpoint/control-layer';
import type { Db } from '../../store/database';
import { InProcessMes } from '../../../simulators/in-process/mes';
import { startSimulator, type RunningSimulator, type SimulatorKind } from '../../../simulators/http/launcher';
import { seededRandom } from '../../../simulators/seeded-random';
import { demoFaults, vendorClientSettings } from '../http/client-settings';
import { connectSetpointWriter } from '../setpoint/connect';
import { GenericRestMesAdapter } from './generic-rest/adapter';
import { OpcenterMesAdapter } from './opcenter/adapter';
import type { OpcenterModel } from './opcenter/model';
import { PlexMesAdapter } from './plex/adapter';
import { SapDmMesAdapter } from './sap-dm/adapter';
import { SqliteWriteJournal } from './shared/sqlite-write-journal';

export interface MesConnection {
  adapter: MesAdapter;
  idMap: SqliteIdMap;
  setpoint: SetpointWriter;
  simulator?: RunningSimulator;
  close(): Promise<void>;
}

export interface MesConnectDeps {
  plant: PlantDataset;
  catalog: PlantCatalog;
  clock: Clock;
  logger: Logger;
  db: Db;
  audit: SqliteAuditLog;
}

const SIMULATOR: Record<Exclude<Config['mes'], 'in-process'>, SimulatorKind> = { 'sap-dm': 'sap-dm', plex: 'plex', opcenter: 'opcenter', 'generic-rest': 'generic-mes' };
/** Live values on the demo terminal: running equipment drifts around its setpoint. */
const TICK_MS = 2_000;

export async function connectMes(config: Config, deps: MesConnectDeps): Promise<MesConnection> {
  const idMap = new SqliteIdMap(deps.db, deps.audit, deps.clock);
  const lines = [...deps.catalog.lines()];
  const setpointWriter = (floorTags: SetpointTags | undefined) => {
    const writer = connectSetpointWriter(config, { floorTags, audit: deps.audit });
    deps.logger.info({ setpointWriter: writer.name }, writer.name === 'none' ? 'no control-layer connection: approved setpoint changes go to the dead letter' : 'setpoint writer connected');
    return writer;
  };
  if (config.mes === 'in-process') {
    const mes = new InProcessMes(deps.plant, deps.clock);
    return { adapter: mes, idMap, setpoint: setpointWriter(mes.setpointTags()), close: async () => {} };
  }
  const urlKey = MES_URL_KEYS[config.mes];
  const url = config[urlKey];
  let simulator: RunningSimulator | undefined;
  let ticker: NodeJS.Timeout | undefined;
  if (!url) {
    if (!config.demo || !config.simulators) throw new ConfigError([`QLOOP_MES=${config.mes} needs its URL key (${CONFIG_KEYS[urlKey].env}), or the demo with QLOOP_SIMULATORS=true`]);
    simulator = await startSimulator(SIMULATOR[config.mes], { catalog: deps.catalog, faults: demoFaults(config), tokenSeconds: config.simTokenSeconds });
    const floor = simulator.floor;
    const random = seededRandom(7);
    ticker = setInterval(() => floor?.tick(random), TICK_MS);
    ticker.unref();
    deps.logger.info({ mes: config.mes, simulator: simulator.url }, 'MES simulator started (demo)');
  }
  const base = url || (simulator as RunningSimulator).url;
  const sim = (name: string) => simulator?.credentials[name] ?? '';
  const common = { lines, idMap, journal: new SqliteWriteJournal(deps.db, () => deps.clock.iso()), client: vendorClientSettings(config, deps.logger) };
  const adapter: MesAdapter = (() => {
    switch (config.mes) {
      case 'sap-dm':
        return new SapDmMesAdapter({
          ...common, baseUrl: base, tokenUrl: config.sapDmTokenUrl || sim('tokenUrl'), clientId: config.sapDmClientId || sim('clientId'), clientSecret: config.sapDmClientSecret || sim('clientSecret'), plant: config.sapDmPlant,
          hold: config.sapDmHold === 'nc-code' ? { strategy: 'nc-code', code: config.sapDmHoldNcCode } : { strategy: 'hold-api', holdPath: '/sfc/v1/sfcs/hold', releasePath: '/sfc/v1/sfcs/releaseHold', listPath: '/sfc/v1/sfcs/holds' },
        });
      case 'plex':
        return new PlexMesAdapter({ ...common, baseUrl: base, apiKey: config.plexApiKey || sim('apiKey'), ...(config.plexCustomerId ? { customerId: config.plexCustomerId } : {}), callsPerMinute: config.plexCallsPerMinute });
      case 'opcenter':
        return new OpcenterMesAdapter({ ...common, baseUrl: base, clientId: config.opcenterClientId || sim('clientId'), clientSecret: config.opcenterClientSecret || sim('clientSecret'), username: config.opcenterUser || sim('username'), password: config.opcenterPassword || sim('password'), model: opcenterModel(config.opcenterModel) });
      case 'generic-rest':
        return new GenericRestMesAdapter({ ...common, baseUrl: base, token: config.genericMesToken || sim('token') });
    }
  })();
  return {
    adapter,
    idMap,
    // A started simulator's floor stands in for the PLC, so the terminal shows the new setpoint.
    setpoint: setpointWriter(simulator?.floor?.setpointTags()),
    ...(simulator ? { simulator } : {}),
    close: async () => {
      if (ticker) clearInterval(ticker);
      await simulator?.close();
    },
  };
}

function opcenterModel(setting: string): Partial<OpcenterModel> {
  if (!setting) return {};
  try {
    return JSON.parse(setting) as Partial<OpcenterModel>;
  } catch (err) {
    throw new ConfigError([`QLOOP_OPCENTER_MODEL: not JSON (${(err as Error).message})`]);
  }
}
