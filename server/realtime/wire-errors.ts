// Turns anything thrown behind a socket event into the one wire error shape of the contract.
import type { Logger } from 'pino';
import { issuesToDetails, toQloopError } from '../errors';
import type { WireError } from './contract';

export function toWireError(err: unknown, logger: Logger, event: string): WireError {
  const error = toQloopError(err);
  if (error.code === 'INTERNAL') logger.error({ err, event }, 'copilot event failed');
  return { code: error.code, message: error.code === 'INTERNAL' ? `${event} failed on the server; the error is logged` : error.message, ...(error.details.length ? { details: error.details } : {}) };
}

export function validationError(event: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): WireError {
  const details = issuesToDetails(issues);
  return { code: 'VALIDATION', message: `invalid ${event}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details };
}
