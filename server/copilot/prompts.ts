// Versioned prompt files (prompts/*.md): front matter with id and version, the content hash
// computed at load. The version string goes into every audit record of an answer.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts', import.meta.url));

export interface Prompt {
  id: string;
  version: string;
  /** sha256 of the whole file, hex. */
  hash: string;
  /** id@version#first 12 hex of the hash: what the audit trail records. */
  label: string;
  template: string;
}

export function parsePrompt(text: string, file: string): Prompt {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${file}: a prompt file starts with front matter (--- id, version ---)`);
  const fields = Object.fromEntries(
    (match[1] ?? '').split(/\r?\n/).map((line) => line.split(/:\s*/, 2) as [string, string]).filter(([k, v]) => k && v !== undefined),
  );
  const { id, version } = fields;
  if (!id || !/^[a-z0-9-]+$/.test(id)) throw new Error(`${file}: front matter needs an id (lower case, digits, -)`);
  if (!version) throw new Error(`${file}: front matter needs a version`);
  const hash = createHash('sha256').update(text).digest('hex');
  return { id, version, hash, label: `${id}@${version}#${hash.slice(0, 12)}`, template: (match[2] ?? '').trim() };
}

export function loadPrompt(id: string, dir: string = PROMPTS_DIR): Prompt {
  const file = path.join(dir, `${id}.md`);
  const prompt = parsePrompt(readFileSync(file, 'utf8'), file);
  if (prompt.id !== id) throw new Error(`${file}: front matter id "${prompt.id}" does not match the file name`);
  return prompt;
}

/** Fills {{name}} slots; an unknown slot is an error, so a renamed variable cannot go unnoticed. */
export function renderPrompt(prompt: Prompt, values: Record<string, string>): string {
  return prompt.template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt ${prompt.label} has a slot {{${name}}} with no value`);
    return value;
  });
}
