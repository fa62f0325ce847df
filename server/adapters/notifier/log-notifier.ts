// Writes notifications to the operations log: the fallback channel when none is configured,
// so a pending decision is at least visible to whoever watches the logs.
import type { Logger } from 'pino';
import type { Notification, NotificationReceipt, Notifier } from '../../ports/notifier';

export class LogNotifier implements Notifier {
  readonly channel = 'log';

  constructor(private readonly logger: Logger) {}

  async notify(notification: Notification): Promise<NotificationReceipt> {
    const level = notification.severity === 'critical' ? 'error' : notification.severity === 'warning' ? 'warn' : 'info';
    this.logger[level]({ notification: { subject: notification.subject, link: notification.link, facts: notification.facts } }, notification.summary);
    return { channel: this.channel, delivered: true };
  }
}
