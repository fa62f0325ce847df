// Hash functions for the audit chain. Production keys the chain with an HMAC whose key lives
// outside the database, so someone who can write the database cannot recompute the chain
// after an edit; plain SHA-256 serves in-memory trails and tests.
import { createHash, createHmac } from 'node:crypto';
import type { HashFn } from '../../domain/audit';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function hmacSha256(key: string): HashFn {
  if (key.length < 32) throw new RangeError('the audit key must be at least 32 characters');
  return (text) => createHmac('sha256', key).update(text, 'utf8').digest('hex');
}
