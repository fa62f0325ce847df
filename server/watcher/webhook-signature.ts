// LIMS webhook authentication (DESIGN.md): X-Qloop-Signature is sha256=<hex HMAC of
// timestamp + "." + raw body>, X-Qloop-Timestamp is seconds (or ms) since the epoch. Stale
// timestamps are refused. A signature seen before inside the window is the identical signed body
// again: while the first is still being stored it waits for that outcome (a redelivery once the
// first is on disk; it takes over when the first failed); after that it is answered as a
// redelivery when every result in it is already stored, refused otherwise
// (replay protection; the window is persisted, see webhook-replays.ts). A delivery that fails
// before its results are stored gives its claim back, so the LIMS's retry is taken. Every refusal
// is logged and counted, and audited at most once a minute per reason with the count since (what
// is left of a burst is audited when its minute is over, and at stop).
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import { QloopError } from '../errors';
import type { ReplayWindow } from './webhook-replays';

export interface SignatureCheck {
  secret: string;
  /** How far the timestamp may be from now, either way. */
  windowMs: number;
}

/** A verified delivery: fresh (its claim given back if it fails before it is stored) or a replay. */
export interface VerifiedDelivery {
  replay: boolean;
  /**
   * A replay of a delivery still being stored: resolves true once that one is on disk (this one is
   * then a redelivery), false when it failed and gave its claim back (this one takes over).
   */
  first?: Promise<boolean>;
  /** The delivery is stored and on disk: replays waiting for it are answered. */
  stored(): void;
  /** Gives the claim back: the delivery was not stored, the LIMS's retry must be taken. */
  release(): void;
}

export type RefusalKind = 'unsigned' | 'bad-timestamp' | 'stale' | 'bad-signature' | 'replayed';

export function signWebhook(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = crypto.createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

/** How often a kind of refusal is audited at most (the count since the last record goes with it). */
const AUDIT_EVERY_MS = 60_000;

/**
 * Refused webhook deliveries: each is logged and counted; the audit trail gets one record per
 * kind per minute with the count, so a flood of unsigned posts cannot flood the audit trail.
 */
export class WebhookRefusals {
  readonly #total = new Map<RefusalKind, number>();
  readonly #unaudited = new Map<RefusalKind, number>();
  readonly #auditedAt = new Map<RefusalKind, number>();
  readonly #messages = new Map<RefusalKind, string>();
  /** Audits what is left of a burst once its minute is over, even if no refusal follows. */
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: { audit?: SqliteAuditLog; logger?: Logger; now?: () => number; count?: (kind: RefusalKind) => void }) {}

  record(kind: RefusalKind, message: string, nowMs: number): void {
    this.#total.set(kind, (this.#total.get(kind) ?? 0) + 1);
    const pending = (this.#unaudited.get(kind) ?? 0) + 1;
    this.#messages.set(kind, message);
    this.deps.count?.(kind);
    this.deps.logger?.warn({ kind, total: this.#total.get(kind) }, `LIMS webhook refused: ${message}`);
    const last = this.#auditedAt.get(kind);
    if (last !== undefined && nowMs - last < AUDIT_EVERY_MS && nowMs >= last) {
      this.#unaudited.set(kind, pending);
      this.#later(last + AUDIT_EVERY_MS - nowMs);
      return;
    }
    this.#audit(kind, pending, message, nowMs);
  }

  /** Audits every kind with refusals not yet on the audit trail (the minute's timer, and at stop). */
  flush(nowMs: number = (this.deps.now ?? Date.now)()): void {
    for (const [kind, pending] of this.#unaudited) if (pending > 0) this.#audit(kind, pending, this.#messages.get(kind) ?? kind, nowMs);
  }

  /** At shutdown: nothing refused goes unaudited. */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.flush();
  }

  #later(delayMs: number): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, Math.max(0, delayMs));
    this.#timer.unref();
  }

  #audit(kind: RefusalKind, pending: number, message: string, nowMs: number): void {
    try {
      this.deps.audit?.appendSync({ actor: { type: 'component', id: 'lims-webhook' }, action: 'webhook.refused', subject: { type: 'webhook', id: kind }, after: { refused: pending, total: this.#total.get(kind) }, reason: message });
      this.#auditedAt.set(kind, nowMs);
      this.#unaudited.set(kind, 0);
    } catch (err) {
      this.#unaudited.set(kind, pending);
      this.deps.logger?.error({ err }, 'auditing a refused LIMS webhook failed');
    }
  }

  /** Refusals since the start, by kind. */
  counts(): Record<RefusalKind, number> {
    return { unsigned: 0, 'bad-timestamp': 0, stale: 0, 'bad-signature': 0, replayed: 0, ...Object.fromEntries(this.#total) };
  }
}

export class WebhookVerifier {
  /** Signatures whose delivery is being stored now, and its outcome (true: on disk). */
  readonly #inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly check: SignatureCheck,
    /** Signatures accepted inside the window (persisted: a restart does not reopen it). */
    private readonly replays: ReplayWindow,
    readonly refusals: WebhookRefusals = new WebhookRefusals({}),
  ) {}

  /** Throws UNAUTHENTICATED with the reason (logged, counted); returns the delivery for a valid signature. */
  verify(headers: { signature?: string; timestamp?: string }, rawBody: Buffer, nowMs: number): VerifiedDelivery {
    const { signature, timestamp } = headers;
    if (!signature || !timestamp) this.#refuse('unsigned', 'unsigned webhook: X-Qloop-Signature and X-Qloop-Timestamp are required', nowMs);
    if (!/^\d{1,16}$/.test(timestamp)) this.#refuse('bad-timestamp', 'X-Qloop-Timestamp must be seconds (or milliseconds) since 1970-01-01 UTC', nowMs);
    const stamp = Number(timestamp);
    const stampMs = stamp < 1e11 ? stamp * 1000 : stamp;
    if (Math.abs(nowMs - stampMs) > this.check.windowMs) {
      this.#refuse('stale', `stale webhook: the timestamp is ${Math.round((nowMs - stampMs) / 1000)} s from the server time; the window is ±${this.check.windowMs / 1000} s`, nowMs);
    }
    const expected = signWebhook(this.check.secret, timestamp, rawBody);
    const given = signature.trim().toLowerCase();
    if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
      this.#refuse('bad-signature', 'bad webhook signature: expected sha256=<hex HMAC-SHA256 of timestamp + "." + body>', nowMs);
    }
    // Keyed on the normalized signature: the same delivery with its hex in capitals is the same delivery.
    const claim = this.replays.claim(expected, stampMs + this.check.windowMs, nowMs);
    if (claim === 'pruned') {
      // The server clock went back: the record of this signature may already be pruned.
      this.#refuse('stale', 'stale webhook: its timestamp is older than the replay records the server still keeps (the server clock went back); sign the delivery again with a new timestamp', nowMs);
    }
    if (claim === 'replay') {
      const first = this.#inFlight.get(expected);
      return { replay: true, ...(first ? { first } : {}), stored: () => undefined, release: () => undefined };
    }
    let settle!: (stored: boolean) => void;
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    this.#inFlight.set(expected, outcome);
    const finish = (stored: boolean) => {
      if (this.#inFlight.get(expected) === outcome) this.#inFlight.delete(expected);
      settle(stored);
    };
    return {
      replay: false,
      stored: () => finish(true),
      release: () => {
        this.replays.release(expected);
        finish(false);
      },
    };
  }

  /** A replay whose results are not all stored: the attack replay protection is for. */
  refuseReplay(nowMs: number): never {
    return this.#refuse('replayed', 'replayed webhook: this signature was already accepted; sign each delivery with a new timestamp', nowMs);
  }

  #refuse(kind: RefusalKind, message: string, nowMs: number): never {
    this.refusals.record(kind, message, nowMs);
    throw new QloopError('UNAUTHENTICATED', message);
  }
}
