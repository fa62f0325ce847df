// What a failed notification may say in a receipt (and so in the operations log): built from a
// whitelist of fields, never from an error's message. A chat webhook's URL is its secret (the
// path carries the token, or user:password sits in it), fetch puts the URL in some messages, and
// an SMTP server may echo the AUTH exchange (base64 of user and password) in its refusal, which
// nodemailer copies into its message. So: the HTTP status, a cause or errno code, the SMTP reply
// code and command, and a vendor's refusal text only when it is a short plain phrase that
// contains no part of the URL.

/** Codes are identifiers (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT, ERR_TLS_CERT_ALTNAME_INVALID), never text. */
const CODE = /^[A-Z][A-Z0-9_]{1,60}$/;

/** The system errors worth naming that nodemailer leaves only in its message (its own code is ESOCKET or EDNS). */
const ERRNO_IN_MESSAGE = ['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID'];

/** SMTP command names as nodemailer reports them ("AUTH PLAIN", "RCPT TO", "CONN"); arguments are dropped. */
const SMTP_VERBS = new Set(['CONN', 'EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT', 'API']);
const SMTP_VERB_ARGS = new Set(['PLAIN', 'LOGIN', 'XOAUTH2', 'CRAM-MD5', 'FROM', 'TO']);

/** A vendor's refusal phrase ("invalid_payload", "no_service", "Microsoft Teams endpoint error"). */
const PLAIN_PHRASE = /^[A-Za-z0-9 _.,;:'()-]{1,120}$/;

interface ErrorFields {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: { code?: unknown };
  responseCode?: unknown;
  command?: unknown;
  response?: unknown;
}

const codeOf = (value: unknown): string | undefined => (typeof value === 'string' && CODE.test(value) ? value : undefined);

/** True when the URL has user:password@ (fetch refuses it; worse, it is a credential in the config). */
export function hasUserinfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/** Why a webhook post failed before any answer: a timeout, or the cause code fetch (undici) gives. */
export function webhookFailureText(err: unknown, timeoutMs: number): string {
  const error = (err ?? {}) as ErrorFields;
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = codeOf(error.cause?.code) ?? codeOf(error.code);
  const kind = typeof error.name === 'string' && /^[A-Za-z]{1,40}$/.test(error.name) ? error.name : 'Error';
  return `request failed (${code ?? kind})`;
}

/** A webhook's refusal: its status, and its body only when it is a plain phrase holding no part of the URL. */
export function webhookRefusalText(status: number, body: string, url: string): string {
  const phrase = body.trim();
  if (!phrase) return `answered ${status}`;
  const secrets = urlSecrets(url);
  const safe = PLAIN_PHRASE.test(phrase) && !secrets.some((secret) => phrase.toLowerCase().includes(secret.toLowerCase()));
  return safe ? `answered ${status}: ${phrase}` : `answered ${status} (its text withheld: not a plain phrase, or it names part of the webhook URL)`;
}

/** The parts of a URL that may be its secret: user, password, path segments and query values of 6+ characters. */
function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    const parts = [parsed.username, parsed.password, ...parsed.pathname.split('/'), ...[...parsed.searchParams.values()]].map((p) => decodeURIComponent(p));
    return parts.filter((p) => p.length >= 6);
  } catch {
    return [];
  }
}

/** Why an SMTP send failed: nodemailer's code, the reply code and enhanced status, the command, a named errno. */
export function smtpFailureText(err: unknown): string {
  const error = (err ?? {}) as ErrorFields;
  const parts: string[] = [];
  const code = codeOf(error.code);
  if (code) parts.push(code);
  if (typeof error.responseCode === 'number' && Number.isInteger(error.responseCode)) parts.push(String(error.responseCode));
  const enhanced = typeof error.response === 'string' ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(error.response)?.[1] : undefined;
  if (enhanced) parts.push(enhanced);
  const message = typeof error.message === 'string' ? error.message : '';
  const errno = ERRNO_IN_MESSAGE.find((name) => new RegExp(`\\b${name}\\b`).test(message));
  if (errno && errno !== code) parts.push(`(${errno})`);
  const command = smtpCommand(error.command);
  if (command) parts.push(`on ${command}`);
  return parts.length ? parts.join(' ') : 'send failed (no error code)';
}

function smtpCommand(command: unknown): string | undefined {
  if (typeof command !== 'string') return undefined;
  const [verb, arg] = command.trim().split(/\s+/);
  if (!verb || !SMTP_VERBS.has(verb.toUpperCase())) return undefined;
  return arg && SMTP_VERB_ARGS.has(arg.toUpperCase()) ? `${verb.toUpperCase()} ${arg.toUpperCase()}` : verb.toUpperCase();
}
