// Content-Security-Policy and friends for what qloop serves: no inline script and no inline
// style (the widget styles its shadow root through constructable stylesheets), sockets and
// fetches only to this server, and framing only by this server and the configured MES origins.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export function contentSecurityPolicy(allowedOrigins: readonly string[]): string {
  const frameAncestors = ["'self'", ...allowedOrigins].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // CSP 3: 'self' also matches ws:// and wss:// of this host, so sockets need nothing more.
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export function securityHeaders(allowedOrigins: readonly string[]) {
  const csp = contentSecurityPolicy(allowedOrigins);
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.set('content-security-policy', csp);
    res.set('x-content-type-options', 'nosniff');
    res.set('referrer-policy', 'no-referrer');
    res.set('cross-origin-opener-policy', 'same-origin');
    next();
  };
}

/**
 * For a server-rendered page with one fixed inline <style> (e.g. the /docs citation page):
 * allows exactly that stylesheet by its hash, nothing else inline (CSP 3 'sha256-…').
 */
export function allowInlineStyle(res: Response, css: string): void {
  const hash = `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
  const csp = String(res.get('content-security-policy') ?? '');
  if (csp) res.set('content-security-policy', csp.replace("style-src 'self'", `style-src 'self' ${hash}`));
}
