// Expands `qloop ingest` arguments into files: plain files, folders (walked for the formats
// ingest reads) and globs (`sops/*.md`, `exports/**/*.csv`), for shells that pass them quoted.
import fs from 'node:fs';
import path from 'node:path';
import { formatOf } from './parsers';

export interface Discovery {
  files: string[];
  /** Arguments that named nothing: a missing path or a pattern without matches. */
  missing: { path: string; reason: string }[];
}

const GLOB_CHARS = /[*?[{]/;

/** Folder walks and globs take the formats ingest reads, minus sidecars and README files (not controlled documents). */
const isDocumentFile = (file: string): boolean => formatOf(file) !== undefined && !/^readme\./i.test(path.basename(file));

export function discoverFiles(args: readonly string[], cwd = process.cwd()): Discovery {
  const files = new Set<string>();
  const missing: Discovery['missing'] = [];
  for (const arg of args) {
    if (GLOB_CHARS.test(arg)) {
      const matches = expandGlob(arg, cwd);
      if (matches.length === 0) missing.push({ path: arg, reason: 'the pattern matched no files' });
      for (const file of matches) if (isDocumentFile(file)) files.add(file);
      continue;
    }
    const full = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      missing.push({ path: arg, reason: 'no such file or folder' });
      continue;
    }
    if (!stat.isDirectory()) {
      files.add(full);
      continue;
    }
    for (const file of walk(full)) if (isDocumentFile(file)) files.add(file);
  }
  return { files: [...files].sort(), missing };
}

function* walk(dir: string): Generator<string> {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

function expandGlob(pattern: string, cwd: string): string[] {
  const absolute = path.resolve(cwd, pattern).split(path.sep).join('/');
  const segments = absolute.split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  const base = segments.slice(0, firstGlob).join('/') || '/';
  if (!fs.existsSync(base) || !fs.statSync(base).isDirectory()) return [];
  const matcher = globToRegExp(segments.slice(firstGlob).join('/'));
  const out: string[] = [];
  for (const file of walk(base)) {
    const relative = path.relative(base, file).split(path.sep).join('/');
    if (matcher.test(relative)) out.push(file);
  }
  return out;
}

/** `**` spans folders, `*` and `?` stay within one, `{a,b}` alternates, `[...]` is a class. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map(escapeRe).join('|')})`;
        i = end;
      }
    } else if (ch === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`);
}

const escapeRe = (s: string): string => s.replace(/[.+^$()|\\/]/g, '\\$&');
