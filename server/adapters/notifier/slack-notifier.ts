// Slack incoming webhook: Block Kit message (header, summary, up to 10 fact fields, a link
// button) with a plain `text` fallback for notifications and screen readers.
import type { Notification, NotificationReceipt, Notifier } from '../../ports/notifier';
import { postWebhook, type WebhookOptions } from './webhook-post';

/** Slack mrkdwn needs &, < and > escaped; everything else is literal. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackMessage(notification: Notification): Record<string, unknown> {
  const icon = notification.severity === 'critical' ? ':red_circle:' : notification.severity === 'warning' ? ':warning:' : ':information_source:';
  return {
    text: `${notification.subject}: ${notification.summary}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: notification.subject.slice(0, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `${icon} ${slackEscape(notification.summary)}` } },
      ...(notification.facts.length ? [{ type: 'section', fields: notification.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${slackEscape(f.name)}*\n${slackEscape(f.value)}` })) }] : []),
      ...(notification.link ? [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in qloop' }, url: notification.link }] }] : []),
    ],
  };
}

export class SlackNotifier implements Notifier {
  readonly channel = 'slack';

  constructor(private readonly options: WebhookOptions) {}

  async notify(notification: Notification): Promise<NotificationReceipt> {
    return postWebhook(this.channel, this.options, slackMessage(notification));
  }
}
