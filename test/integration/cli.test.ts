// The qloop command line as a user runs it: bad config and bad plant files stop the start
// with a clear message; users and audit commands work on a data folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runQloop } from '../support/cli';
import { REPO_ROOT } from '../support/paths';
import { tempDir } from '../support/temp';

describe('qloop CLI', () => {
  const tmp = tempDir();
  after(() => tmp.remove());
  const env = { QLOOP_DATA_DIR: tmp.dir };

  it('refuses QLOOP_PORT=abc, naming the key, with a non-zero exit', async () => {
    const result = await runQloop(['serve'], { env: { ...env, QLOOP_PORT: 'abc' } });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /QLOOP_PORT: expected a whole number \(got "abc"\)/);
  });

  it('refuses a broken plant file, naming the file, the JSON path and the reason', async () => {
    const plant = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'data', 'plant', 'demo-plant.json'), 'utf8')) as { lots: Array<{ productId: unknown }> };
    plant.lots[3]!.productId = 42;
    const file = path.join(tmp.dir, 'broken-plant.json');
    fs.writeFileSync(file, JSON.stringify(plant, null, 2));
    const result = await runQloop(['serve'], { env: { ...env, QLOOP_PORT: '0', QLOOP_PLANT: file } });
    assert.notEqual(result.code, 0);
    assert.ok(result.stderr.includes(file), result.stderr);
    assert.match(result.stderr, /lots\[3\]\.productId/);
  });

  it('refuses a plant file that is not JSON, naming line and column', async () => {
    const file = path.join(tmp.dir, 'not-json.json');
    fs.writeFileSync(file, '{\n  "plant": {\n    "id": "X",\n  oops\n}');
    const result = await runQloop(['serve'], { env: { ...env, QLOOP_PORT: '0', QLOOP_PLANT: file } });
    assert.notEqual(result.code, 0);
    assert.ok(result.stderr.includes(file));
    assert.match(result.stderr, /line 4/);
  });

  it('adds a user from stdin, lists it, changes its password, and audits both', async () => {
    const add = await runQloop(['users', 'add', 'qa.carla', '--role', 'qa', '--password-stdin', '--display-name', 'Carla Diaz'], { env, stdin: 'Sturdy-Pass-2024\n' });
    assert.equal(add.code, 0, add.stderr);
    const dup = await runQloop(['users', 'add', 'qa.carla', '--role', 'qa', '--password-stdin'], { env, stdin: 'Sturdy-Pass-2024\n' });
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
    const weak = await runQloop(['users', 'add', 'op.x', '--role', 'operator', '--password-stdin'], { env, stdin: 'short\n' });
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /at least 10 characters/);
    const badRole = await runQloop(['users', 'add', 'op.y', '--role', 'wizard', '--password-stdin'], { env, stdin: 'Sturdy-Pass-2024\n' });
    assert.match(badRole.stderr, /unknown role "wizard"/);
    const list = await runQloop(['users', 'list'], { env });
    assert.match(list.stdout, /qa\.carla\s+qa/);
    const passwd = await runQloop(['users', 'passwd', 'qa.carla', '--password-stdin'], { env, stdin: 'Another-Pass-2025\n' });
    assert.equal(passwd.code, 0, passwd.stderr);
    const exported = await runQloop(['audit', 'export', '--subject', 'user:qa.carla'], { env });
    const records = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: { id: string } });
    assert.deepEqual(records.map((r) => r.action), ['user.created', 'user.password-changed']);
    assert.match(records[0]!.actor.id, /^cli:/);
  });

  it('exports CSV for an inspector and verifies the chain', async () => {
    const csv = await runQloop(['audit', 'export', '--format', 'csv', '--from', '2000-01-01'], { env });
    assert.equal(csv.code, 0, csv.stderr);
    const [header, ...rows] = csv.stdout.trim().split('\r\n');
    assert.match(header!, /^seq,time,actor_type,actor_id/);
    assert.ok(rows.length >= 2);
    const bad = await runQloop(['audit', 'export', '--from', 'yesterday'], { env });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--from is not an ISO time/);
    const verify = await runQloop(['audit', 'verify'], { env });
    assert.equal(verify.code, 0, verify.stderr);
  });
});
