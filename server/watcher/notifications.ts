// Sends notifications to every configured channel (Teams, Slack, e-mail) without holding up the
// loop: each delivery runs in the background, failures go to the operations log (the audit
// trail keeps the decision itself, not the chat message about it).
import type { Logger } from 'pino';
import type { Notification, NotificationReceipt, Notifier } from '../ports/notifier';

export class NotificationDispatcher {
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(private readonly notifiers: readonly Notifier[], private readonly logger: Logger) {}

  get channels(): string[] {
    return this.notifiers.map((n) => n.channel);
  }

  dispatch(notification: Notification): void {
    for (const notifier of this.notifiers) {
      const delivery = notifier
        .notify(notification)
        .catch((err: unknown): NotificationReceipt => ({ channel: notifier.channel, delivered: false, error: (err as Error).message }))
        .then((receipt) => {
          if (!receipt.delivered) this.logger.warn({ channel: receipt.channel, error: receipt.error, subject: notification.subject }, 'notification not delivered');
        });
      this.#inFlight.add(delivery);
      void delivery.finally(() => this.#inFlight.delete(delivery));
    }
  }

  /** Resolves when every delivery started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }
}
