// Reads a vendor response body once and checks it against the call's zod schema. A wrong
// type, a missing field or an HTML error page (proxies and login walls send those with
// 200) becomes an AdapterError naming vendor, call and field, never a crash further in.
import type { z } from 'zod';
import { formatPath } from '../../errors';
import { AdapterError } from './adapter-error';

export type BodyKind = 'json' | 'html' | 'text' | 'empty';

export interface ReadBody {
  kind: BodyKind;
  text: string;
  json?: unknown;
}

export async function readBody(response: Response): Promise<ReadBody> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const trimmed = text.trimStart();
  if (trimmed === '') return { kind: 'empty', text };
  if (/html/i.test(type) || /^<(!doctype|html|head|body)/i.test(trimmed)) return { kind: 'html', text };
  try {
    return { kind: 'json', text, json: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'text', text };
  }
}

/** A short description of a non-JSON body for an error message (HTML title, first words). */
export function describeBody(body: ReadBody): string {
  if (body.kind === 'empty') return 'an empty body';
  if (body.kind === 'html') {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body.text)?.[1]?.trim();
    return `an HTML page${title ? ` ("${title.slice(0, 80)}")` : ''}`;
  }
  return `text "${body.text.trim().slice(0, 80)}"`;
}

export interface CheckContext {
  vendor: string;
  call: string;
  request: string;
  status: number;
}

/** Validates a body against the call's schema; throws an invalid-response AdapterError. */
export function checkBody<S extends z.ZodType>(schema: S, body: ReadBody, ctx: CheckContext): z.output<S> {
  if (body.kind !== 'json' && body.kind !== 'empty') {
    throw new AdapterError({ ...ctx, failure: 'invalid-response', field: '(body)', message: `expected JSON but got ${describeBody(body)} (HTTP ${ctx.status})`, body: body.text.slice(0, 2000) });
  }
  const value = body.kind === 'empty' ? undefined : body.json;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({ path: formatPath('', issue.path), message: issue.message }));
  const first = details[0] ?? { path: '(root)', message: 'does not match the documented shape' };
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  throw new AdapterError({ ...ctx, failure: 'invalid-response', field: first.path, message: `invalid response field ${first.path}: ${first.message}${more}`, details, body: value });
}

/** The vendor's own words from an error body, whatever envelope it uses. */
export function vendorMessage(body: ReadBody): { message?: string; code?: string } {
  if (body.kind !== 'json' || typeof body.json !== 'object' || body.json === null) return body.kind === 'empty' ? {} : { message: describeBody(body) };
  const json = body.json as Record<string, unknown>;
  const nested = (json.error ?? json.Error) as Record<string, unknown> | string | undefined;
  const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === 'string' && v !== '');
  if (typeof nested === 'object' && nested !== null) {
    return { message: pick(nested.message, nested.ErrorMessage, nested.description), code: pick(nested.code, nested.ErrorCode) };
  }
  return { message: pick(json.message, json.error_description, nested, json.detail, json.title), code: pick(json.code, json.error) };
}
