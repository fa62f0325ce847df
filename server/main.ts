// Composition root: the only place where config, store, adapters, services and transports
// are wired together (STYLE.md habit 3).
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { Server } from 'socket.io';
import { Accounts } from './auth/accounts';
import { TokenService } from './auth/tokens';
import { UserStore } from './auth/user-store';
import { SqliteAuditLog } from './adapters/audit/sqlite-audit-log';
import { SystemClock } from './adapters/clock/system-clock';
import type { Config } from './config';
import { ensureDemoUsers, type DemoUser } from './demo/demo-users';
import { LabBench } from './demo/lab-bench';
import { demoRoutes } from './demo/routes';
import { createHttpApp } from './http/app';
import { requireAuth } from './http/auth-middleware';
import { createMetrics } from './http/metrics';
import { auditRoutes } from './http/routes/audit';
import { authRoutes } from './http/routes/auth';
import { clientRoutes } from './http/routes/client';
import { healthRoutes } from './http/routes/health';
import { terminalRoutes } from './http/routes/terminals';
import { userRoutes } from './http/routes/users';
import { loadPlant } from './plant/load';
import type { Clock } from './ports/clock';
import { attachCopilotNamespace, type CopilotServer } from './realtime/copilot-namespace';
import { originRefusal } from './realtime/origins';
import type { AlertService, CopilotService, DecisionService, TerminalFeed } from './realtime/services';
import { SocketTerminalFeed } from './realtime/terminal-feed';
import { installationSecret } from './secrets';
import { hmacSha256 } from './adapters/audit/sha256';
import { openDatabase, type Db } from './store/database';
import { connectLims, type LimsConnection, type RecordingLims } from './adapters/lims/connect';
import { connectMes, type MesConnection } from './adapters/mes/connect';
import { mappingRoutes } from './mapping/routes';
import { PlantCatalog } from './plant/catalog';
import type { MesAdapter } from './ports/mes';
import type { Notifier } from './ports/notifier';
import { createResultLoop, type ResultLoop } from './watcher/result-loop';
import { createCopilotService, SqliteConversationStore } from './copilot';
import { createDocsRouter } from './http/docs-routes';
import { openDocumentIndex } from './rag/open';
import { ingestDocuments } from './rag/ingest';
import { VERSION } from './version';

export interface QloopInstance {
  url: string;
  port: number;
  db: Db;
  audit: SqliteAuditLog;
  accounts: Accounts;
  tokens: TokenService;
  io: CopilotServer;
  /** Pushes alerts, proposals and notices to the terminals (rooms per line, role, user). */
  feed: TerminalFeed;
  demoUsers: DemoUser[];
  logger: Logger;
  /** The lab-result loop: inbox, evaluation, proposals, outbox, alerts (server/watcher). */
  resultLoop: ResultLoop;
  /** The simulated LIMS the copilot reads (tests and the demo record lab results into it). */
  lims: RecordingLims;
  /** The LIMS and MES connections (adapters, mapping table, setpoint writer, demo simulators). */
  integrations: { lims: LimsConnection; mes: MesConnection };
  /** Settles when the copilot's background load (LangChain, model, agent) has finished or failed. */
  copilotReady: Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** Tests only: realtime services to use instead of (or before) the real ones. */
  services?: { copilot?: CopilotService; decisions?: DecisionService; alerts?: AlertService };
  /** Tests only: an MES to use instead of the in-process one (e.g. one whose state survives a crash). */
  mes?: MesAdapter;
  /** Tests only: notification channels instead of the configured ones. */
  notifiers?: Notifier[];
}

export async function startQloop(config: Config, options: StartOptions = {}): Promise<QloopInstance> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'qloop' } });
  const clock = options.clock ?? new SystemClock();
  const plant = loadPlant(config.plant);
  const db = openDatabase(config.dataDir, { synchronous: config.dbSynchronous });
  try {
    const audit = new SqliteAuditLog(db, clock, hmacSha256(installationSecret('audit-key', config.auditKey, config.dataDir)));
    const accounts = new Accounts(new UserStore(db), audit, clock, { threshold: config.lockoutThreshold, minutes: config.lockoutMinutes });
    const tokens = new TokenService(installationSecret('jwt-secret', config.jwtSecret, config.dataDir), config.tokenTtlSeconds, clock);
    const limsLink = await connectLims(config, { plant, catalog: new PlantCatalog(plant), clock, logger });
    const mesLink = await connectMes(config, { plant, catalog: new PlantCatalog(plant), clock, logger, db, audit });
    const lims = limsLink.adapter;
    const mes = options.mes ?? mesLink.adapter;
    const lineIds = plant.lines.map((l) => l.id);
    const demoUsers = config.demo ? await ensureDemoUsers(accounts, lineIds) : [];
    const metrics = createMetrics();
    const feed = new SocketTerminalFeed(logger);
    const auth = requireAuth(tokens, accounts);
    let listeningUrl = '';
    const resultLoop = createResultLoop({ config, db, audit, accounts, clock, logger, catalog: new PlantCatalog(plant), lims, mes, idMap: mesLink.idMap, feed, setpoints: mesLink.setpoint, ...(options.notifiers ? { notifiers: options.notifiers } : {}), baseUrl: () => listeningUrl, countWebhookRefusal: (kind) => metrics.webhookRefusals.inc({ kind }) });
    const documents = openDocumentIndex(config, db);
    const copilot = createCopilotService({ config, catalog: new PlantCatalog(plant), lims, mes, audit, conversations: new SqliteConversationStore(db), clock, logger, proposals: resultLoop.proposals, documents });
    // The demo page's lab bench: records into the simulated LIMS (and again after a restart);
    // never mounted next to a real LIMS, which it must neither read nor write.
    const labBench = config.demo && (config.lims === 'in-process' || limsLink.simulator) ? new LabBench({ lims, catalog: new PlantCatalog(plant), clock, journal: path.join(config.dataDir, 'demo-lab-results.jsonl'), ...(resultLoop.poller ? { poller: resultLoop.poller } : {}) }) : undefined;
    const restoredLab = labBench?.restore();
    if (restoredLab?.restored || restoredLab?.skipped.length) logger.info(restoredLab, 'demo lab results recorded again into the simulated LIMS');
    const demoTerminal = plant.lines.at(-1)?.terminals[0]?.id ?? '';
    const demoOperator = demoUsers.find((u) => u.role === 'operator' && plant.lines.find((l) => l.id === u.lines[0])?.terminals.some((t) => t.id === demoTerminal));

    const app = createHttpApp({
      logger,
      metrics,
      allowedOrigins: config.allowedOrigins,
      routers: [
        healthRoutes({ db, metrics, version: VERSION, startedAt: clock.now(), now: () => clock.now() }),
        authRoutes({ accounts, tokens, requireAuth: auth }),
        userRoutes({ accounts, audit, requireAuth: auth }),
        auditRoutes({ audit, requireAuth: auth }),
        mappingRoutes({ idMap: mesLink.idMap, audit, requireAuth: auth }),
        terminalRoutes({ mes, requireAuth: auth }),
        ...resultLoop.routers(auth),
        createDocsRouter({ index: documents }),
        ...(labBench ? [demoRoutes({ bench: labBench, demoUsers, audit, requireAuth: auth })] : []),
        clientRoutes({ defaultTerminal: demoTerminal, allowedOrigins: config.allowedOrigins, demoUsers, mes, ...(demoOperator ? { demoLogin: { username: demoOperator.username, password: demoOperator.password } } : {}) }),
      ],
    });
    const server = http.createServer(app);
    const io: CopilotServer = new Server(server, {
      serveClient: false,
      // A terminal whose network blinks gets the room broadcasts it missed (2 min); the
      // handshake is checked again on recovery, so a deactivated account stays out.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      pingInterval: 10_000,
      pingTimeout: 10_000,
      // The widget's long-polling requests from an MES page are cross-origin: same allow-list.
      cors: { origin: config.allowedOrigins.includes('*') ? true : [...config.allowedOrigins] },
      allowRequest: (req, callback) => {
        const refusal = originRefusal(req.headers.origin, req.headers.host, config.allowedOrigins);
        callback(refusal ?? null, refusal === undefined);
      },
    });
    feed.attach(
      attachCopilotNamespace(io, {
        tokens,
        accounts,
        mes,
        metrics,
        logger,
        audit,
        now: () => clock.now(),
        limits: { askPerMinute: config.askPerMinute, eventsPerMinute: config.socketEventsPerMinute },
        decisions: resultLoop.decisions,
        alerts: resultLoop.alerts,
        copilot,
        ...options.services,
      }),
    );
    void lims;

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    await audit.append({ actor: { type: 'component', id: 'server' }, action: 'system.started', subject: { type: 'system', id: 'qloop' }, after: { version: VERSION, plant: plant.plant.id, demo: config.demo } });
    logger.info({ url, plant: plant.plant.id, dataDir: config.dataDir }, 'qloop listening');
    listeningUrl = url;
    limsLink.listening(url);
    resultLoop.start();
    // LangChain, the model and the agent load after listen (about a second, more under load), so
    // /healthz answers sooner; a question asked meanwhile waits for the same load.
    const copilotReady = copilot.warmUp().catch((err: unknown) => logger.error({ err }, 'the copilot agent did not load; the first question tries again'));
    // The plant's SOPs are ingested in the background (DESIGN.md flow 3): unchanged files are
    // skipped by content hash, so only the first start does real work.
    const startupIngest = config.startupDocuments.length
      ? ingestDocuments(documents, { paths: config.startupDocuments, audit, actor: { type: 'component', id: 'startup-ingest' } })
          .then((summary) => logger.info({ documents: summary.documents, chunks: summary.chunks, skipped: summary.skipped.length, failed: summary.failed }, 'startup documents ingested'))
          .catch((err: unknown) => logger.error({ err }, 'startup document ingest failed'))
      : Promise.resolve();

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        logger.info('qloop shutting down');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            server.closeAllConnections();
            resolve();
          }, config.shutdownGraceMs);
          void io.close(() => {
            clearTimeout(timer);
            resolve();
          });
          server.closeIdleConnections();
        });
        // A first-run ingest still going gets the grace period, then the database closes under it
        // (its next write fails and is logged; the next start picks the files up again).
        // The timer is cleared once the race is over: left running, it kept the process alive for
        // the whole grace period after everything had closed.
        let graceTimer: NodeJS.Timeout | undefined;
        await Promise.race([startupIngest, new Promise((resolve) => (graceTimer = setTimeout(resolve, config.shutdownGraceMs)))]);
        clearTimeout(graceTimer);
        await resultLoop.stop();
        await Promise.all([limsLink.close(), mesLink.close()]);
        try {
          await audit.append({ actor: { type: 'component', id: 'server' }, action: 'system.stopped', subject: { type: 'system', id: 'qloop' } });
        } finally {
          db.close();
        }
      })());
    return { url, port, db, audit, accounts, tokens, io, feed, demoUsers, logger, resultLoop, lims, integrations: { lims: limsLink, mes: mesLink }, copilotReady, close };
  } catch (err) {
    db.close();
    throw err;
  }
}
