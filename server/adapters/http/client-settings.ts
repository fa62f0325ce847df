// Vendor client settings from config (timeouts, retry budget) and a log line per failed
// exchange, shared by every LIMS and MES adapter that main.ts builds.
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../../config';
import { parseFaultSettings, type FaultSettingsInput } from '../../../simulators/http/faults/fault-settings';
import type { VendorClientOptions } from './vendor-client';

export function vendorClientSettings(config: Pick<Config, 'vendorTimeoutMs' | 'vendorMaxElapsedMs'>, logger: Logger): Partial<VendorClientOptions> {
  return {
    retry: { timeoutMs: config.vendorTimeoutMs, maxElapsedMs: config.vendorMaxElapsedMs },
    onExchange: (e) => {
      if (e.failure || (e.status !== undefined && e.status >= 400)) logger.debug({ vendor: e.vendor, call: e.call, url: e.url, attempt: e.attempt, status: e.status, failure: e.failure }, 'vendor call failed');
    },
  };
}

/** QLOOP_SIM_FAULTS checked at start, so a typo stops the start like any bad config key. */
export function demoFaults(config: Pick<Config, 'simFaults'>): FaultSettingsInput | undefined {
  if (!config.simFaults) return undefined;
  try {
    return parseFaultSettings(config.simFaults);
  } catch (err) {
    throw new ConfigError([`QLOOP_SIM_FAULTS: ${(err as Error).message}`]);
  }
}
