// The only module that reads process.env (STYLE.md habit 5): every key has a schema, a
// default and a one-line doc; a bad value stops the start with a list of every bad key.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseRollout } from './domain/proposals/rollout';

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])], { error: 'expected true or false' }).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(min).max(max);
// A comma-separated list; `none` is the empty list (an empty variable means "use the default").
const list = z.union([z.array(z.string()), z.string()]).transform((v) => (Array.isArray(v) ? v : v.trim() === 'none' ? [] : v.split(',').map((s) => s.trim()).filter(Boolean)));

// A chat webhook URL is itself the secret; user:password@ in it would be a second one that fetch
// refuses and echoes into its error (and from there into the log).
const webhookUrl = z.union([
  z.literal(''),
  z.url({ error: 'expected a URL like https://hooks.slack.com/services/…' }).refine((u) => !URL.canParse(u) || ((url: URL) => !url.username && !url.password)(new URL(u)), 'must not carry user:password@ (the webhook URL itself is the credential)'),
]);

interface KeySpec<T extends z.ZodType> {
  env: string;
  schema: T;
  default: z.input<T>;
  doc: string;
}
const key = <T extends z.ZodType>(env: string, schema: T, dflt: z.input<T>, doc: string): KeySpec<T> => ({ env, schema, default: dflt, doc });

/** Every configuration key: docs/configuration.md lists them all (a test keeps it so). */
export const CONFIG_KEYS = {
  port: key('QLOOP_PORT', int(0, 65535), 8080, 'HTTP and socket.io port; 0 picks a free one.'),
  host: key('QLOOP_HOST', z.string().min(1), '0.0.0.0', 'Interface to listen on (0.0.0.0 serves the plant network; 127.0.0.1 only this machine).'),
  dataDir: key('QLOOP_DATA_DIR', z.string().min(1), 'data/runtime', 'Folder for the SQLite database, the document index and generated secrets.'),
  plant: key('QLOOP_PLANT', z.string().min(1), 'data/plant/demo-plant.json', 'Plant dataset (JSON, docs/plant-data.md) served by the in-process LIMS and MES.'),
  demo: key('QLOOP_DEMO', bool, true, 'Demo mode: creates demo users (printed at start) and logs the demo terminal page in.'),
  logLevel: key('QLOOP_LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info', 'Operations log level (pino, JSON lines on stdout).'),
  dbSynchronous: key('QLOOP_DB_SYNCHRONOUS', z.enum(['FULL', 'NORMAL']), 'FULL', 'SQLite synchronous mode: FULL survives power loss, NORMAL only a process crash.'),
  jwtSecret: key('QLOOP_JWT_SECRET', z.string(), '', 'Token signing secret (32+ characters); empty generates one and keeps it in the data folder.'),
  auditKey: key('QLOOP_AUDIT_KEY', z.string(), '', 'HMAC key of the audit hash chain (32+ characters); empty generates one in the data folder. Keep it apart from database backups.'),
  tokenTtlSeconds: key('QLOOP_TOKEN_TTL_SECONDS', int(60, 7 * 24 * 3600), 12 * 3600, 'Lifetime of a login token (one shift by default).'),
  lockoutThreshold: key('QLOOP_LOCKOUT_THRESHOLD', int(1, 100), 5, 'Consecutive failed logins that lock an account.'),
  lockoutMinutes: key('QLOOP_LOCKOUT_MINUTES', int(1, 7 * 24 * 60), 30, 'How long a locked account stays locked (an admin can unlock earlier).'),
  allowedOrigins: key('QLOOP_ALLOWED_ORIGINS', list, [], 'Extra origins (MES screens) allowed to embed the widget and open sockets; the server itself is always allowed.'),
  webhookSecret: key('QLOOP_WEBHOOK_SECRET', z.string().trim(), '', 'HMAC secret the LIMS signs its webhook posts with (shared with the LIMS; 32+ characters, surrounding spaces dropped). Required when QLOOP_DEMO=false or a LIMS URL key (QLOOP_SENAITE_URL, QLOOP_GENERIC_LIMS_URL, QLOOP_POLLING_LIMS_URL) is set (a site that only polls its LIMS sets a random one it shares with nobody: the webhook then accepts nothing); empty accepts unsigned posts, in the demo on the simulated LIMS only.'),
  shutdownGraceMs: key('QLOOP_SHUTDOWN_GRACE_MS', int(0, 120_000), 10_000, 'On SIGTERM, how long open requests may finish before the process exits.'),
  model: key('QLOOP_MODEL', z.enum(['deterministic', 'openai', 'llamacpp']), 'deterministic', 'Copilot chat model: deterministic (offline default), openai (any OpenAI-compatible endpoint) or llamacpp.'),
  openaiBaseUrl: key('QLOOP_OPENAI_BASE_URL', z.url({ error: 'expected a URL like https://api.openai.com/v1' }), 'https://api.openai.com/v1', 'With QLOOP_MODEL=openai: the OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama http://localhost:11434/v1, a llama.cpp server).'),
  openaiApiKey: key('QLOOP_OPENAI_API_KEY', z.string(), '', 'With QLOOP_MODEL=openai: the API key (local servers accept any or none).'),
  openaiModel: key('QLOOP_OPENAI_MODEL', z.string().min(1), 'gpt-4o-mini', 'With QLOOP_MODEL=openai: the chat model name the endpoint serves.'),
  llamacppModel: key('QLOOP_LLAMACPP_MODEL', z.string(), '', 'With QLOOP_MODEL=llamacpp: path of a GGUF chat model (needs the optional package node-llama-cpp).'),
  embeddings: key('QLOOP_EMBEDDINGS', z.enum(['hash', 'openai', 'llamacpp']), 'hash', 'Document embeddings: hash (offline default), openai or llamacpp.'),
  embeddingsBaseUrl: key('QLOOP_EMBEDDINGS_BASE_URL', z.url({ error: 'expected a URL like https://api.openai.com/v1' }), 'https://api.openai.com/v1', 'With QLOOP_EMBEDDINGS=openai: the OpenAI-compatible endpoint serving /embeddings.'),
  embeddingsModel: key('QLOOP_EMBEDDINGS_MODEL', z.string().min(1), 'text-embedding-3-small', 'With QLOOP_EMBEDDINGS=openai: the embedding model name.'),
  embeddingsApiKey: key('QLOOP_EMBEDDINGS_API_KEY', z.string(), '', 'With QLOOP_EMBEDDINGS=openai: the API key (local servers accept any or none).'),
  embeddingsModelPath: key('QLOOP_EMBEDDINGS_GGUF', z.string(), '', 'With QLOOP_EMBEDDINGS=llamacpp: path of a local GGUF embedding model (needs node-llama-cpp).'),
  startupDocuments: key('QLOOP_STARTUP_DOCUMENTS', list, ['sops'], 'Files, folders or globs ingested in the background at every start (unchanged files are skipped, so only the first run does work); `none` for none.'),
  askPerMinute: key('QLOOP_ASK_PER_MINUTE', int(1, 600), 12, 'Copilot questions one user may ask per minute (over all their screens); more get a RATE_LIMITED reply.'),
  socketEventsPerMinute: key('QLOOP_SOCKET_EVENTS_PER_MINUTE', int(10, 10_000), 120, 'Widget events of any kind (ask, decide, acknowledge, history) one user may send per minute.'),
  rollout: key('QLOOP_ROLLOUT', z.string().superRefine(rolloutProblem), 'assist', 'Rollout modes of the result loop: a default mode (observe, assist or auto), then PRODUCT=mode, PRODUCT/TEST=mode or rule:RULE=mode, separated by ";" (docs/watcher-and-decisions.md).'),
  rolloutAutoKinds: key('QLOOP_ROLLOUT_AUTO', list.pipe(z.array(z.enum(['hold', 'review', 'deviation', 'setpoint'], { error: 'expected hold, review, deviation or setpoint (a release is never automatic)' }))), ['hold'], 'What auto mode may approve without a signature (comma-separated); a release never.'),
  webhookWindowSeconds: key('QLOOP_WEBHOOK_WINDOW_SECONDS', int(10, 3600), 300, 'Replay window of signed LIMS webhooks: a timestamp further than this from the server time is refused.'),
  guidanceWording: key('QLOOP_GUIDANCE_WORDING', z.enum(['deterministic', 'llm']), 'deterministic', 'Alert guidance: deterministic text only (default), or llm: the copilot\'s OpenAI-compatible model (QLOOP_MODEL=openai) rewords it after the deterministic text is sent; the model sees facts and LIMS strings only as slots and rewords only sentences without a verdict, direction, negation, action or condition (those are kept word for word); a rewording that changes a fact, adds such a word, or runs over 1.5 times the length, is discarded (docs/watcher-and-decisions.md).'),
  limsPollMs: key('QLOOP_LIMS_POLL_MS', int(0, 3_600_000), 5000, 'How often the LIMS is polled for finalized results (cursor kept across restarts); 0 turns polling off (webhook only).'),
  proposalTtlHours: key('QLOOP_PROPOSAL_TTL_HOURS', int(1, 24 * 30), 24, 'How long a proposal waits for a decision before it expires.'),
  outboxMaxAttempts: key('QLOOP_OUTBOX_MAX_ATTEMPTS', int(1, 100), 6, 'MES calls per approved action before it goes to the dead letter and QA is alerted.'),
  outboxRetryMs: key('QLOOP_OUTBOX_RETRY_MS', int(10, 600_000), 1000, 'First retry delay of a failed MES call; it doubles on each attempt (with jitter, capped at 60 s).'),
  publicUrl: key('QLOOP_PUBLIC_URL', z.union([z.literal(''), z.url({ error: 'expected a URL like https://qloop.plant.local' })]), '', 'Address people reach qloop at, for links in notifications; empty uses the server address.'),
  teamsWebhookUrl: key('QLOOP_TEAMS_WEBHOOK_URL', webhookUrl, '', 'Microsoft Teams incoming webhook (or Workflows) URL for QA notifications; empty sends none; no user:password@ in it. A secret.'),
  slackWebhookUrl: key('QLOOP_SLACK_WEBHOOK_URL', webhookUrl, '', 'Slack incoming webhook URL for QA notifications; empty sends none; no user:password@ in it. A secret.'),
  smtpUrl: key('QLOOP_SMTP_URL', z.union([z.literal(''), z.string().regex(/^smtps?:\/\//, 'expected smtp://user:password@host:port or smtps://...')]), '', 'SMTP server for QA e-mail notifications (smtp://user:password@host:587); empty sends none. A secret.'),
  notifyEmailFrom: key('QLOOP_NOTIFY_EMAIL_FROM', z.string().min(3), 'qloop@localhost', 'Sender address of notification e-mails.'),
  notifyEmailTo: key('QLOOP_NOTIFY_EMAIL_TO', list, [], 'Recipients of notification e-mails (comma-separated), e.g. the QA shift mailbox.'),
  lims: key('QLOOP_LIMS', z.enum(['in-process', 'senaite', 'generic-rest', 'polling']), 'in-process', 'LIMS adapter: in-process (demo data in memory), senaite (senaite.jsonapi), generic-rest (reference REST API) or polling (site REST endpoint + field mapping: LabWare, LabVantage, SampleManager). docs/integrations/.'),
  mes: key('QLOOP_MES', z.enum(['in-process', 'sap-dm', 'plex', 'opcenter', 'generic-rest']), 'in-process', 'MES adapter: in-process, sap-dm (SAP Digital Manufacturing), plex (Plex Connect), opcenter (Opcenter EX Foundation) or generic-rest (reference hold API). docs/integrations/.'),
  simulators: key('QLOOP_SIMULATORS', bool, true, 'In demo mode, start the vendor simulator of the chosen LIMS/MES on a free port when its URL key is empty, and connect to it over HTTP.'),
  simFaults: key('QLOOP_SIM_FAULTS', z.string(), '', 'Faults of the started simulators, JSON, e.g. {"rate429":0.1,"rate503":0.1,"rateTimeout":0.05} (docs/integrations/simulators.md).'),
  simTokenSeconds: key('QLOOP_SIM_TOKEN_SECONDS', int(5, 86_400), 300, 'Lifetime of the tokens the started simulators issue (SAP DM, Opcenter, SENAITE JWT).'),
  setpointWriter: key('QLOOP_SETPOINT_WRITER', z.enum(['auto', 'simulated', 'none']), 'auto', 'Control layer of approved setpoint changes: simulated (a simulated PLC on the simulated MES\'s equipment: demo only, with QLOOP_MES=in-process or a vendor simulator qloop starts; refused when the MES URL key is set), none (the approval goes to the dead letter and QA is alerted) or auto (simulated when the demo runs on a simulated MES, none otherwise). docs/integrations/setpoint.md.'),
  vendorTimeoutMs: key('QLOOP_VENDOR_TIMEOUT_MS', int(100, 300_000), 10_000, 'Per-attempt timeout of LIMS and MES calls.'),
  vendorMaxElapsedMs: key('QLOOP_VENDOR_MAX_ELAPSED_MS', int(1_000, 3_600_000), 60_000, 'How long a LIMS or MES read keeps retrying (backoff with jitter, Retry-After honoured) before it fails.'),
  senaiteUrl: key('QLOOP_SENAITE_URL', z.string(), '', 'With QLOOP_LIMS=senaite: the JSON API base, e.g. https://lims.example/senaite/@@API/senaite/v1.'),
  senaiteUser: key('QLOOP_SENAITE_USER', z.string(), '', 'With QLOOP_LIMS=senaite: the API user (a lab clerk with read access).'),
  senaitePassword: key('QLOOP_SENAITE_PASSWORD', z.string(), '', 'With QLOOP_LIMS=senaite: that user\'s password. A secret.'),
  senaiteAuth: key('QLOOP_SENAITE_AUTH', z.enum(['jwt', 'basic']), 'jwt', 'SENAITE authentication: jwt (/login token, renewed before it expires) or basic (credentials on every call).'),
  senaiteLotField: key('QLOOP_SENAITE_LOT_FIELD', z.enum(['getBatchID', 'getClientSampleID']), 'getBatchID', 'Sample field that carries the MES lot number: the Batch or the Client Sample ID.'),
  senaiteRangeQuery: key('QLOOP_SENAITE_RANGE_QUERY', bool, true, 'Poll SENAITE with a modified-date range query (ZPublisher record); false reads the result list from the start each poll.'),
  genericLimsUrl: key('QLOOP_GENERIC_LIMS_URL', z.string(), '', 'With QLOOP_LIMS=generic-rest: base URL of the LIMS REST API speaking the reference payload.'),
  genericLimsToken: key('QLOOP_GENERIC_LIMS_TOKEN', z.string(), '', 'With QLOOP_LIMS=generic-rest: bearer token. A secret.'),
  pollingLimsUrl: key('QLOOP_POLLING_LIMS_URL', z.string(), '', 'With QLOOP_LIMS=polling: base URL of the site LIMS endpoint.'),
  pollingLimsMapping: key('QLOOP_POLLING_LIMS_MAPPING', z.string(), '', 'With QLOOP_LIMS=polling: the endpoint and field mapping, JSON text or a path to a .json file (docs/integrations/polling-lims.md); empty uses the LabWare transfer-table example.'),
  sapDmUrl: key('QLOOP_SAP_DM_URL', z.string(), '', 'With QLOOP_MES=sap-dm: API host, e.g. https://api.eu20.dmc.cloud.sap.'),
  sapDmTokenUrl: key('QLOOP_SAP_DM_TOKEN_URL', z.string(), '', 'With QLOOP_MES=sap-dm: XSUAA token URL (…/oauth/token).'),
  sapDmClientId: key('QLOOP_SAP_DM_CLIENT_ID', z.string(), '', 'With QLOOP_MES=sap-dm: OAuth client id of the service key.'),
  sapDmClientSecret: key('QLOOP_SAP_DM_CLIENT_SECRET', z.string(), '', 'With QLOOP_MES=sap-dm: OAuth client secret. A secret.'),
  sapDmPlant: key('QLOOP_SAP_DM_PLANT', z.string().max(6, 'an SAP plant has at most 6 characters'), 'RVP1', 'With QLOOP_MES=sap-dm: the SAP plant (6 characters at most).'),
  sapDmHold: key('QLOOP_SAP_DM_HOLD', z.enum(['nc-code', 'hold-api']), 'nc-code', 'SAP DM hold strategy: nc-code (log an NC whose code has an IMMEDIATE_HOLD disposition, close it to release) or hold-api (a tenant hold API).'),
  sapDmHoldNcCode: key('QLOOP_SAP_DM_HOLD_NC_CODE', z.string().min(1).max(16), 'QLOOP_HOLD', 'With the nc-code strategy: the NC code whose disposition holds the SFC (16 characters at most).'),
  plexUrl: key('QLOOP_PLEX_URL', z.string(), '', 'With QLOOP_MES=plex: https://connect.plex.com (or https://test.connect.plex.com).'),
  plexApiKey: key('QLOOP_PLEX_API_KEY', z.string(), '', 'With QLOOP_MES=plex: the X-Plex-Connect-Api-Key consumer key. A secret.'),
  plexCustomerId: key('QLOOP_PLEX_CUSTOMER_ID', z.string(), '', 'With QLOOP_MES=plex: X-Plex-Connect-Customer-Id (PCN) when the key serves several tenants; empty sends none.'),
  plexCallsPerMinute: key('QLOOP_PLEX_CALLS_PER_MINUTE', int(1, 10_000), 180, 'Client-side budget of Plex calls per minute (Plex allows about 200).'),
  opcenterUrl: key('QLOOP_OPCENTER_URL', z.string(), '', 'With QLOOP_MES=opcenter: server root; /sit-auth and /sit-svc are appended.'),
  opcenterClientId: key('QLOOP_OPCENTER_CLIENT_ID', z.string(), '', 'With QLOOP_MES=opcenter: UAF OAuth client id.'),
  opcenterClientSecret: key('QLOOP_OPCENTER_CLIENT_SECRET', z.string(), '', 'With QLOOP_MES=opcenter: UAF OAuth client secret. A secret.'),
  opcenterUser: key('QLOOP_OPCENTER_USER', z.string(), '', 'With QLOOP_MES=opcenter: the service user as DOMAIN\\user.'),
  opcenterPassword: key('QLOOP_OPCENTER_PASSWORD', z.string(), '', 'With QLOOP_MES=opcenter: that user\'s password. A secret.'),
  opcenterModel: key('QLOOP_OPCENTER_MODEL', z.string(), '', 'With QLOOP_MES=opcenter: JSON overriding app, entity and command names (docs/integrations/opcenter.md); empty uses the defaults.'),
  genericMesUrl: key('QLOOP_GENERIC_MES_URL', z.string(), '', 'With QLOOP_MES=generic-rest: base URL of the MES REST API (POST …/work-orders/hold).'),
  genericMesToken: key('QLOOP_GENERIC_MES_TOKEN', z.string(), '', 'With QLOOP_MES=generic-rest: bearer token. A secret.'),
} as const;

/** Keys whose value is a secret (the same rule `qloop config` redacts by). */
const SECRET_KEY = /(secret|key|password|token)$|^smtpUrl$|WebhookUrl$/i;

/** The URL key of each external LIMS adapter: any set, qloop may hear from a LIMS it did not start. */
export const LIMS_URL_KEYS = { senaite: 'senaiteUrl', 'generic-rest': 'genericLimsUrl', polling: 'pollingLimsUrl' } as const satisfies Record<string, keyof typeof CONFIG_KEYS>;

/** The URL key of each external MES: set, qloop talks to an MES it did not start. */
export const MES_URL_KEYS = { 'sap-dm': 'sapDmUrl', plex: 'plexUrl', opcenter: 'opcenterUrl', 'generic-rest': 'genericMesUrl' } as const satisfies Record<string, keyof typeof CONFIG_KEYS>;

function rolloutProblem(text: string, ctx: z.RefinementCtx): void {
  try {
    parseRollout(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
}

type Keys = typeof CONFIG_KEYS;
export type Config = Readonly<{ [K in keyof Keys]: z.output<Keys[K]['schema']> }>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  env?: Record<string, string | undefined>;
  /** Overrides from code (tests, CLI flags); win over env and file. */
  overrides?: Partial<{ [K in keyof Keys]: z.input<Keys[K]['schema']> }>;
}

/** Reads QLOOP_CONFIG (a JSON file of camelCase keys), then QLOOP_* variables, then overrides. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const problems: string[] = [];
  let file: Record<string, unknown> = {};
  const filePath = env.QLOOP_CONFIG;
  if (filePath) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(path.resolve(filePath), 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
      file = parsed as Record<string, unknown>;
      for (const name of Object.keys(file)) if (!(name in CONFIG_KEYS)) problems.push(`${name} (in ${filePath}): unknown key`);
    } catch (err) {
      problems.push(`QLOOP_CONFIG: cannot read ${filePath}: ${(err as Error).message}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(CONFIG_KEYS) as [keyof Keys, KeySpec<z.ZodType>][]) {
    const override = sources.overrides?.[name];
    const fromEnv = env[spec.env];
    const [raw, where] =
      override !== undefined ? [override, `${name} (override)`]
      : fromEnv !== undefined && fromEnv !== '' ? [fromEnv, spec.env]
      : name in file ? [file[name], `${name} (in ${filePath})`]
      : [spec.default, spec.env];
    const result = spec.schema.safeParse(raw);
    if (result.success) out[name] = result.data;
    // A secret's value never goes into the message: it would be printed at start and logged.
    else problems.push(`${where}: ${result.error.issues.map((i) => i.message).join('; ')}${SECRET_KEY.test(name) ? ' (value withheld: a secret)' : ` (got ${JSON.stringify(raw)})`}`);
  }
  if (out.jwtSecret && String(out.jwtSecret).length < 32) problems.push('QLOOP_JWT_SECRET: must be at least 32 characters');
  if (out.auditKey && String(out.auditKey).length < 32) problems.push('QLOOP_AUDIT_KEY: must be at least 32 characters');
  // GxP: outside the demo, or next to an MES at a URL (a real one, or a simulator qloop did not
  // start and cannot read the floor of), a simulated PLC would confirm setpoint changes that no
  // machine received.
  if (out.setpointWriter === 'simulated' && out.demo === false) problems.push('QLOOP_SETPOINT_WRITER: simulated needs QLOOP_DEMO=true (a simulated PLC must not confirm real setpoint changes); use none until a real control-layer writer exists');
  const mesUrlKey = out.mes === 'in-process' ? undefined : MES_URL_KEYS[out.mes as Exclude<Config['mes'], 'in-process'>];
  if (out.setpointWriter === 'simulated' && mesUrlKey && out[mesUrlKey]) {
    problems.push(`QLOOP_SETPOINT_WRITER: simulated cannot run next to the MES at ${CONFIG_KEYS[mesUrlKey].env} (a simulated PLC would confirm setpoint changes no machine received); use none, or leave ${CONFIG_KEYS[mesUrlKey].env} empty so the demo starts its own MES simulator`);
  }
  // GxP: an unsigned webhook could post, or retract, any result. Outside the demo, and next to a
  // LIMS at a URL (the demo defaults to true, so QLOOP_DEMO alone does not mark a real site), a
  // secret is required; a short one is guessable, so any secret set has 32+ characters.
  const limsUrlKey = Object.values(LIMS_URL_KEYS).find((name) => typeof out[name] === 'string' && (out[name] as string).trim() !== '');
  const secret = typeof out.webhookSecret === 'string' ? out.webhookSecret : '';
  const secretNeeded = out.demo === false ? 'QLOOP_DEMO=false' : limsUrlKey ? `${CONFIG_KEYS[limsUrlKey].env} is set` : undefined;
  if (secretNeeded && secret === '') problems.push(`QLOOP_WEBHOOK_SECRET: required when ${secretNeeded} (without it the LIMS webhook accepts unsigned posts, which can enter or retract results); set the secret the LIMS signs with, or a random one of 32+ characters when the site only polls its LIMS`);
  else if (secret !== '' && secret.length < 32) problems.push(`QLOOP_WEBHOOK_SECRET: must be at least 32 characters (has ${secret.length} after trimming spaces; value withheld: a secret)`);
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(out) as Config;
}
