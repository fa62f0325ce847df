// POST /api/demo/lab-results (demo mode only): the demo page's "Post lab result" button. It is a
// lab-side action, so only a logged-in published demo user may call it; real accounts created in
// a demo installation may not, and each recording is on the audit trail with who asked.
import { Router, type RequestHandler } from 'express';
import type { TestResult } from '../domain/types';
import { QloopError } from '../errors';
import type { AuditLog } from '../ports/audit-log';
import { parsePayload } from '../http/validate';
import type { DemoUser } from './demo-users';
import { demoLabResultSchema, type Delivery, type LabBench } from './lab-bench';

export const DEMO_LAB_RESULTS_PATH = '/api/demo/lab-results';

export function demoRoutes(deps: { bench: LabBench; demoUsers: readonly DemoUser[]; audit: AuditLog; requireAuth: RequestHandler }): Router {
  const router = Router();
  const demoNames = new Set(deps.demoUsers.map((u) => u.username));
  router.post(DEMO_LAB_RESULTS_PATH, deps.requireAuth, async (req, res) => {
    const user = req.user!;
    if (!demoNames.has(user.username)) throw new QloopError('FORBIDDEN', `only the published demo users may record lab results into the simulated LIMS; ${user.username} is not one`);
    const input = parsePayload(demoLabResultSchema, req.body, 'lab result');
    const { result, changed, delivery } = await deps.bench.record(input, `demo:${user.username}`);
    await deps.audit.append({
      actor: { type: 'user', id: user.username, role: user.role },
      action: changed ? 'demo.lab-result.recorded' : 'demo.lab-result.repeated',
      subject: { type: 'result', id: result.id },
      after: { sampleId: result.sampleId, lotId: result.lotId, test: result.test, value: result.value, unit: result.unit, finalizedAt: result.finalizedAt, delivery: delivery.by },
      reason: 'demo: recorded into the simulated LIMS from the demo terminal page',
    });
    res.status(changed ? 201 : 200).json({ result, changed, delivery, message: message(result, changed, delivery) });
  });
  return router;
}

function message(result: TestResult, changed: boolean, delivery: Delivery): string {
  const what = `${result.id} (${result.test} ${result.value}${result.unit ? ` ${result.unit}` : ''} on ${result.sampleId}, lot ${result.lotId})`;
  if (!changed) return `The simulated LIMS already holds ${what}: nothing new for the watcher.`;
  switch (delivery.by) {
    case 'poll':
      return `Recorded ${what} in the simulated LIMS; the watcher has taken it from the LIMS.`;
    case 'push':
      return `Recorded ${what} in the simulated LIMS; the LIMS pushes it to the watcher's webhook.`;
    case 'next-poll':
      return `Recorded ${what} in the simulated LIMS; the watcher's poll failed (${delivery.reason}) and takes it at the next poll.`;
    case 'none':
      return `Recorded ${what} in the simulated LIMS, but the watcher will not see it: ${delivery.reason}.`;
  }
}
