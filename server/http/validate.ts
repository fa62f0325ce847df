// Checks a request payload against its zod schema once, at the boundary; a failure names the field.
import type { z } from 'zod';
import { QloopError, issuesToDetails } from '../errors';

export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown, what = 'request body'): z.output<T> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const details = issuesToDetails(result.error.issues);
  const first = details[0];
  throw new QloopError('VALIDATION', `invalid ${what}: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}`, details);
}
