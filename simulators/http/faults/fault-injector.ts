// Express middleware that makes a vendor simulator misbehave on purpose: 429 with
// Retry-After (seconds or HTTP date), 503, slow answers, answers lost after the call took
// effect (the client times out), HTML error pages, and rewritten bodies (wrong types,
// missing fields). Random faults follow the settings; scripted ones (failNext) come first.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { NO_FAULTS, parseFaultSettings, type FaultSettings, type FaultSettingsInput } from './fault-settings';
import { seededRandom } from '../../seeded-random';

export type ScriptedFault =
  | { kind: '429'; retryAfter?: 'seconds' | 'http-date' | 'none' }
  | { kind: '503' }
  | { kind: 'timeout' }
  | { kind: 'reset' }
  | { kind: 'html'; status?: number }
  | { kind: 'rewrite'; rewrite: (body: unknown) => unknown };

export interface FaultMatch {
  /** Only calls whose method + path match, e.g. /^POST \/sfc/. */
  match?: RegExp;
}

export interface FaultStats {
  calls: number;
  injected: Record<'429' | '503' | 'timeout' | 'reset' | 'html' | 'rewrite', number>;
}

export class FaultInjector {
  #settings: FaultSettings = NO_FAULTS;
  #random: () => number = seededRandom(1);
  #scripted: { fault: ScriptedFault; match?: RegExp; remaining: number }[] = [];
  #exempt: RegExp[] = [];
  #flip = false;
  #held = new Set<NodeJS.Timeout>();
  readonly stats: FaultStats = { calls: 0, injected: { '429': 0, '503': 0, timeout: 0, reset: 0, html: 0, rewrite: 0 } };

  constructor(settings?: string | FaultSettingsInput) {
    this.configure(settings);
  }

  get settings(): FaultSettings {
    return this.#settings;
  }

  /** Replaces the random fault settings (tests turn chaos on and off with this). */
  configure(settings?: string | FaultSettingsInput): void {
    this.#settings = parseFaultSettings(settings);
    this.#random = seededRandom(this.#settings.seed);
    this.#exempt = this.#settings.exempt.map((source) => new RegExp(source));
  }

  /** The next `count` matching calls get `fault`, before any random fault. */
  failNext(count: number, fault: ScriptedFault, where: FaultMatch = {}): void {
    this.#scripted.push({ fault, match: where.match, remaining: count });
  }

  clear(): void {
    this.#scripted = [];
    this.configure();
  }

  /** Cancels answers still held back (so a closing server does not wait for them). */
  releaseHeld(): void {
    for (const timer of this.#held) clearTimeout(timer);
    this.#held.clear();
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      this.stats.calls += 1;
      const line = `${req.method} ${req.path}`;
      const fault = this.#exempt.some((re) => re.test(req.path)) ? undefined : (this.#takeScripted(line) ?? this.#roll());
      const go = () => (fault ? this.#apply(fault, req, res, next) : next());
      if (this.#settings.slowMs > 0) setTimeout(go, this.#settings.slowMs);
      else go();
    };
  }

  #takeScripted(line: string): ScriptedFault | undefined {
    const entry = this.#scripted.find((s) => !s.match || s.match.test(line));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#scripted = this.#scripted.filter((s) => s !== entry);
    return entry.fault;
  }

  #roll(): ScriptedFault | undefined {
    const { rate429, rate503, rateTimeout } = this.#settings;
    const roll = this.#random();
    if (roll < rate429) return { kind: '429' };
    if (roll < rate429 + rate503) return { kind: '503' };
    if (roll < rate429 + rate503 + rateTimeout) return { kind: 'timeout' };
    return undefined;
  }

  #retryAfter(form: 'seconds' | 'http-date' | 'none' | 'mixed'): string | undefined {
    const seconds = this.#settings.retryAfterSeconds;
    if (form === 'mixed') this.#flip = !this.#flip;
    const chosen = form === 'mixed' ? (this.#flip ? 'seconds' : 'http-date') : form;
    if (chosen === 'none') return undefined;
    // An HTTP date has whole-second precision: round up so the client never comes back early.
    return chosen === 'seconds' ? String(seconds) : new Date(Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000).toUTCString();
  }

  #apply(fault: ScriptedFault, req: Request, res: Response, next: NextFunction): void {
    this.stats.injected[fault.kind] += 1;
    switch (fault.kind) {
      case '429': {
        const retryAfter = this.#retryAfter(fault.retryAfter ?? this.#settings.retryAfter);
        if (retryAfter !== undefined) res.setHeader('Retry-After', retryAfter);
        res.status(429).json({ message: 'Too Many Requests (simulated)' });
        return;
      }
      case '503': {
        const retryAfter = this.#settings.retryAfter === 'none' ? undefined : this.#retryAfter(this.#settings.retryAfter);
        if (retryAfter !== undefined) res.setHeader('Retry-After', retryAfter);
        res.status(503).type('text/html').send('<html><head><title>503 Service Unavailable</title></head><body>upstream maintenance (simulated)</body></html>');
        return;
      }
      case 'html':
        res.status(fault.status ?? 200).type('text/html').send('<!DOCTYPE html><html><head><title>Site Error</title></head><body><h1>We are sorry, an error occurred (simulated)</h1></body></html>');
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'rewrite': {
        const json = res.json.bind(res);
        res.json = (body: unknown) => json(fault.rewrite(structuredClone(body)));
        next();
        return;
      }
      case 'timeout': {
        // The call takes effect; only its answer is held back until the client has given up.
        const end = res.end.bind(res) as (...args: unknown[]) => Response;
        res.end = ((...args: unknown[]) => {
          const timer = setTimeout(() => {
            this.#held.delete(timer);
            if (!res.socket?.destroyed) end(...args);
          }, this.#settings.timeoutMs);
          this.#held.add(timer);
          return res;
        }) as Response['end'];
        next();
        return;
      }
    }
  }
}
