// QLOOP_POLLING_LIMS_MAPPING holds the mapping as JSON text or names a .json file.
import { readFileSync } from 'node:fs';

export function readMappingSetting(setting: string): unknown {
  const text = setting.trim().startsWith('{') ? setting : readFileSync(setting, 'utf8');
  return JSON.parse(text) as unknown;
}
