// E-mail through SMTP (nodemailer): a plain-text body that reads well in any client (summary,
// facts as "Name: value" lines, the link) and the same content as simple HTML. A failure says
// only the codes failure-text.ts whitelists: a server's refusal may echo the AUTH exchange.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Notification, NotificationReceipt, Notifier } from '../../ports/notifier';
import { smtpFailureText } from './failure-text';

export interface SmtpOptions {
  /** smtp://user:pass@host:port or smtps://... */
  url: string;
  from: string;
  to: string[];
  timeoutMs?: number;
}

export function mailText(notification: Notification): string {
  const facts = notification.facts.map((f) => `${f.name}: ${f.value}`).join('\n');
  return [notification.summary.replace(/\s*\n\s*/g, ' '), facts, notification.link ? `Open in qloop: ${notification.link}` : ''].filter(Boolean).join('\n\n') + '\n';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function mailHtml(notification: Notification): string {
  const rows = notification.facts.map((f) => `<tr><th align="left">${escapeHtml(f.name)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('');
  const link = notification.link ? `<p><a href="${escapeHtml(notification.link)}">Open in qloop</a></p>` : '';
  return `<p>${escapeHtml(notification.summary)}</p>${rows ? `<table>${rows}</table>` : ''}${link}`;
}

export class SmtpNotifier implements Notifier {
  readonly channel = 'email';
  readonly #transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.#transport = nodemailer.createTransport({ url: options.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  }

  async notify(notification: Notification): Promise<NotificationReceipt> {
    try {
      const tag = notification.severity === 'critical' ? '[qloop CRITICAL] ' : '[qloop] ';
      await this.#transport.sendMail({ from: this.options.from, to: this.options.to, subject: `${tag}${notification.subject}`, text: mailText(notification), html: mailHtml(notification) });
      return { channel: this.channel, delivered: true };
    } catch (err) {
      return { channel: this.channel, delivered: false, error: `SMTP: ${smtpFailureText(err)}` };
    }
  }

  close(): void {
    this.#transport.close();
  }
}
