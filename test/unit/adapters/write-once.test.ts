// writeOnce: a write whose answer was lost is never sent twice; a vendor "already" answer
// counts as done; a business refusal is not retried.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdapterError, VendorClient, VirtualTimer, writeOnce } from '../../../server/adapters/http';

const client = () => new VendorClient({ vendor: 'acme', baseUrl: 'http://acme.test', timer: new VirtualTimer(0), random: () => 0.5, breaker: false, retry: { maxAttempts: 5, maxElapsedMs: 60_000, backoff: { baseMs: 10, maxMs: 100 } } });
const lost = () => new AdapterError({ vendor: 'acme', call: 'placeHold', failure: 'timeout', message: 'no answer within 50 ms' });

describe('writeOnce', () => {
  it('re-checks after a lost answer and does not write again when the effect landed', async () => {
    let held = false;
    let writes = 0;
    const result = await writeOnce(client(), {
      call: 'placeHold',
      check: async () => (held ? 'already' : undefined),
      write: async () => {
        writes += 1;
        held = true; // the vendor applied it ...
        throw lost(); // ... but the answer never arrived
      },
    });
    assert.equal(result, 'already');
    assert.equal(writes, 1);
  });

  it('writes again when the first write did not land', async () => {
    let writes = 0;
    const result = await writeOnce(client(), {
      call: 'placeHold',
      check: async () => undefined,
      write: async () => {
        writes += 1;
        if (writes === 1) throw new AdapterError({ vendor: 'acme', call: 'placeHold', failure: 'unavailable', status: 503, message: 'HTTP 503' });
        return 'applied';
      },
    });
    assert.equal(result, 'applied');
    assert.equal(writes, 2);
  });

  it('treats the vendor "already held" error as done', async () => {
    const result = await writeOnce(client(), {
      call: 'placeHold',
      check: async () => undefined,
      write: async () => {
        throw new AdapterError({ vendor: 'acme', call: 'placeHold', failure: 'http', status: 400, vendorCode: 'JOB_ALREADY_ON_HOLD', message: 'HTTP 400' });
      },
      isAlready: (err) => err.vendorCode === 'JOB_ALREADY_ON_HOLD',
      already: () => 'already',
    });
    assert.equal(result, 'already');
  });

  it('does not retry a refusal', async () => {
    let writes = 0;
    await assert.rejects(
      writeOnce(client(), {
        call: 'placeHold',
        check: async () => undefined,
        write: async () => {
          writes += 1;
          throw new AdapterError({ vendor: 'acme', call: 'placeHold', failure: 'http', status: 404, message: 'HTTP 404: no such lot' });
        },
      }),
      /no such lot/,
    );
    assert.equal(writes, 1);
  });
});
