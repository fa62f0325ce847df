// DrainLoop: a worker whose failure hook itself throws (the outbox's audit append on a full disk)
// must neither leave an unhandled rejection (Node 20 exits on one) nor stop retrying.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DrainLoop, FALLBACK_RETRY_MS } from '../../../server/shared/drain-loop';

class Flaky extends DrainLoop {
  passes = 0;
  hookCalls = 0;
  constructor(private readonly failures: number) {
    super();
  }
  protected async pass(): Promise<void> {
    this.passes += 1;
    if (this.passes <= this.failures) throw new Error(`pass ${this.passes} failed`);
  }
  protected failed(): number {
    this.hookCalls += 1;
    throw new Error('audit append failed: SQLITE_FULL');
  }
}

it('a failure hook that throws is contained: no unhandled rejection, the pass is retried after the fallback delay', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('unhandledRejection', onUnhandled);
  process.on('warning', onWarning);
  const loop = new Flaky(1);
  try {
    loop.wake();
    await loop.idle();
    assert.equal(loop.hookCalls, 1);
    await new Promise((resolve) => setTimeout(resolve, FALLBACK_RETRY_MS + 300));
    await loop.idle();
    assert.equal(loop.passes, 2, 'the failed pass was tried again');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
    assert.match(warnings.join('\n'), /Flaky: recording a failed pass failed too \(audit append failed: SQLITE_FULL; the pass failed with: pass 1 failed\)/);
  } finally {
    await loop.stop();
    process.off('unhandledRejection', onUnhandled);
    process.off('warning', onWarning);
  }
});
