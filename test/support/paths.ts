// Paths tests share: the repo root and the read-only reference shelf next to it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');
