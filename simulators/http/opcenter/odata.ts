// Just enough OData v4 for the Opcenter simulator: `$filter` with `eq` joined by `and`
// (strings in single quotes), `$top`/`$skip`, and server-driven paging through
// `@odata.nextLink`, as UAF applications page large entity sets.
import type { Request } from 'express';
import { routeUrl } from '../shared/http';

export class ODataError extends Error {}

export function applyFilter<T extends Record<string, unknown>>(rows: readonly T[], filter: string | undefined): T[] {
  if (!filter) return [...rows];
  const clauses = filter.split(/\s+and\s+/i).map((clause) => {
    const match = /^\s*([A-Za-z_][\w/]*)\s+eq\s+(?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|(true|false|null))\s*$/.exec(clause);
    if (!match) throw new ODataError(`The query specified in the URI is not valid. Could not parse "${clause.trim()}".`);
    const value = match[2] !== undefined ? match[2].replaceAll("''", "'") : match[3] !== undefined ? Number(match[3]) : match[4] === 'null' ? null : match[4] === 'true';
    return { path: (match[1] as string).split('/'), value };
  });
  return rows.filter((row) => clauses.every((c) => c.path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], row) === c.value));
}

export function page<T>(rows: readonly T[], req: Request, context: string, pageSize: number) {
  const query = req.query as Record<string, string | undefined>;
  const skip = Math.max(0, Number(query.$skip ?? 0) || 0);
  const top = query.$top !== undefined ? Math.max(0, Number(query.$top) || 0) : undefined;
  const wanted = top === undefined ? rows.length - skip : Math.min(top, rows.length - skip);
  const size = Math.min(pageSize, Math.max(0, wanted));
  const value = rows.slice(skip, skip + size);
  const body: Record<string, unknown> = { '@odata.context': context, value };
  if (size < wanted) {
    const params = new URLSearchParams();
    for (const [name, v] of Object.entries(query)) if (v !== undefined && name !== '$skip' && name !== '$top') params.set(name, String(v));
    params.set('$skip', String(skip + size));
    if (top !== undefined) params.set('$top', String(top - size));
    body['@odata.nextLink'] = `${routeUrl(req)}?${params.toString()}`;
  }
  return body;
}
