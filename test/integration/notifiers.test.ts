// Teams, Slack and e-mail notifiers against local receivers (a local HTTP server, a local SMTP
// server on node:net): each runs the Notifier contract suite and reports failures as receipts;
// no receipt and no log line ever carries the webhook URL or the SMTP credentials.
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import { SlackNotifier } from '../../server/adapters/notifier/slack-notifier';
import { SmtpNotifier } from '../../server/adapters/notifier/smtp-notifier';
import { TeamsNotifier } from '../../server/adapters/notifier/teams-notifier';
import { NotificationDispatcher } from '../../server/watcher/notifications';
import { notifierContract, SAMPLE_NOTIFICATION } from '../contracts/notifier.contract';
import { notificationFromMail, notificationFromSlack, notificationFromTeams, startHttpReceiver, startSmtpReceiver } from '../support/receivers';

notifierContract('Microsoft Teams (Adaptive Card)', async () => {
  const receiver = await startHttpReceiver();
  return { notifier: new TeamsNotifier({ url: `${receiver.url}/webhookb2/test` }), delivered: async () => receiver.requests.map((r) => notificationFromTeams(r.body)), close: receiver.close };
});

notifierContract('Slack (Block Kit)', async () => {
  const receiver = await startHttpReceiver();
  receiver.respondWith(200, 'ok');
  return { notifier: new SlackNotifier({ url: `${receiver.url}/services/T0/B0/x` }), delivered: async () => receiver.requests.map((r) => notificationFromSlack(r.body)), close: receiver.close };
});

notifierContract('e-mail (SMTP via nodemailer)', async () => {
  const receiver = await startSmtpReceiver();
  const notifier = new SmtpNotifier({ url: receiver.url, from: 'qloop@plant.local', to: ['qa-shift@plant.local'] });
  return {
    notifier,
    delivered: async () => receiver.messages.map((m) => notificationFromMail(m.data)),
    close: async () => {
      notifier.close();
      await receiver.close();
    },
  };
});

describe('notifier channel details', () => {
  it('Teams gets an Adaptive Card 1.4 with an Attention title for a critical notification and an OpenUrl button', async () => {
    const receiver = await startHttpReceiver();
    await new TeamsNotifier({ url: receiver.url }).notify(SAMPLE_NOTIFICATION);
    const [request] = receiver.requests;
    assert.equal(request?.headers['content-type'], 'application/json');
    const card = JSON.parse(request?.body ?? '{}').attachments[0].content;
    assert.equal(card.type, 'AdaptiveCard');
    assert.equal(card.version, '1.4');
    assert.equal(card.body[0].color, 'Attention');
    assert.deepEqual(card.actions, [{ type: 'Action.OpenUrl', title: 'Open in qloop', url: SAMPLE_NOTIFICATION.link }]);
    await receiver.close();
  });

  it('Slack escapes <, > and & in mrkdwn and keeps a plain-text fallback', async () => {
    const receiver = await startHttpReceiver();
    await new SlackNotifier({ url: receiver.url }).notify({ ...SAMPLE_NOTIFICATION, summary: 'RS < 0.05 & pH > 7.5' });
    const message = JSON.parse(receiver.requests[0]?.body ?? '{}');
    assert.match(message.blocks[1].text.text, /RS &lt; 0\.05 &amp; pH &gt; 7\.5/);
    assert.match(message.text, /^Hold proposed for LOT-XYZ789: RS < 0.05/);
    await receiver.close();
  });

  it('the mail goes to every recipient with the critical tag in the subject', async () => {
    const receiver = await startSmtpReceiver();
    const notifier = new SmtpNotifier({ url: receiver.url, from: 'qloop@plant.local', to: ['qa-shift@plant.local', 'qa-lead@plant.local'] });
    const receipt = await notifier.notify(SAMPLE_NOTIFICATION);
    assert.equal(receipt.delivered, true, receipt.error);
    assert.deepEqual(receiver.messages[0]?.to, ['qa-shift@plant.local', 'qa-lead@plant.local']);
    assert.equal(receiver.messages[0]?.from, 'qloop@plant.local');
    assert.match(receiver.messages[0]?.data ?? '', /^Subject: \[qloop CRITICAL\] Hold proposed for LOT-XYZ789$/m);
    notifier.close();
    await receiver.close();
  });

  it('a refused or unreachable webhook is a receipt with the reason, never a throw', async () => {
    const receiver = await startHttpReceiver();
    receiver.respondWith(400, 'invalid_payload');
    const refused = await new SlackNotifier({ url: receiver.url }).notify(SAMPLE_NOTIFICATION);
    assert.equal(refused.delivered, false);
    assert.match(refused.error ?? '', /answered 400: invalid_payload/);
    await receiver.close();
    const unreachable = await new TeamsNotifier({ url: receiver.url, timeoutMs: 2000 }).notify(SAMPLE_NOTIFICATION);
    assert.equal(unreachable.delivered, false);
    assert.match(unreachable.error ?? '', /^teams webhook: request failed \(ECONNREFUSED\)$/);
    assert.doesNotMatch(unreachable.error ?? '', /127\.0\.0\.1/, 'the webhook URL is a secret and stays out of the error');
  });

  it('a webhook that takes the post and never answers is given up after the timeout, for both channels', async () => {
    const receiver = await startHttpReceiver();
    receiver.stall();
    const receipts = await Promise.all([
      new TeamsNotifier({ url: receiver.url, timeoutMs: 300 }).notify(SAMPLE_NOTIFICATION),
      new SlackNotifier({ url: receiver.url, timeoutMs: 300 }).notify(SAMPLE_NOTIFICATION),
    ]);
    assert.equal(receiver.requests.length, 2);
    assert.deepEqual(receipts, [
      { channel: 'teams', delivered: false, error: 'teams webhook: no answer within 300 ms' },
      { channel: 'slack', delivered: false, error: 'slack webhook: no answer within 300 ms' },
    ]);
    await receiver.close();
  });

  it('Teams names itself in a refusal too', async () => {
    const receiver = await startHttpReceiver();
    receiver.respondWith(500, 'Microsoft Teams endpoint error');
    const refused = await new TeamsNotifier({ url: receiver.url }).notify(SAMPLE_NOTIFICATION);
    assert.deepEqual(refused, { channel: 'teams', delivered: false, error: 'teams webhook answered 500: Microsoft Teams endpoint error' });
    await receiver.close();
  });

  it('an SMTP server that is gone is a receipt with the reason', async () => {
    const receiver = await startSmtpReceiver();
    await receiver.close();
    const notifier = new SmtpNotifier({ url: receiver.url, from: 'qloop@plant.local', to: ['qa@plant.local'], timeoutMs: 2000 });
    const receipt = await notifier.notify(SAMPLE_NOTIFICATION);
    assert.equal(receipt.delivered, false);
    assert.match(receipt.error ?? '', /^SMTP: /);
    notifier.close();
  });

  it('a webhook URL with user:password@ is refused before any request; neither the receipt nor the log line names the URL or the password', async () => {
    const receiver = await startHttpReceiver();
    const url = receiver.url.replace('http://', 'http://qa-bot:SECRETPASS@') + '/webhookb2/T0K3N-SECRET-PATH';
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } }));
    const dispatcher = new NotificationDispatcher([new TeamsNotifier({ url }), new SlackNotifier({ url })], logger);
    dispatcher.dispatch(SAMPLE_NOTIFICATION);
    await dispatcher.settled();
    assert.equal(receiver.requests.length, 0, 'nothing was sent');
    assert.equal(lines.length, 2, 'each channel logged its failure');
    for (const line of lines) {
      assert.match(JSON.parse(line).error, /^(teams|slack) webhook: the URL carries user credentials \(user:password@\); refused, nothing sent$/);
      assert.doesNotMatch(line, /SECRETPASS|qa-bot|T0K3N|127\.0\.0\.1/);
    }
    await receiver.close();
  });

  it('a refusal whose text echoes the webhook URL or its token is reported by status alone', async () => {
    const receiver = await startHttpReceiver();
    const url = `${receiver.url}/services/T0/B0/xoxwebhooksecret42`;
    receiver.respondWith(404, `No webhook at ${url}`);
    const echoed = await new SlackNotifier({ url }).notify(SAMPLE_NOTIFICATION);
    assert.equal(echoed.error, 'slack webhook answered 404 (its text withheld: not a plain phrase, or it names part of the webhook URL)');
    receiver.respondWith(403, 'invalid token xoxwebhooksecret42');
    const token = await new SlackNotifier({ url }).notify(SAMPLE_NOTIFICATION);
    assert.doesNotMatch(token.error ?? '', /xoxwebhooksecret42/);
    assert.match(token.error ?? '', /^slack webhook answered 403 \(its text withheld/);
    await receiver.close();
  });

  it('an SMTP server that echoes the AUTH exchange in its refusal: the receipt has the codes, never the credentials', async () => {
    // A server that repeats the client's AUTH line (base64 of user and password) in its 535 reply.
    const server = net.createServer((socket) => {
      socket.write('220 mail.plant.local ESMTP\r\n');
      let buffer = '';
      socket.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let eol = buffer.indexOf('\r\n'); eol >= 0; eol = buffer.indexOf('\r\n')) {
          const line = buffer.slice(0, eol);
          buffer = buffer.slice(eol + 2);
          const verb = line.slice(0, 4).toUpperCase();
          socket.write(verb === 'EHLO' ? '250-mail.plant.local\r\n250 AUTH PLAIN LOGIN\r\n' : verb === 'AUTH' ? `535 5.7.8 Authentication failed: ${line}\r\n` : '502 5.5.2 no\r\n');
        }
      });
      socket.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const notifier = new SmtpNotifier({ url: `smtp://qa-mailer:SECRETPASS@127.0.0.1:${port}`, from: 'qloop@plant.local', to: ['qa@plant.local'], timeoutMs: 2000 });
    const receipt = await notifier.notify(SAMPLE_NOTIFICATION);
    notifier.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.equal(receipt.delivered, false);
    assert.equal(receipt.error, 'SMTP: EAUTH 535 5.7.8 on AUTH PLAIN');
    const base64 = Buffer.from('\0qa-mailer\0SECRETPASS').toString('base64');
    assert.doesNotMatch(receipt.error ?? '', new RegExp(`SECRETPASS|qa-mailer|${base64.slice(0, 12)}`));
  });

  it('an SMTP server that is not there: the code and the errno, no address', async () => {
    const receiver = await startSmtpReceiver();
    await receiver.close();
    const notifier = new SmtpNotifier({ url: receiver.url.replace('smtp://', 'smtp://qa-mailer:SECRETPASS@'), from: 'qloop@plant.local', to: ['qa@plant.local'], timeoutMs: 2000 });
    const receipt = await notifier.notify(SAMPLE_NOTIFICATION);
    notifier.close();
    assert.equal(receipt.error, 'SMTP: ESOCKET (ECONNREFUSED) on CONN');
  });
});
