// Deterministic vendor-style identifiers, so a simulator restarted on the same dataset
// hands out the same UIDs (SENAITE 32-hex UIDs, Plex and Opcenter GUIDs).
import { createHash } from 'node:crypto';

/** 32 lowercase hex characters, like a SENAITE/Plone UID. */
export function hexUid(seed: string): string {
  return createHash('md5').update(seed).digest('hex');
}

/** A GUID in 8-4-4-4-12 form, like Plex and Opcenter ids. */
export function guid(seed: string): string {
  const hex = hexUid(seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
