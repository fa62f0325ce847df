// The YAML subset document front matter uses: `key: value`, quoted strings, flow lists
// `[a, b]`, block lists (`- item`) and folded/literal scalars (`>` / `|`). Nothing else is
// needed for document control fields, and no YAML package is a dependency.

export type FrontMatterValue = string | string[];

export interface FrontMatterSplit {
  fields: Record<string, FrontMatterValue>;
  body: string;
  /** Lines the front matter took, so body line numbers can be reported. */
  lineCount: number;
}

export class FrontMatterError extends Error {}

/** Splits `---` front matter from a Markdown body; no front matter gives empty fields. */
export function splitFrontMatter(source: string): FrontMatterSplit {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!match) return { fields: {}, body: text, lineCount: 0 };
  const yaml = match[1] ?? '';
  return { fields: parseFrontMatter(yaml), body: text.slice(match[0].length), lineCount: match[0].split('\n').length - 1 };
}

export function parseFrontMatter(yaml: string): Record<string, FrontMatterValue> {
  const fields: Record<string, FrontMatterValue> = {};
  const lines = yaml.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) throw new FrontMatterError(`front matter line ${i + 2}: expected "key: value", got "${line.trim()}"`);
    const key = m[1] ?? '';
    const rest = stripComment(m[2] ?? '').trim();
    if (rest === '' || rest === '|' || rest === '>' || rest === '|-' || rest === '>-') {
      const block: string[] = [];
      while (i + 1 < lines.length && (/^\s+\S/.test(lines[i + 1] ?? '') || /^-\s/.test(lines[i + 1] ?? '') || (lines[i + 1] ?? '').trim() === '')) {
        block.push(lines[++i] ?? '');
      }
      const items = block.filter((l) => l.trim());
      if (rest === '' && items.length && items.every((l) => /^\s*-\s+/.test(l))) {
        fields[key] = items.map((l) => scalar(l.replace(/^\s*-\s+/, '')));
      } else {
        const joined = items.map((l) => l.trim());
        fields[key] = rest.startsWith('|') ? joined.join('\n') : joined.join(' ');
      }
    } else if (rest.startsWith('[')) {
      if (!rest.endsWith(']')) throw new FrontMatterError(`front matter line ${i + 2}: list for "${key}" is not closed with ]`);
      const inner = rest.slice(1, -1).trim();
      fields[key] = inner ? splitFlowList(inner).map(scalar) : [];
    } else {
      fields[key] = scalar(rest);
    }
  }
  return fields;
}

function stripComment(value: string): string {
  if (/^\s*["']/.test(value)) return value;
  const hash = value.search(/\s#/);
  return hash >= 0 ? value.slice(0, hash) : value;
}

function splitFlowList(inner: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote = '';
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = '';
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      items.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

function scalar(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\"/g, '"').replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  return value;
}
