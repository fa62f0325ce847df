// Loads the shared reference fixtures (../shared/reference relative to the repo root) and compares numbers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const referenceDir = path.resolve(repoRoot, '..', 'shared', 'reference');
export const datasetsDir = path.resolve(repoRoot, '..', 'shared', 'datasets');

export function loadFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(referenceDir, name), 'utf8')) as T;
}

/** |actual − expected| ≤ rel·|expected| (or ≤ rel when expected is 0). */
export function assertClose(actual: number | null | undefined, expected: number | null, rel = 1e-6, label = ''): void {
  if (expected === null) {
    assert.equal(actual, null, `${label}: expected null, got ${actual}`);
    return;
  }
  assert.equal(typeof actual, 'number', `${label}: expected a number close to ${expected}, got ${actual}`);
  const tolerance = rel * Math.max(Math.abs(expected), expected === 0 ? 1 : 0);
  assert.ok(Math.abs((actual as number) - expected) <= tolerance, `${label}: ${actual} differs from ${expected} by more than ${rel} relative`);
}

/** Absolute tolerance, for values found by root-finding (POIs in months). */
export function assertNear(actual: number | null | undefined, expected: number, abs: number, label = ''): void {
  assert.equal(typeof actual, 'number', `${label}: expected a number near ${expected}, got ${actual}`);
  assert.ok(Math.abs((actual as number) - expected) <= abs, `${label}: ${actual} is not within ${abs} of ${expected}`);
}
