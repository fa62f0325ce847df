// Builds the result loop from its parts (called by main.ts): LIMS intake (webhook + poll) into the
// inbox, the evaluation worker, proposals with e-signature, the outbox to the MES, alerts and QA
// notifications. Returns the services the HTTP routes and the /copilot namespace plug into.
import type Database from 'better-sqlite3';
import type { Router, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { SqliteAuditLog } from '../adapters/audit/sqlite-audit-log';
import { LogNotifier } from '../adapters/notifier/log-notifier';
import { SlackNotifier } from '../adapters/notifier/slack-notifier';
import { SmtpNotifier } from '../adapters/notifier/smtp-notifier';
import { TeamsNotifier } from '../adapters/notifier/teams-notifier';
import type { Accounts } from '../auth/accounts';
import { ConfigError, type Config } from '../config';
import { parseRollout } from '../domain/proposals';
import { alertRoutes } from '../http/routes/alerts';
import { limsWebhookRoutes } from '../http/routes/lims-webhook';
import { proposalRoutes } from '../http/routes/proposals';
import type { IdMap } from '../mapping/id-map';
import type { PlantCatalog } from '../plant/catalog';
import type { Clock } from '../ports/clock';
import type { LimsAdapter } from '../ports/lims';
import type { MesAdapter } from '../ports/mes';
import type { Notifier } from '../ports/notifier';
import type { SetpointWriter } from '../ports/setpoint-writer';
import { ProposalDecisions } from '../proposals/decision-service';
import { OutboxStore } from '../proposals/outbox-store';
import { DEFAULT_OUTBOX_OPTIONS, OutboxWorker, type OutboxOptions } from '../proposals/outbox-worker';
import type { ProposalDeps } from '../proposals/proposal-deps';
import { ProposalLifecycle } from '../proposals/proposal-lifecycle';
import { ProposalService } from '../proposals/proposal-service';
import { ProposalStore } from '../proposals/proposal-store';
import type { TerminalFeed } from '../realtime/services';
import { WatcherAlertService } from './alert-service';
import { AlertStore } from './alert-store';
import { evaluationPublisher } from './evaluation-publisher';
import { EvaluationWorker } from './evaluation-worker';
import { EvaluationWriter } from './evaluation-writer';
import { GuidanceEnricher, type EnricherDeps } from './guidance-enricher';
import { OpenAiGuidanceRewording } from './guidance-wording';
import { LimsInbox } from './lims-inbox';
import { LimsPoller } from './lims-poller';
import { NotificationDispatcher } from './notifications';
import { OosRegister } from './oos-register';
import { ResultContextResolver } from './result-context';
import { ResultIntake } from './result-intake';
import { catalogTestNames } from './incoming-result';
import { retractionPublisher } from './retraction-publisher';
import { RetractionWriter } from './retraction-writer';
import { SeriesHistory } from './series-history';
import { WalCheckpointer } from './wal-checkpointer';
import { WalSync } from './wal-sync';
import { SqliteReplayWindow } from './webhook-replays';
import { WebhookRefusals, WebhookVerifier } from './webhook-signature';

export type ResultLoopConfig = Pick<
  Config,
  'webhookSecret' | 'webhookWindowSeconds' | 'guidanceWording' | 'model' | 'openaiBaseUrl' | 'openaiApiKey' | 'openaiModel' | 'rollout' | 'rolloutAutoKinds' | 'limsPollMs' | 'proposalTtlHours' | 'outboxMaxAttempts' | 'outboxRetryMs' | 'publicUrl' | 'teamsWebhookUrl' | 'slackWebhookUrl' | 'smtpUrl' | 'notifyEmailFrom' | 'notifyEmailTo'
>;

export interface ResultLoopDeps {
  config: ResultLoopConfig;
  db: Database.Database;
  audit: SqliteAuditLog;
  accounts: Accounts;
  clock: Clock;
  logger: Logger;
  catalog: PlantCatalog;
  lims: LimsAdapter;
  mes: MesAdapter;
  /** The master data mapping table: names the fix when the MES does not know a result's lot. */
  idMap: IdMap;
  feed: TerminalFeed;
  setpoints?: SetpointWriter;
  /** Replaces the channels built from config (tests). */
  notifiers?: Notifier[];
  /** The server's own address, known once it listens (for links when QLOOP_PUBLIC_URL is empty). */
  baseUrl(): string;
  outbox?: Partial<OutboxOptions>;
  /** Counts a refused webhook delivery by kind (Prometheus: qloop_lims_webhook_refused_total). */
  countWebhookRefusal?: (kind: string) => void;
}

export type ResultLoop = ReturnType<typeof createResultLoop>;

export function createResultLoop(deps: ResultLoopDeps) {
  const { config, db, audit, clock, logger } = deps;
  const policy = parseRollout(config.rollout, config.rolloutAutoKinds);
  const ttlMs = config.proposalTtlHours * 3600_000;
  const base = () => (config.publicUrl || deps.baseUrl()).replace(/\/$/, '');
  const link = (proposalId: string) => `${base()}/?proposal=${encodeURIComponent(proposalId)}`;
  const alertLink = (alertId: string) => `${base()}/?alert=${encodeURIComponent(alertId)}`;
  const notifications = new NotificationDispatcher(deps.notifiers ?? notifiersFrom(config, logger), logger);
  const store = new ProposalStore(db);
  const outboxStore = new OutboxStore(db);
  const lifecycle = new ProposalLifecycle(store, outboxStore, audit, deps.catalog.holdReasons());
  const alertStore = new AlertStore(db);
  const oos = new OosRegister(db);
  const proposalDeps: ProposalDeps = {
    db, store, lifecycle, audit, accounts: deps.accounts, clock, catalog: deps.catalog, mes: deps.mes, feed: deps.feed,
    notify: (n) => notifications.dispatch(n), wakeOutbox: () => outbox.wake(), policy, ttlMs, openOos: (lotId) => oos.openFor(lotId), link,
  };
  const outbox: OutboxWorker = new OutboxWorker(proposalDeps, outboxStore, deps.setpoints, { ...DEFAULT_OUTBOX_OPTIONS, maxAttempts: config.outboxMaxAttempts, baseDelayMs: config.outboxRetryMs, ...deps.outbox });
  const proposals = new ProposalService(proposalDeps);
  const decisions = new ProposalDecisions(proposalDeps);
  const alerts = new WatcherAlertService({ db, alerts: alertStore, proposals: store, audit, clock, feed: deps.feed });
  const wal = new WalSync(db);
  const checkpointer = new WalCheckpointer(db, logger);
  const testName = catalogTestNames(deps.catalog.products().flatMap((p) => deps.catalog.specsForProduct(p.id)));
  const inbox = new LimsInbox(db, audit, clock, () => worker.wake(), wal, testName);
  const publish = evaluationPublisher({ feed: deps.feed, notify: (n) => notifications.dispatch(n), link, alertLink, wakeOutbox: () => outbox.wake() });
  const enricher = guidanceEnricher(config, { alerts: alertStore, audit, feed: deps.feed, logger, transaction: (work) => wal.transaction(work), durable: () => wal.durable() });
  const worker: EvaluationWorker = new EvaluationWorker({
    db, inbox, clock, logger, wal,
    resolver: new ResultContextResolver(deps.catalog, deps.mes, deps.idMap, deps.lims),
    history: new SeriesHistory(deps.catalog, db),
    writer: new EvaluationWriter({ db, audit, catalog: deps.catalog, alerts: alertStore, oos, proposals: store, lifecycle, policy, ttlMs }),
    published: (written) => {
      publish(written);
      // The deterministic guidance is out; a rewording, when configured, follows as an update.
      if (enricher) for (const w of written) if (w.alert) enricher.enqueue(w.alert, w.quoted);
    },
    retractions: new RetractionWriter({ db, audit, alerts: alertStore, oos, proposals: store, lifecycle, testName }),
    retracted: retractionPublisher({ feed: deps.feed, notify: (n) => notifications.dispatch(n), alertLink, wakeOutbox: () => outbox.wake() }),
  });
  const poller = config.limsPollMs > 0 ? new LimsPoller(deps.lims, inbox, logger, { intervalMs: config.limsPollMs, pageSize: 200, startAt: deps.catalog.asOf }) : undefined;
  const intake = new ResultIntake(inbox);
  const verifier = config.webhookSecret ? new WebhookVerifier({ secret: config.webhookSecret, windowMs: config.webhookWindowSeconds * 1000 }, new SqliteReplayWindow(db, wal), new WebhookRefusals({ audit, logger, now: () => clock.now(), ...(deps.countWebhookRefusal ? { count: deps.countWebhookRefusal } : {}) })) : undefined;
  let sweeper: NodeJS.Timeout | undefined;

  return {
    inbox, intake, worker, outbox, proposals, decisions, alerts, oos, poller, notifications, policy,
    /** The LIMS webhook's signature check, when a secret is configured. */
    verifier,
    routers(requireAuth: RequestHandler): Router[] {
      return [
        limsWebhookRoutes({ intake, ...(verifier ? { verifier } : {}), clock }),
        proposalRoutes({ proposals, decisions, requireAuth }),
        alertRoutes({ db, alerts, oos, accounts: deps.accounts, audit, clock, requireAuth }),
      ];
    },
    /** Picks up what was left before a restart: unevaluated results, unsent actions. */
    start(): void {
      checkpointer.start();
      worker.wake();
      outbox.wake();
      poller?.start();
      sweeper = setInterval(() => {
        try {
          proposals.expireDue();
          alerts.returnShelved();
        } catch (err) {
          logger.error({ err }, 'proposal expiry / alert unshelving failed');
        }
      }, 30_000);
      sweeper.unref();
    },
    /** Waits until the worker, the outbox and notifications have nothing in hand (tests). */
    async settled(): Promise<void> {
      for (let i = 0; i < 3; i++) {
        await worker.idle();
        await enricher?.settled();
        await outbox.idle();
        await notifications.settled();
      }
    },
    async stop(): Promise<void> {
      if (sweeper) clearInterval(sweeper);
      verifier?.refusals.stop();
      await poller?.stop();
      await worker.stop();
      await enricher?.stop();
      await outbox.stop();
      await notifications.settled();
      wal.close();
      await checkpointer.stop();
      for (const n of deps.notifiers ?? []) (n as { close?: () => void }).close?.();
    },
  };
}

/** QLOOP_GUIDANCE_WORDING=llm: the copilot's OpenAI-compatible model rewords alert guidance; none by default. */
function guidanceEnricher(config: ResultLoopConfig, deps: Omit<EnricherDeps, 'rewording'>): GuidanceEnricher | undefined {
  if (config.guidanceWording !== 'llm') return undefined;
  if (config.model !== 'openai') throw new ConfigError([`QLOOP_GUIDANCE_WORDING=llm needs QLOOP_MODEL=openai (an OpenAI-compatible endpoint); QLOOP_MODEL is ${config.model}`]);
  return new GuidanceEnricher({ ...deps, rewording: new OpenAiGuidanceRewording({ baseUrl: config.openaiBaseUrl, apiKey: config.openaiApiKey, model: config.openaiModel }) });
}

function notifiersFrom(config: ResultLoopConfig, logger: Logger): Notifier[] {
  const out: Notifier[] = [];
  if (config.teamsWebhookUrl) out.push(new TeamsNotifier({ url: config.teamsWebhookUrl }));
  if (config.slackWebhookUrl) out.push(new SlackNotifier({ url: config.slackWebhookUrl }));
  if (config.smtpUrl && config.notifyEmailTo.length) out.push(new SmtpNotifier({ url: config.smtpUrl, from: config.notifyEmailFrom, to: config.notifyEmailTo }));
  return out.length ? out : [new LogNotifier(logger)];
}
