// POST /api/lims/results: the LIMS webhook (DESIGN.md "The webhook payload"). The HMAC is over the
// exact bytes sent, so the body is read raw here; with a secret configured an unsigned, stale or
// replayed delivery is refused before anything is parsed. Answers 202 (all taken), 207 (some
// taken, per-item report) or 422 naming the first bad field; accepted results are on disk first.
import type { IncomingMessage, Server } from 'node:http';
import express, { Router } from 'express';
import { QloopError } from '../../errors';
import type { Clock } from '../../ports/clock';
import type { ResultIntake } from '../../watcher/result-intake';
import type { WebhookVerifier } from '../../watcher/webhook-signature';

export const LIMS_WEBHOOK_PATH = '/api/lims/results';
const ORIGINAL_TYPE = 'x-qloop-original-content-type';

/**
 * The app's global JSON parser would consume the body before this route sees its bytes. This
 * relabels webhook requests (keeping the sender's content type aside) so that only the raw
 * reader below reads them. Installed on the HTTP server before express.
 */
export function keepWebhookBodyRaw(server: Server): void {
  server.prependListener('request', (req: IncomingMessage) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== LIMS_WEBHOOK_PATH) return;
    req.headers[ORIGINAL_TYPE] = req.headers['content-type'] ?? '';
    req.headers['content-type'] = 'application/octet-stream';
  });
}

export function limsWebhookRoutes(deps: { intake: ResultIntake; verifier?: WebhookVerifier; clock: Clock }): Router {
  const router = Router();
  router.post(LIMS_WEBHOOK_PATH, express.raw({ type: () => true, limit: '2mb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : undefined;
    if (deps.verifier) {
      if (!raw) throw new QloopError('INTERNAL', 'the webhook body was parsed before its signature could be checked (keepWebhookBodyRaw is not installed)');
      deps.verifier.verify({ signature: header(req.headers['x-qloop-signature']), timestamp: header(req.headers['x-qloop-timestamp']) }, raw, deps.clock.now());
    }
    const type = String(req.headers[ORIGINAL_TYPE] ?? req.headers['content-type'] ?? '');
    if (raw && type && !/json/i.test(type)) throw new QloopError('BAD_REQUEST', `send the results as JSON (Content-Type: application/json), not ${type}`);
    let body: unknown = req.body;
    if (raw) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new QloopError('BAD_REQUEST', 'the request body is not valid JSON');
      }
    }
    const report = await deps.intake.deliver(body);
    if (report.status === 422) {
      const first = report.results.find((r) => r.status === 'rejected');
      const details = report.results.flatMap((r) => (r.status === 'rejected' ? r.error.details : []));
      throw new QloopError('VALIDATION', `invalid result: ${first && first.status === 'rejected' ? first.error.message : 'no valid result'}`, details);
    }
    res.status(report.status).json(report);
  });
  return router;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
