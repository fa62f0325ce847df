// Loads a plant dataset file at start (QLOOP_PLANT): read, parse, check shape, check
// references. Any problem refuses the whole file with every issue named by JSON path.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { checkPlantIntegrity } from './integrity';
import { jsonPath, PlantDataError } from './issues';
import type { PlantIssue } from './issues';
import { locateJsonSyntaxError } from './json-syntax';
import { plantDatasetSchema } from './schema';
import type { PlantDataset } from './schema';

/** The demo plant shipped in the repository (data/plant/demo-plant.json). */
export const DEMO_PLANT_FILE = fileURLToPath(new URL('../../data/plant/demo-plant.json', import.meta.url));

/** Reads and validates a plant file; throws PlantDataError naming the file, path and reason. */
export function loadPlant(file: string): PlantDataset {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read the file (${(error as Error).message})`;
    throw new PlantDataError(file, [{ path: '', message: reason }]);
  }
  return parsePlant(text, file);
}

/** Parses plant JSON text; `file` only names the source in errors. */
export function parsePlant(text: string, file: string): PlantDataset {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors on Windows add a BOM
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new PlantDataError(file, [syntaxIssue(json, error as Error)]);
  }
  return validatePlant(value, file);
}

/** Validates an already-parsed value (shape first, then cross-references). */
export function validatePlant(value: unknown, file: string): PlantDataset {
  const parsed = plantDatasetSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw new PlantDataError(file, parsed.error.issues.flatMap((issue) => schemaIssues(value, issue)));
  const issues = checkPlantIntegrity(parsed.data);
  if (issues.length > 0) throw new PlantDataError(file, issues);
  return parsed.data;
}

function syntaxIssue(text: string, error: Error): PlantIssue {
  const located = locateJsonSyntaxError(text);
  if (!located) return { path: '', message: `invalid JSON: ${error.message}` };
  return {
    path: jsonPath(located.path),
    message: `invalid JSON at line ${located.line}, column ${located.column}: ${located.reason}`,
  };
}

function schemaIssues(root: unknown, issue: z.core.$ZodIssue): PlantIssue[] {
  // An unknown key is usually a misspelt optional field ("uls" for "usl"): name each one.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: jsonPath([...issue.path, key]), message: 'unknown field (misspelt?)' }));
  }
  const path = jsonPath(issue.path);
  const message = issue.message.replace(/^Invalid (?:input|option): /, '');
  if (isMissing(root, issue.path)) return [{ path, message: `missing required field (${message.replace(/, received undefined$/, '')})` }];
  const input = issue.input;
  const shown = typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean' ? JSON.stringify(input).slice(0, 60) : undefined;
  return [{ path, message: shown === undefined || message.includes('received') ? message : `${message}, got ${shown}` }];
}

function isMissing(root: unknown, path: readonly PropertyKey[]): boolean {
  let node = root;
  for (const [index, key] of path.entries()) {
    if (node === null || typeof node !== 'object') return false;
    if (index === path.length - 1) return !Object.hasOwn(node, key);
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return false;
}
