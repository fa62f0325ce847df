// Vendor client settings from config (timeouts, retry budget) and a log line per failed
// exchange, shared by every LIMS and MES adapter that main.ts builds.
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { VendorClientOptions } from './vendor-client';

export function vendorClientSettings(config: Pick<Config, 'vendorTimeoutMs' | 'vendorMaxElapsedMs'>, logger: Logger): Partial<VendorClientOptions> {
  return {
    retry: { timeoutMs: config.vendorTimeoutMs, maxElapsedMs: config.vendorMaxElapsedMs },
    onExchange: (e) => {
      if (e.failure || (e.status !== undefined && e.status >= 400)) logger.debug({ vendor: e.vendor, call: e.call, url: e.url, attempt: e.attempt, status: e.status, failure: e.failure }, 'vendor call failed');
    },
  };
}
