// Configuration: defaults, env parsing, a list of every bad key, and docs that list every key.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../../server/config';
import { REPO_ROOT } from '../support/paths';
import { tempDir } from '../support/temp';

describe('config', () => {
  it('starts from documented defaults with an empty environment', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.port, 8080);
    assert.equal(config.model, 'deterministic');
    assert.equal(config.embeddings, 'hash');
    assert.equal(config.demo, true);
    assert.ok(Object.isFrozen(config));
  });

  it('reads QLOOP_* variables and coerces their types', () => {
    const config = loadConfig({ env: { QLOOP_PORT: '9090', QLOOP_DEMO: 'false', QLOOP_WEBHOOK_SECRET: 'a-webhook-secret-shared-with-the-lims-0001', QLOOP_ALLOWED_ORIGINS: 'https://mes.plant.local, https://pod.example' } });
    assert.equal(config.port, 9090);
    assert.equal(config.demo, false);
    assert.deepEqual(config.allowedOrigins, ['https://mes.plant.local', 'https://pod.example']);
  });

  it('names every bad key at once', () => {
    assert.throws(
      () => loadConfig({ env: { QLOOP_PORT: 'abc', QLOOP_MODEL: 'gpt', QLOOP_LOCKOUT_THRESHOLD: '0', QLOOP_JWT_SECRET: 'short' } }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.message;
        for (const name of ['QLOOP_PORT', 'QLOOP_MODEL', 'QLOOP_LOCKOUT_THRESHOLD', 'QLOOP_JWT_SECRET']) assert.match(text, new RegExp(name));
        assert.match(text, /"abc"/);
        assert.equal(err.problems.length, 4);
        return true;
      },
    );
  });

  it('outside the demo refuses an empty LIMS webhook secret, naming the key; the demo accepts it', () => {
    assert.throws(
      () => loadConfig({ env: { QLOOP_DEMO: 'false' } }),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 1 && /^QLOOP_WEBHOOK_SECRET: required when QLOOP_DEMO=false .*unsigned posts/.test(err.problems[0] ?? ''),
    );
    assert.throws(() => loadConfig({ env: { QLOOP_DEMO: 'no', QLOOP_WEBHOOK_SECRET: '' } }), /QLOOP_WEBHOOK_SECRET: required when QLOOP_DEMO=false/);
    assert.equal(loadConfig({ env: { QLOOP_DEMO: 'false', QLOOP_WEBHOOK_SECRET: 'a-webhook-secret-shared-with-the-lims-0001' } }).webhookSecret, 'a-webhook-secret-shared-with-the-lims-0001');
    assert.equal(loadConfig({ env: {} }).webhookSecret, '');
  });

  it('next to a LIMS at a URL requires the webhook secret even in the demo; a secret is trimmed and has 32+ characters', () => {
    const secret = 'a-webhook-secret-shared-with-the-lims-0001';
    const refused = (env: Record<string, string>, pattern: RegExp) =>
      assert.throws(() => loadConfig({ env }), (err: unknown) => err instanceof ConfigError && err.problems.some((p) => pattern.test(p)));
    // demo defaults to true: a real LIMS URL alone must not let unsigned posts in
    refused({ QLOOP_LIMS: 'senaite', QLOOP_SENAITE_URL: 'https://lims.example/senaite/@@API/senaite/v1' }, /^QLOOP_WEBHOOK_SECRET: required when QLOOP_SENAITE_URL is set/);
    refused({ QLOOP_LIMS: 'generic-rest', QLOOP_GENERIC_LIMS_URL: 'https://lims.example/api' }, /^QLOOP_WEBHOOK_SECRET: required when QLOOP_GENERIC_LIMS_URL is set/);
    refused({ QLOOP_LIMS: 'polling', QLOOP_POLLING_LIMS_URL: 'https://lims.example/transfer' }, /^QLOOP_WEBHOOK_SECRET: required when QLOOP_POLLING_LIMS_URL is set/);
    // blank is empty; short is refused with its length, never its value
    refused({ QLOOP_DEMO: 'false', QLOOP_WEBHOOK_SECRET: '   ' }, /^QLOOP_WEBHOOK_SECRET: required when QLOOP_DEMO=false/);
    assert.throws(
      () => loadConfig({ env: { QLOOP_DEMO: 'false', QLOOP_WEBHOOK_SECRET: 'x' } }),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 1 && /^QLOOP_WEBHOOK_SECRET: must be at least 32 characters \(has 1 /.test(err.problems[0] ?? '') && !/"x"/.test(err.message),
    );
    refused({ QLOOP_WEBHOOK_SECRET: `  ${'s'.repeat(31)}  ` }, /QLOOP_WEBHOOK_SECRET: must be at least 32 characters \(has 31 /);
    const config = loadConfig({ env: { QLOOP_LIMS: 'senaite', QLOOP_SENAITE_URL: 'https://lims.example/senaite/@@API/senaite/v1', QLOOP_WEBHOOK_SECRET: ` ${secret}\n` } });
    assert.equal(config.webhookSecret, secret);
  });

  it('reads a JSON config file and lets the environment win', () => {
    const tmp = tempDir();
    const file = path.join(tmp.dir, 'qloop.json');
    fs.writeFileSync(file, JSON.stringify({ port: 7000, logLevel: 'warn' }));
    const config = loadConfig({ env: { QLOOP_CONFIG: file, QLOOP_PORT: '7001' } });
    assert.equal(config.port, 7001);
    assert.equal(config.logLevel, 'warn');
    fs.writeFileSync(file, JSON.stringify({ prot: 7000 }));
    assert.throws(() => loadConfig({ env: { QLOOP_CONFIG: file } }), /prot \(in .*\): unknown key/);
    fs.writeFileSync(file, '{ not json');
    assert.throws(() => loadConfig({ env: { QLOOP_CONFIG: file } }), /QLOOP_CONFIG: cannot read/);
    tmp.remove();
  });

  it('docs/configuration.md lists every key', () => {
    const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'configuration.md'), 'utf8');
    for (const spec of Object.values(CONFIG_KEYS)) assert.ok(docs.includes(`\`${spec.env}\``), `${spec.env} is missing from docs/configuration.md`);
  });
});
