// POST /api/lims/results: the LIMS webhook (DESIGN.md "The webhook payload"). The HMAC is over the
// exact bytes sent, which the app's JSON parser keeps (server/http/raw-body.ts); with a secret
// configured an unsigned, stale or replayed delivery is refused before anything is taken (logged,
// counted, audited once a minute per reason). The identical signed delivery again, when everything
// in it is stored, is answered like a redelivery (all duplicates): a LIMS retrying after a lost 202
// is not told 401; sent while the first is still being stored, it waits for the first's outcome
// (a 202 of duplicates only once the first is on disk). A delivery that fails before its results
// are stored gives its signature back, so the retry is taken. Answers 202 (all taken), 207 (some taken, per-item report) or 422 naming
// the first bad field; accepted results are on disk first.
import { Router } from 'express';
import { QloopError } from '../../errors';
import type { Clock } from '../../ports/clock';
import type { IntakeReport, ResultIntake } from '../../watcher/result-intake';
import type { VerifiedDelivery, WebhookVerifier } from '../../watcher/webhook-signature';
import { rawBodyOf } from '../raw-body';

export const LIMS_WEBHOOK_PATH = '/api/lims/results';

export function limsWebhookRoutes(deps: { intake: ResultIntake; verifier?: WebhookVerifier; clock: Clock }): Router {
  const router = Router();
  router.post(LIMS_WEBHOOK_PATH, async (req, res) => {
    const type = req.headers['content-type'];
    // req.is() answers null for a request without a body, whatever its type says.
    if (!req.headers['transfer-encoding'] && !Number(req.headers['content-length'] ?? 0)) throw new QloopError('BAD_REQUEST', 'the request has no body: send one result or an array of results as JSON (DESIGN.md "The webhook payload")');
    if (!req.is('json')) throw new QloopError('BAD_REQUEST', `send the results as JSON (Content-Type: application/json)${type ? `, not ${type}` : ''}`);
    let delivery: VerifiedDelivery | undefined;
    if (deps.verifier) {
      // No bytes read (an empty body) is signed as the empty string.
      const raw = rawBodyOf(req) ?? Buffer.alloc(0);
      const signed = { signature: header(req.headers['x-qloop-signature']), timestamp: header(req.headers['x-qloop-timestamp']) };
      delivery = deps.verifier.verify(signed, raw, deps.clock.now());
      // The same delivery sent again while the first is being stored waits for it: a redelivery once
      // the first is on disk; when the first failed (claim given back) this one is taken instead.
      for (let takeover = 0; delivery.first && takeover < 3; takeover += 1) {
        if (await delivery.first) break;
        delivery = deps.verifier.verify(signed, raw, deps.clock.now());
      }
    }
    let report: IntakeReport;
    if (delivery?.replay) {
      report = deps.intake.redelivery(req.body) ?? (deps.verifier as WebhookVerifier).refuseReplay(deps.clock.now());
    } else {
      try {
        report = await deps.intake.deliver(req.body);
      } catch (err) {
        delivery?.release();
        throw err;
      }
      // Answered by now: accepted results are committed and on disk (the inbox syncs before it resolves).
      delivery?.stored();
    }
    if (report.status === 422) {
      const first = report.results.find((r) => r.status === 'rejected');
      const details = report.results.flatMap((r) => (r.status === 'rejected' ? r.error.details : []));
      throw new QloopError('VALIDATION', `invalid result: ${first && first.status === 'rejected' ? first.error.message : 'no valid result'}`, details);
    }
    res.status(report.status).json(report);
  });
  // A browser or a misconfigured LIMS trying GET learns what the path takes.
  router.all(LIMS_WEBHOOK_PATH, (req, res) => {
    res.set('Allow', 'POST').status(405).json({ error: { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not supported here: the LIMS posts results to ${LIMS_WEBHOOK_PATH} (POST, JSON)` } });
  });
  return router;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
