// LIMS webhook authentication (DESIGN.md): X-Qloop-Signature is sha256=<hex HMAC of
// timestamp + "." + raw body>, X-Qloop-Timestamp is seconds (or ms) since the epoch. Stale
// timestamps and a signature seen before inside the window are refused (replay protection; the
// window is persisted, see webhook-replays.ts).
import crypto from 'node:crypto';
import { QloopError } from '../errors';
import type { ReplayWindow } from './webhook-replays';

export interface SignatureCheck {
  secret: string;
  /** How far the timestamp may be from now, either way. */
  windowMs: number;
}

export function signWebhook(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = crypto.createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

export class WebhookVerifier {
  constructor(
    private readonly check: SignatureCheck,
    /** Signatures accepted inside the window (persisted: a restart does not reopen it). */
    private readonly replays: ReplayWindow,
  ) {}

  /** Throws UNAUTHENTICATED with the reason; returns normally for a fresh, valid signature. */
  verify(headers: { signature?: string; timestamp?: string }, rawBody: Buffer, nowMs: number): void {
    const { signature, timestamp } = headers;
    if (!signature || !timestamp) throw new QloopError('UNAUTHENTICATED', 'unsigned webhook: X-Qloop-Signature and X-Qloop-Timestamp are required');
    if (!/^\d{1,16}$/.test(timestamp)) throw new QloopError('UNAUTHENTICATED', 'X-Qloop-Timestamp must be seconds (or milliseconds) since 1970-01-01 UTC');
    const stamp = Number(timestamp);
    const stampMs = stamp < 1e11 ? stamp * 1000 : stamp;
    if (Math.abs(nowMs - stampMs) > this.check.windowMs) {
      throw new QloopError('UNAUTHENTICATED', `stale webhook: the timestamp is ${Math.round((nowMs - stampMs) / 1000)} s from the server time; the window is ±${this.check.windowMs / 1000} s`);
    }
    const expected = signWebhook(this.check.secret, timestamp, rawBody);
    const given = signature.trim().toLowerCase();
    if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
      throw new QloopError('UNAUTHENTICATED', 'bad webhook signature: expected sha256=<hex HMAC-SHA256 of timestamp + "." + body>');
    }
    // Keyed on the normalized signature: the same delivery with its hex in capitals is the same delivery.
    if (!this.replays.claim(expected, stampMs + this.check.windowMs, nowMs)) {
      throw new QloopError('UNAUTHENTICATED', 'replayed webhook: this signature was already accepted; sign each delivery with a new timestamp');
    }
  }
}
