// Runs the Clock and Notifier contracts against the implementations that ship today.
import { Writable } from 'node:stream';
import pino from 'pino';
import { ManualClock } from '../../server/adapters/clock/manual-clock';
import { SystemClock } from '../../server/adapters/clock/system-clock';
import { LogNotifier } from '../../server/adapters/notifier/log-notifier';
import { MemoryNotifier } from '../../server/adapters/notifier/memory-notifier';
import type { Notification } from '../../server/ports/notifier';
import { clockContract } from '../contracts/clock.contract';
import { notifierContract } from '../contracts/notifier.contract';

clockContract('SystemClock', () => ({ clock: new SystemClock(), tick: () => {} }));
clockContract('ManualClock', () => {
  const clock = new ManualClock(Date.now());
  return { clock, tick: () => clock.advance(7) };
});

notifierContract('MemoryNotifier', async () => {
  const notifier = new MemoryNotifier();
  return { notifier, delivered: async () => notifier.sent, close: async () => {} };
});

notifierContract('LogNotifier', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
  const notifier = new LogNotifier(pino({ level: 'info' }, sink));
  return {
    notifier,
    delivered: async () =>
      lines.map((l) => {
        const entry = JSON.parse(l) as { msg: string; notification: Omit<Notification, 'summary' | 'severity'> };
        return { ...entry.notification, summary: entry.msg, severity: 'critical' as const };
      }),
    close: async () => {},
  };
});
