// Notifier port: tells people outside the terminal (QA on Teams, Slack, e-mail) that a
// decision waits for them. Delivery failures are reported, never thrown into the loop.
export interface Notification {
  subject: string;
  severity: 'info' | 'warning' | 'critical';
  summary: string;
  /** Link to the proposal or alert in qloop. */
  link?: string;
  facts: Array<{ name: string; value: string }>;
}

export interface NotificationReceipt {
  channel: string;
  delivered: boolean;
  error?: string;
}

export interface Notifier {
  readonly channel: string;
  notify(notification: Notification): Promise<NotificationReceipt>;
}
