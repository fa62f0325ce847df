// One JSON POST to a chat webhook (Teams, Slack), shared by their notifiers: a bounded wait, the
// answer's status checked, and every failure returned as a receipt naming the channel, never
// thrown. The URL is the secret for both vendors, so a failure says only what failure-text.ts
// whitelists (status, cause code), and a URL with user:password@ is refused before any request.
import type { NotificationReceipt } from '../../ports/notifier';
import { hasUserinfo, webhookFailureText, webhookRefusalText } from './failure-text';

export interface WebhookOptions {
  url: string;
  /** How long the whole exchange (connect, answer, body) may take; 10 s by default. */
  timeoutMs?: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

export async function postWebhook(channel: string, options: WebhookOptions, body: unknown): Promise<NotificationReceipt> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  // loadConfig refuses it too; here for a URL given in code, and fetch would put it in its error.
  if (hasUserinfo(options.url)) return { channel, delivered: false, error: `${channel} webhook: the URL carries user credentials (user:password@); refused, nothing sent` };
  try {
    const res = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read the answer either way: its text is the vendor's reason on a refusal (Slack says
    // "invalid_payload", Teams an error page), and reading it frees the connection.
    const text = await res.text().catch(() => '');
    if (!res.ok) return { channel, delivered: false, error: `${channel} webhook ${webhookRefusalText(res.status, text, options.url)}` };
    return { channel, delivered: true };
  } catch (err) {
    return { channel, delivered: false, error: `${channel} webhook: ${webhookFailureText(err, timeoutMs)}` };
  }
}
