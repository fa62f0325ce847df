// What a simulator may do wrong, set from tests (FaultInjector.configure) or from config
// (QLOOP_SIM_FAULTS, the simulator CLI's --faults): the failure modes of INTEGRATIONS.md 7.
import { z } from 'zod';

const share = z.number().min(0).max(1);

export const faultSettingsSchema = z.strictObject({
  /** Share of calls answered 429 with Retry-After. */
  rate429: share.default(0),
  /** Share of calls answered 503. */
  rate503: share.default(0),
  /** Share of calls whose answer is held back past the client's timeout (the call still takes effect). */
  rateTimeout: share.default(0),
  /** How long a held-back answer waits before it is sent (or the socket is gone). */
  timeoutMs: z.number().int().min(1).max(600_000).default(2_000),
  /** Extra latency before every call is handled. */
  slowMs: z.number().int().min(0).max(600_000).default(0),
  /** Retry-After form on 429 (and 503): seconds, an HTTP date, both alternating, or none. */
  retryAfter: z.enum(['seconds', 'http-date', 'mixed', 'none']).default('mixed'),
  /** The delay Retry-After announces. */
  retryAfterSeconds: z.number().int().min(0).max(3_600).default(1),
  /** PRNG seed: the same seed replays the same faults. */
  seed: z.number().int().default(1),
  /** Paths (regular expressions) never faulted, e.g. the token endpoint. */
  exempt: z.array(z.string()).default([]),
});

export type FaultSettings = z.output<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

export const NO_FAULTS: FaultSettings = faultSettingsSchema.parse({});

/** Parses settings from JSON text (config) with a message naming the bad field. */
export function parseFaultSettings(input: string | FaultSettingsInput | undefined): FaultSettings {
  if (input === undefined || input === '') return NO_FAULTS;
  const value: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  const parsed = faultSettingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(`simulator faults: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}
