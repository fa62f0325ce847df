// Microsoft Teams incoming webhook: posts an Adaptive Card (schema 1.4: title, summary, fact set,
// an "Open in qloop" button). Works with the classic connector URL and with a Workflows
// "post to a channel when a webhook request is received" URL, which take the same envelope.
import type { Notification, NotificationReceipt, Notifier } from '../../ports/notifier';
import { postWebhook, type WebhookOptions } from './webhook-post';

const COLOR: Record<Notification['severity'], string> = { info: 'Default', warning: 'Warning', critical: 'Attention' };

export function adaptiveCard(notification: Notification): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: notification.subject, weight: 'Bolder', size: 'Medium', color: COLOR[notification.severity], wrap: true },
            { type: 'TextBlock', text: notification.summary, wrap: true },
            ...(notification.facts.length ? [{ type: 'FactSet', facts: notification.facts.map((f) => ({ title: f.name, value: f.value })) }] : []),
          ],
          ...(notification.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in qloop', url: notification.link }] } : {}),
        },
      },
    ],
  };
}

export class TeamsNotifier implements Notifier {
  readonly channel = 'teams';

  constructor(private readonly options: WebhookOptions) {}

  async notify(notification: Notification): Promise<NotificationReceipt> {
    return postWebhook(this.channel, this.options, adaptiveCard(notification));
  }
}
