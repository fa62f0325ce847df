// Keeps notifications in memory: the demo's and tests' QA inbox. Real channels (Teams,
// Slack, SMTP) implement the same port.
import type { Notification, NotificationReceipt, Notifier } from '../../ports/notifier';

export class MemoryNotifier implements Notifier {
  readonly channel = 'memory';
  readonly sent: Notification[] = [];

  async notify(notification: Notification): Promise<NotificationReceipt> {
    this.sent.push(structuredClone(notification));
    return { channel: this.channel, delivered: true };
  }
}
