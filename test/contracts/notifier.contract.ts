// Contract every Notifier passes: it delivers a notification or reports why not, never throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Notification, Notifier } from '../../server/ports/notifier';

export const SAMPLE_NOTIFICATION: Notification = {
  subject: 'Hold proposed for LOT-XYZ789',
  severity: 'critical',
  summary: 'pH 9.8 is above the upper specification limit 7.5 (6.5–7.5): out of specification. A hold is proposed.',
  link: 'http://localhost:8080/proposals/P-1',
  facts: [
    { name: 'Lot', value: 'LOT-XYZ789' },
    { name: 'Test', value: 'pH' },
    { name: 'Result', value: '9.8' },
  ],
};

export function notifierContract(name: string, make: () => Promise<{ notifier: Notifier; delivered(): Promise<Notification[]>; close(): Promise<void> }>): void {
  describe(`Notifier contract: ${name}`, () => {
    it('delivers the subject, summary, link and facts', async () => {
      const { notifier, delivered, close } = await make();
      const receipt = await notifier.notify(SAMPLE_NOTIFICATION);
      assert.equal(receipt.delivered, true, receipt.error);
      assert.equal(receipt.channel, notifier.channel);
      const [got] = await delivered();
      assert.equal(got?.subject, SAMPLE_NOTIFICATION.subject);
      assert.equal(got?.summary, SAMPLE_NOTIFICATION.summary);
      assert.equal(got?.link, SAMPLE_NOTIFICATION.link);
      assert.deepEqual(got?.facts, SAMPLE_NOTIFICATION.facts);
      await close();
    });
  });
}
