// A small fault switch for the simulators: make the next n calls fail, before they take effect
// (the system was down) or after (it acted but the answer was lost), so outbox and watcher
// tests can show that retries never repeat what the LIMS or MES already saw.
import { QloopError } from '../../server/errors';

export interface FaultPlan<Operation extends string> {
  /** Only these operations fail; every port call when absent. */
  operations?: readonly Operation[];
  /** `before`: nothing happens (default). `after`: the call takes effect, then fails. */
  timing?: 'before' | 'after';
}

interface ArmedFault<Operation extends string> {
  remaining: number;
  error: Error;
  operations?: readonly Operation[];
  timing: 'before' | 'after';
}

export class FaultSwitch<Operation extends string> {
  readonly #system: string;
  #armed: ArmedFault<Operation>[] = [];

  constructor(system: string) {
    this.#system = system;
  }

  /** The next `count` matching calls throw `error` (a retryable UNAVAILABLE by default). */
  failNext(count: number, error?: Error, plan: FaultPlan<Operation> = {}): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`failNext: count must be a positive integer, got ${count}`);
    this.#armed.push({
      remaining: count,
      error: error ?? new QloopError('UNAVAILABLE', `${this.#system} is unavailable (simulated fault)`),
      operations: plan.operations,
      timing: plan.timing ?? 'before',
    });
  }

  /** Disarms every pending fault. */
  clear(): void {
    this.#armed = [];
  }

  /** How many failures are still armed. */
  get pending(): number {
    return this.#armed.reduce((total, fault) => total + fault.remaining, 0);
  }

  /** Runs one port call through the switch. */
  async run<T>(operation: Operation, call: () => T): Promise<T> {
    const fault = this.#armed.find((f) => !f.operations || f.operations.includes(operation));
    if (!fault) return call();
    if (fault.timing === 'before') {
      this.#consume(fault);
      throw fault.error;
    }
    call(); // an 'after' fault only counts when the call really took effect
    this.#consume(fault);
    throw fault.error;
  }

  #consume(fault: ArmedFault<Operation>): void {
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#armed = this.#armed.filter((f) => f !== fault);
  }
}
