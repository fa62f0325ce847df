// Local receivers for notification tests (never the network): an HTTP server that records webhook
// posts (Teams, Slack) and a minimal SMTP server on node:net that records mail, plus readers that
// turn what each channel delivered back into a Notification for the contract suite.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Notification } from '../../server/ports/notifier';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Status (and body) of the next answers; 200 "1" (what Teams answers) by default. */
  respondWith(status: number, body?: string): void;
  /** Take the next requests and never answer them (a webhook endpoint that hangs). */
  stall(): void;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let reply = { status: 200, body: '1' };
  let stalled = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (stalled) return;
      res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(status, body = '') {
      reply = { status, body };
    },
    stall() {
      stalled = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/** Just enough ESMTP (RFC 5321) for nodemailer: EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = '';
    let inData = false;
    let mail: ReceivedMail = { from: '', to: [], data: '' };
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 localhost ESMTP qloop-test-receiver');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          const atStart = buffer.startsWith('.\r\n') ? 0 : -1;
          if (end < 0 && atStart < 0) return;
          const body = atStart === 0 ? '' : buffer.slice(0, end);
          buffer = buffer.slice(atStart === 0 ? 3 : end + 5);
          mail.data = body.split('\r\n').map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
          messages.push(mail);
          mail = { from: '', to: [], data: '' };
          inData = false;
          say('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (verb === 'HELO') say('250 localhost');
        else if (verb === 'MAIL') {
          mail.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          say('250 2.1.0 OK');
        } else if (verb === 'RCPT') {
          mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          say('250 2.1.5 OK');
        } else if (verb === 'DATA') {
          inData = true;
          say('354 end data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET') {
          mail = { from: '', to: [], data: '' };
          say('250 OK');
        } else if (verb === 'NOOP') say('250 OK');
        else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
        } else say('502 5.5.2 command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A Teams Adaptive Card post read back: title, summary text block, fact set, OpenUrl action. */
export function notificationFromTeams(body: string): Notification {
  const card = (JSON.parse(body) as { attachments: Array<{ contentType: string; content: { body: Array<Record<string, unknown>>; actions?: Array<{ url: string }> } }> }).attachments[0];
  if (card?.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error('not an Adaptive Card attachment');
  const blocks = card.content.body;
  const texts = blocks.filter((b) => b.type === 'TextBlock').map((b) => b.text as string);
  const facts = (blocks.find((b) => b.type === 'FactSet')?.facts as Array<{ title: string; value: string }> | undefined) ?? [];
  const color = blocks[0]?.color;
  return {
    subject: texts[0] ?? '',
    summary: texts[1] ?? '',
    severity: color === 'Attention' ? 'critical' : color === 'Warning' ? 'warning' : 'info',
    ...(card.content.actions?.[0] ? { link: card.content.actions[0].url } : {}),
    facts: facts.map((f) => ({ name: f.title, value: f.value })),
  };
}

/** A Slack Block Kit post read back (mrkdwn unescaped). */
export function notificationFromSlack(body: string): Notification {
  const message = JSON.parse(body) as { blocks: Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ url: string }> }> };
  const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const header = message.blocks.find((b) => b.type === 'header');
  const sections = message.blocks.filter((b) => b.type === 'section');
  const summaryText = sections.find((s) => s.text)?.text?.text ?? '';
  const icon = /^(:[a-z_]+:) /.exec(summaryText)?.[1];
  const fields = sections.find((s) => s.fields)?.fields ?? [];
  const link = message.blocks.find((b) => b.type === 'actions')?.elements?.[0]?.url;
  return {
    subject: header?.text?.text ?? '',
    summary: unescape(summaryText.replace(/^:[a-z_]+: /, '')),
    severity: icon === ':red_circle:' ? 'critical' : icon === ':warning:' ? 'warning' : 'info',
    ...(link ? { link } : {}),
    facts: fields.map((f) => {
      const [name, ...rest] = f.text.split('\n');
      return { name: unescape((name ?? '').replace(/^\*|\*$/g, '')), value: unescape(rest.join('\n')) };
    }),
  };
}

/** An e-mail read back from its text/plain part: summary, "Name: value" facts, "Open in qloop:" link. */
export function notificationFromMail(raw: string): Notification {
  const { headers, body } = parseMime(raw);
  const subject = decodeWords(headers.get('subject') ?? '');
  const text = textPart(headers, body);
  const paragraphs = text.replace(/\r\n/g, '\n').trim().split(/\n\n/);
  const linkLine = paragraphs.find((p) => p.startsWith('Open in qloop: '));
  const facts = paragraphs.length > 2 || (paragraphs.length === 2 && !linkLine) ? (paragraphs[1] ?? '').split('\n') : [];
  return {
    subject: subject.replace(/^\[qloop(?: CRITICAL)?\] /, ''),
    summary: paragraphs[0] ?? '',
    severity: subject.startsWith('[qloop CRITICAL]') ? 'critical' : 'info',
    ...(linkLine ? { link: linkLine.slice('Open in qloop: '.length) } : {}),
    facts: facts.map((line) => {
      const at = line.indexOf(': ');
      return { name: line.slice(0, at), value: line.slice(at + 2) };
    }),
  };
}

function parseMime(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers.set(line.slice(0, at).toLowerCase(), line.slice(at + 1).trim());
  }
  return { headers, body: raw.slice(split + 4) };
}

function textPart(headers: Map<string, string>, body: string): string {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return decodeBody(body, headers.get('content-transfer-encoding'));
  for (const part of body.split(`--${boundary}`)) {
    const { headers: partHeaders, body: partBody } = parseMime(part.replace(/^\r\n/, ''));
    const partType = partHeaders.get('content-type') ?? '';
    if (partType.startsWith('text/plain')) return decodeBody(partBody.replace(/\r\n$/, ''), partHeaders.get('content-transfer-encoding'));
    if (partType.startsWith('multipart/')) return textPart(partHeaders, partBody);
  }
  throw new Error('no text/plain part in the mail');
}

function decodeBody(body: string, encoding = '7bit'): string {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const soft = body.replace(/=\r\n/g, '');
    return Buffer.from(soft.replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
  return body;
}

/** RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=). */
function decodeWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}
