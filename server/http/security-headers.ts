// Content-Security-Policy and friends for the pages qloop serves: no inline scripts, sockets
// only to this server, embedding only by the configured MES origins.
import type { NextFunction, Request, Response } from 'express';

export function securityHeaders(allowedOrigins: readonly string[]) {
  const frameAncestors = ["'self'", ...allowedOrigins].join(' ');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // The widget's shadow DOM carries its own <style>; no inline script is ever allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.set('content-security-policy', csp);
    res.set('x-content-type-options', 'nosniff');
    res.set('referrer-policy', 'no-referrer');
    next();
  };
}
