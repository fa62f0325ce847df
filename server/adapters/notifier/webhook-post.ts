// One JSON POST to a chat webhook (Teams, Slack), shared by their notifiers: a bounded wait, the
// answer's status checked, and every failure returned as a receipt naming the channel, never
// thrown. The URL itself is never put in an error: for both vendors it is the secret.
import type { NotificationReceipt } from '../../ports/notifier';

export interface WebhookOptions {
  url: string;
  /** How long the whole exchange (connect, answer, body) may take; 10 s by default. */
  timeoutMs?: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

export async function postWebhook(channel: string, options: WebhookOptions, body: unknown): Promise<NotificationReceipt> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
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
    if (!res.ok) return { channel, delivered: false, error: `${channel} webhook answered ${res.status}: ${text.slice(0, 200)}` };
    return { channel, delivered: true };
  } catch (err) {
    return { channel, delivered: false, error: `${channel} webhook: ${failureReason(err, timeoutMs)}` };
  }
}

/** fetch says only "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND, a TLS error) is what helps. */
function failureReason(err: unknown, timeoutMs: number): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error.cause?.code ?? error.cause?.message;
  return cause ? `${error.message} (${cause})` : error.message;
}
