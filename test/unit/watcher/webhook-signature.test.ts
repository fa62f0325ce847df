import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { migrate } from '../../../server/store/database';
import { m022WebhookReplays } from '../../../server/store/migrations/022-webhook-replays';
import { SqliteReplayWindow } from '../../../server/watcher/webhook-replays';
import { signWebhook, WebhookVerifier } from '../../../server/watcher/webhook-signature';

const secret = 'test-secret-test-secret-test-secret';
const body = Buffer.from('{"sample_id":"S-1"}');
const now = Date.parse('2024-05-03T10:15:00Z');
const stamp = String(now / 1000);

function replayWindow(): SqliteReplayWindow {
  const db = new Database(':memory:');
  migrate(db, [m022WebhookReplays]);
  return new SqliteReplayWindow(db);
}

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of timestamp + "." + body (a known vector)', () => {
    // Computed independently with Python: hmac.new(b'key', b'1714731300.{}', hashlib.sha256).hexdigest()
    assert.equal(signWebhook('key', '1714731300', '{}'), 'sha256=c2ee99aa4ffe917f12d9a179641f26340c7c87b5b803581f7f4443320f0e38bb');
    assert.match(signWebhook(secret, stamp, body), /^sha256=[0-9a-f]{64}$/);
    assert.notEqual(signWebhook(secret, stamp, body), signWebhook(secret, String(now / 1000 + 1), body), 'the timestamp is covered');
  });

  it('accepts a fresh signature in seconds or milliseconds once; the same signature again is a replay', () => {
    const verifier = new WebhookVerifier({ secret, windowMs: 300_000 }, replayWindow());
    assert.equal(verifier.verify({ signature: signWebhook(secret, stamp, body), timestamp: stamp }, body, now + 1000).replay, false);
    const ms = String(now);
    assert.equal(verifier.verify({ signature: signWebhook(secret, ms, body), timestamp: ms }, body, now).replay, false);
    assert.equal(verifier.verify({ signature: signWebhook(secret, stamp, body), timestamp: stamp }, body, now + 2000).replay, true);
    assert.throws(() => verifier.refuseReplay(now + 2000), /replayed webhook/);
  });

  it('a delivery that was not stored gives its signature back: the retry is fresh', () => {
    const verifier = new WebhookVerifier({ secret, windowMs: 300_000 }, replayWindow());
    const signature = signWebhook(secret, stamp, body);
    verifier.verify({ signature, timestamp: stamp }, body, now).release();
    assert.equal(verifier.verify({ signature, timestamp: stamp }, body, now + 1000).replay, false);
  });

  it('a clock step back does not reopen the window: a signature whose record may be pruned is refused as stale', () => {
    const replays = replayWindow();
    const verifier = new WebhookVerifier({ secret, windowMs: 300_000 }, replays);
    const signature = signWebhook(secret, stamp, body);
    verifier.verify({ signature, timestamp: stamp }, body, now);
    // The server clock runs an hour ahead for a while: a delivery then prunes the first record.
    const ahead = String(now / 1000 + 3600);
    verifier.verify({ signature: signWebhook(secret, ahead, body), timestamp: ahead }, body, now + 3_600_000);
    assert.equal(replays.size(), 1, 'the first record was pruned');
    // The clock is set right again: the captured first delivery is inside the window once more.
    assert.throws(() => verifier.verify({ signature, timestamp: stamp }, body, now + 1000), /stale webhook: its timestamp is older than the replay records the server still keeps/);
  });

  it('refuses missing headers, a bad signature, a changed body and a timestamp outside the window', () => {
    const verifier = new WebhookVerifier({ secret, windowMs: 300_000 }, replayWindow());
    const signature = signWebhook(secret, stamp, body);
    assert.throws(() => verifier.verify({ timestamp: stamp }, body, now), /unsigned webhook/);
    assert.throws(() => verifier.verify({ signature, timestamp: 'yesterday' }, body, now), /X-Qloop-Timestamp must be seconds/);
    assert.throws(() => verifier.verify({ signature: signature.replace(/.$/, '0'), timestamp: stamp }, body, now), /bad webhook signature/);
    assert.throws(() => verifier.verify({ signature, timestamp: stamp }, Buffer.from('{"sample_id":"S-2"}'), now), /bad webhook signature/);
    assert.throws(() => verifier.verify({ signature, timestamp: stamp }, body, now + 301_000), /stale webhook: the timestamp is 301 s from the server time/);
    assert.throws(() => verifier.verify({ signature: signWebhook('another-secret', stamp, body), timestamp: stamp }, body, now), /bad webhook signature/);
  });

  it('knows a replay with the hex in capitals (the same delivery), and forgets signatures past the window', () => {
    const replays = replayWindow();
    const verifier = new WebhookVerifier({ secret, windowMs: 300_000 }, replays);
    const signature = signWebhook(secret, stamp, body);
    verifier.verify({ signature, timestamp: stamp }, body, now);
    assert.equal(verifier.verify({ signature: signature.toUpperCase().replace('SHA256=', 'sha256='), timestamp: stamp }, body, now + 1000).replay, true);
    assert.equal(replays.size(), 1);
    const later = String(now / 1000 + 400);
    verifier.verify({ signature: signWebhook(secret, later, body), timestamp: later }, body, now + 400_000);
    assert.equal(replays.size(), 1, 'the first signature expired (its timestamp is outside the window now) and was pruned');
  });
});
