// What a failed notification may say: whitelisted fields only (status, cause code, SMTP reply
// code and command, a plain refusal phrase without any part of the URL); and the configuration
// refuses a chat webhook URL with user:password@ without printing the value back.
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { hasUserinfo, smtpFailureText, webhookFailureText, webhookRefusalText } from '../../../server/adapters/notifier/failure-text';
import { ConfigError, loadConfig } from '../../../server/config';

const URL_WITH_TOKEN = 'https://plant.webhook.office.com/webhookb2/0a1b2c3d-secret/IncomingWebhook/f00dfeed';

describe('notifier failure text', () => {
  it('a fetch failure is its cause code, or the error class; never its message', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    assert.equal(webhookFailureText(refused, 1000), 'request failed (ECONNREFUSED)');
    const credentials = await fetch('https://user:SECRETPASS@example.com/hook').catch((e: unknown) => e);
    assert.match(String((credentials as Error).message), /SECRETPASS/, 'fetch itself puts the URL in its message');
    assert.equal(webhookFailureText(credentials, 1000), 'request failed (TypeError)');
    assert.equal(webhookFailureText(Object.assign(new Error('x'), { name: 'TimeoutError' }), 250), 'no answer within 250 ms');
    assert.equal(webhookFailureText({ name: 'Error', cause: { code: 'see https://user:pw@host' } }, 1000), 'request failed (Error)', 'a "code" that is text is not a code');
  });

  it('a refusal keeps a plain vendor phrase and drops anything URL-like or naming the token', () => {
    assert.equal(webhookRefusalText(400, 'invalid_payload', URL_WITH_TOKEN), 'answered 400: invalid_payload');
    assert.equal(webhookRefusalText(500, '', URL_WITH_TOKEN), 'answered 500');
    for (const body of [`cannot post to ${URL_WITH_TOKEN}`, 'webhook 0a1b2c3d-secret is disabled', '<html><body>Bad gateway</body></html>', 'x'.repeat(121)]) {
      assert.match(webhookRefusalText(403, body, URL_WITH_TOKEN), /^answered 403 \(its text withheld/, body);
    }
  });

  it('an SMTP failure is nodemailer code, reply code, enhanced status, a named errno and the command verb', () => {
    assert.equal(smtpFailureText({ message: 'Invalid login: 535 5.7.8 failed: AUTH PLAIN AHFhAFNFQ1JFVA==', code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 5.7.8 failed: AUTH PLAIN AHFhAFNFQ1JFVA==' }), 'EAUTH 535 5.7.8 on AUTH PLAIN');
    assert.equal(smtpFailureText({ message: 'getaddrinfo ENOTFOUND mail.plant.local', code: 'EDNS', command: 'CONN' }), 'EDNS (ENOTFOUND) on CONN');
    assert.equal(smtpFailureText({ message: 'RCPT failed', code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO:<qa@plant.local>' }), 'EENVELOPE 550 on RCPT');
    assert.equal(smtpFailureText(new Error('smtp://qa:SECRETPASS@mail')), 'send failed (no error code)');
  });

  it('hasUserinfo sees user and password, and a user alone', () => {
    assert.equal(hasUserinfo('https://u:p@host/x'), true);
    assert.equal(hasUserinfo('https://u@host/x'), true);
    assert.equal(hasUserinfo(URL_WITH_TOKEN), false);
    assert.equal(hasUserinfo('not a url'), false);
  });
});

describe('chat webhook URL configuration', () => {
  it('refuses user:password@ in QLOOP_TEAMS_WEBHOOK_URL and QLOOP_SLACK_WEBHOOK_URL, naming the key and never printing the value', () => {
    for (const name of ['QLOOP_TEAMS_WEBHOOK_URL', 'QLOOP_SLACK_WEBHOOK_URL']) {
      assert.throws(
        () => loadConfig({ env: { [name]: 'https://bot:SECRETPASS@hooks.example.com/services/T0/B0/tok' } }),
        (e) => e instanceof ConfigError && e.problems.some((p) => p.startsWith(`${name}: must not carry user:password@`)) && !/SECRETPASS|tok/.test(e.message),
      );
    }
    assert.throws(() => loadConfig({ env: { QLOOP_SLACK_WEBHOOK_URL: 'hooks SECRETPASS' } }), (e) => e instanceof ConfigError && /QLOOP_SLACK_WEBHOOK_URL: expected a URL/.test(e.message) && !e.message.includes('SECRETPASS'));
    assert.throws(() => loadConfig({ env: { QLOOP_SMTP_URL: 'mail://qa:SECRETPASS@mail' } }), (e) => e instanceof ConfigError && /QLOOP_SMTP_URL: .*value withheld: a secret/.test(e.message) && !e.message.includes('SECRETPASS'));
    assert.equal(loadConfig({ env: { QLOOP_TEAMS_WEBHOOK_URL: URL_WITH_TOKEN } }).teamsWebhookUrl, URL_WITH_TOKEN);
    // A value that is not a secret is still shown, to help fix it.
    assert.throws(() => loadConfig({ env: { QLOOP_PORT: 'eighty' } }), /QLOOP_PORT: .*\(got "eighty"\)/);
  });
});
