// Contract every Clock passes: epoch milliseconds and ISO strings that agree and never go back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock } from '../../server/ports/clock';

export function clockContract(name: string, make: () => { clock: Clock; tick(): void }): void {
  describe(`Clock contract: ${name}`, () => {
    it('gives an ISO 8601 UTC time that matches now()', () => {
      const { clock } = make();
      const iso = clock.iso();
      assert.match(iso, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.ok(Math.abs(Date.parse(iso) - clock.now()) < 1000);
    });
    it('never goes back in time', () => {
      const { clock, tick } = make();
      let previous = clock.now();
      for (let i = 0; i < 50; i++) {
        tick();
        const current = clock.now();
        assert.ok(current >= previous, `${current} < ${previous}`);
        previous = current;
      }
    });
  });
}
