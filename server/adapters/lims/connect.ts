// Chooses and builds the LIMS adapter from config (QLOOP_LIMS). In demo mode with an empty
// URL key the matching vendor simulator is started on a free port and the adapter talks to
// it over HTTP, so the whole demo runs against a real wire protocol.
import type { Logger } from 'pino';
import { CONFIG_KEYS, ConfigError, LIMS_URL_KEYS, type Config } from '../../config';
import type { PlantCatalog } from '../../plant/catalog';
import type { PlantDataset } from '../../plant/schema';
import type { Clock } from '../../ports/clock';
import type { TestResult } from '../../domain/types';
import { QloopError } from '../../errors';
import type { LimsAdapter } from '../../ports/lims';
import { InProcessLims } from '../../../simulators/in-process/lims';
import { startSimulator, type RunningSimulator, type SimulatorKind } from '../../../simulators/http/launcher';
import { demoFaults, vendorClientSettings } from '../http/client-settings';
import { GenericRestLimsAdapter } from './generic-rest/adapter';
import { LABWARE_TRANSFER_EXAMPLE } from './polling/labware-example';
import { PollingLimsAdapter } from './polling/adapter';
import { readMappingSetting } from './polling/mapping-source';
import { SenaiteLimsAdapter } from './senaite/adapter';

/** A LIMS the demo and tests can also record lab results into (the lab side of a simulator). */
export type RecordingLims = LimsAdapter & { recordResult(result: TestResult): TestResult };

export interface LimsConnection {
  adapter: RecordingLims;
  /** The simulator started for the demo, if any. */
  simulator?: RunningSimulator;
  /** Called once qloop listens: the demo LIMS then pushes results to its webhook. */
  listening(url: string): void;
  close(): Promise<void>;
}

export interface ConnectDeps {
  plant: PlantDataset;
  catalog: PlantCatalog;
  clock: Clock;
  logger: Logger;
}

const SIMULATOR: Record<Exclude<Config['lims'], 'in-process'>, SimulatorKind> = { senaite: 'senaite', 'generic-rest': 'generic-lims', polling: 'generic-lims' };

export async function connectLims(config: Config, deps: ConnectDeps): Promise<LimsConnection> {
  if (config.lims === 'in-process') return { adapter: new InProcessLims(deps.plant, deps.clock), listening: () => {}, close: async () => {} };
  const urlKey = LIMS_URL_KEYS[config.lims];
  const url = config[urlKey];
  let simulator: RunningSimulator | undefined;
  if (!url) {
    if (!config.demo || !config.simulators) throw new ConfigError([`QLOOP_LIMS=${config.lims} needs its URL key (${CONFIG_KEYS[urlKey].env}), or the demo with QLOOP_SIMULATORS=true`]);
    simulator = await startSimulator(SIMULATOR[config.lims], { catalog: deps.catalog, faults: demoFaults(config), tokenSeconds: config.simTokenSeconds, push: { secret: config.webhookSecret } });
    deps.logger.info({ lims: config.lims, simulator: simulator.url }, 'LIMS simulator started (demo)');
  }
  const base = url || (simulator as RunningSimulator).url;
  const sim = (name: string) => simulator?.credentials[name] ?? '';
  const client = vendorClientSettings(config, deps.logger);
  const testCodes = deps.catalog.dataset.specifications.map((s) => s.test);
  const adapter: LimsAdapter =
    config.lims === 'senaite'
      ? new SenaiteLimsAdapter({ baseUrl: base, username: config.senaiteUser || sim('username'), password: config.senaitePassword || sim('password'), auth: config.senaiteAuth, lotField: config.senaiteLotField, testCodes, feed: { rangeQuery: config.senaiteRangeQuery }, client })
      : config.lims === 'generic-rest'
        ? new GenericRestLimsAdapter({ baseUrl: base, token: config.genericLimsToken || sim('token'), client })
        : new PollingLimsAdapter({ baseUrl: base, mapping: config.pollingLimsMapping ? readMappingSetting(config.pollingLimsMapping) : LABWARE_TRANSFER_EXAMPLE, client });
  return {
    adapter: recording(adapter, simulator),
    ...(simulator ? { simulator } : {}),
    // Only the generic REST LIMS pushes: SENAITE has no webhooks, the polling LIMS is polled.
    listening: (qloopUrl) => (config.lims === 'generic-rest' ? simulator?.pusher?.setTarget(`${qloopUrl}/api/lims/results`) : undefined),
    close: async () => {
      await simulator?.close();
    },
  };
}

/** The adapter, plus recording into the simulator's lab (refused against a real LIMS). */
function recording(adapter: LimsAdapter, simulator?: RunningSimulator): RecordingLims {
  return {
    name: adapter.name,
    capabilities: () => adapter.capabilities(),
    listFinalizedResults: (cursor, limit) => adapter.listFinalizedResults(cursor, limit),
    findResults: (query) => adapter.findResults(query),
    getSample: (sampleId) => adapter.getSample(sampleId),
    getSpecification: (productId, test) => adapter.getSpecification(productId, test),
    recordResult(result: TestResult): TestResult {
      if (!simulator?.lab) throw new QloopError('BAD_REQUEST', `results can only be recorded into a simulated LIMS, not into ${adapter.name}`);
      simulator.lab.record(result);
      return structuredClone(result);
    },
  };
}
