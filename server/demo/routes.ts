// POST /api/demo/lab-results (demo mode with the simulated LIMS only): the demo page's "Post lab
// result" button. It is a lab-side action, so only a logged-in published demo user may call it;
// real accounts created in a demo installation may not, and each recording is on the audit trail
// with who asked, written before the result is in the LIMS.
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
    const prepared = await deps.bench.prepare(input, `demo:${user.username}`);
    const actor = { type: 'user' as const, id: user.username, role: user.role };
    const subject = { type: 'result', id: prepared.result.id };
    const facts = { sampleId: prepared.result.sampleId, lotId: prepared.result.lotId, test: prepared.result.test, value: prepared.result.value, unit: prepared.result.unit, finalizedAt: prepared.result.finalizedAt };
    // Audited before the LIMS holds it: an audit trail that cannot be written stops the lab action
    // (500, nothing recorded), rather than leaving a result in the LIMS that no record explains.
    await deps.audit.append({ actor, action: prepared.changed ? 'demo.lab-result.recorded' : 'demo.lab-result.repeated', subject, after: facts, reason: 'demo: recorded into the simulated LIMS from the demo terminal page' });
    let recording: Awaited<ReturnType<LabBench['commit']>>;
    try {
      recording = await deps.bench.commit(prepared);
    } catch (err) {
      await deps.audit.append({ actor, action: 'demo.lab-result.failed', subject, after: facts, reason: `demo: the simulated LIMS did not record it: ${(err as Error).message}` });
      throw err;
    }
    const { result, changed, delivery } = recording;
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
