import path from 'node:path';
import type { Express } from 'express';
import type { InventoryStore } from './admin/inventory/inventory-store.js';
import { createCloudAdapter, type BotAuthentication } from './adapter/cloud-adapter.js';
import { proactiveSecurityChannel } from './adapter/security-channel.js';
import { createTeamsBot } from './adapter/teams-bot.js';
import type { AlertSink } from './alerts/alert-sink.js';
import { OutboxWorker, type OutboxWorkerOptions } from './alerts/outbox-worker.js';
import { securityChannelSink } from './alerts/security-channel-sink.js';
import { sentinelSink } from './alerts/sentinel-sink.js';
import { productVersion } from './alerts/cef.js';
import { syslogSink } from './alerts/syslog-sink.js';
import { webhookSink } from './alerts/webhook-sink.js';
import { createEntraTokenValidator } from './auth/entra-token.js';
import { adminGroupsFor } from './auth/group-membership.js';
import { LOCAL_PRINCIPAL } from './auth/principal.js';
import type { Config } from './config/config.js';
import { BotCore } from './conversation/bot-core.js';
import { adminCommands as createAdminCommands } from './conversation/admin/admin-commands.js';
import { readinessCommand } from './conversation/admin/readiness-command.js';
import { probeCommands } from './conversation/admin/probe-command.js';
import { TEAMS_DOWNLOAD_POLICY, type DownloadPolicy } from './conversation/attachment-fetch.js';
import { openAttachmentStream } from './conversation/attachment-stream.js';
import type { AdminCommand } from './conversation/bot-types.js';
import { downloadAttachment } from './conversation/eml-download.js';
import { createApp } from './http/app.js';
import { DownloadLinks } from './http/download-links.js';
import { dashboardRoute } from './http/routes/dashboard-route.js';
import { downloadsRoute } from './http/routes/downloads-route.js';
import { inventoryDecisionRoute } from './http/routes/inventory-decision-route.js';
import { inventoryRoute } from './http/routes/inventory-route.js';
import { readinessRoute } from './http/routes/readiness-route.js';
import { knownSenderSource } from './admin/inventory/known-sender-source.js';
import { openInventory } from './admin/inventory/open-server-inventory.js';
import type { Logger } from './log/logger.js';
import { readinessDownloads } from './admin/readiness/readiness-downloads.js';
import { TenantReadiness } from './admin/readiness/tenant-readiness.js';
import { DemoReadiness } from './demo/demo-readiness.js';
import { ensureDemoData } from './demo/load-demo.js';
import { incidentsPerDay, reportsPerDay } from './reports/daily-counts.js';
import { ReportService } from './reports/report-service.js';
import { ReportStore } from './reports/report-store.js';
import { TenantContextSource } from './reports/tenant-context.js';
import { CheckStore } from './storage/checks.js';
import { ConversationRefStore } from './storage/conversation-refs.js';
import { KnownSenderStore } from './storage/known-senders.js';
import type { Migration } from './storage/migrations.js';
import { Cooldowns } from './storage/cooldowns.js';
import { deleteEmlBefore } from './storage/eml-quota.js';
import { openStorage } from './storage/open-storage.js';
import { RateLimits } from './storage/rate-limits.js';
import type { SqlClient } from './storage/sql-client.js';
import { watchCommands } from './conversation/admin/watch-command.js';
import type { WatchService } from './watch/watch-service.js';
import { tagPolledIncidents, watchService, watchTagger } from './watch/watch-setup.js';
import { WatchStore } from './watch/watch-store.js';

export interface Server {
  app: Express;
  db: SqlClient;
  reports: ReportStore;
  /** The Direct Send inventory, in the same database (SQLite file or PostgreSQL). */
  inventory: InventoryStore;
  outbox: OutboxWorker;
  /** The tenant watcher's incidents and poll state. */
  watchStore: WatchStore;
  /** Undefined when WATCH_SOURCES is empty. */
  watch?: WatchService;
  /** The capability links of files the bot offers (shared by every instance on the database). */
  downloads: DownloadLinks;
  close(): Promise<void>;
}

export interface ComposeOptions {
  /** The repository root: the add-in build is `<root>/addin/dist` unless ADDIN_DIST says otherwise. */
  rootDir: string;
  logger: Logger;
  outbox?: OutboxWorkerOptions;
  /** Start the alert outbox (tests of other parts may leave it off). */
  startOutbox?: boolean;
  /** Start the tenant watcher when configured (tests may run polls themselves). */
  startWatch?: boolean;
  adminCommands?: ReadonlyMap<string, AdminCommand>;
  migrations?: readonly Migration[];
  /** Injected HTTP client for alert destinations (tests). */
  fetchImpl?: typeof fetch;
  /** Where attachment downloads may go; tests allow their local file server. No configuration variable can. */
  downloadPolicy?: DownloadPolicy;
  /** Bot Framework authentication trusting a local token issuer (tests); used only when BOT_ID is set. */
  botAuthentication?: BotAuthentication;
}

/** Wires storage, stores, alerts, bot and HTTP app from the validated config. */
export async function composeServer(config: Config, options: ComposeOptions): Promise<Server> {
  const { logger } = options;
  if (config.demo && config.storage.kind === 'sqlite') await ensureDemoData(config.storage.path, logger);
  const db = await openStorage(config.storage, options.migrations);
  const sinks: AlertSink[] = [];
  let outbox: OutboxWorker | undefined;
  const reportStore = new ReportStore(db, () => outbox?.kinds ?? []);
  const watchStore = new WatchStore(db, () => outbox?.kinds ?? []);
  const knownSenders = new KnownSenderStore(db);
  const conversationRefs = new ConversationRefStore(db);
  const inventory = await openInventory(config.storage, db).catch(async (error: unknown) => {
    await db.close().catch(() => undefined);
    throw error;
  });
  const tenantContext = new TenantContextSource(config.tenant, knownSenderSource(knownSenders, inventory));
  const reports = new ReportService(reportStore, tenantContext);

  const fetchImpl = options.fetchImpl ?? fetch;
  if (config.alerts.webhook) sinks.push(webhookSink(config.alerts.webhook, fetchImpl));
  if (config.alerts.sentinel) sinks.push(sentinelSink(config.alerts.sentinel, fetchImpl));
  if (config.alerts.syslog)
    sinks.push(syslogSink({ ...config.alerts.syslog, productVersion: productVersion(options.rootDir) }));

  const botAuthenticated = config.bot.appId !== undefined;
  const adapter = createCloudAdapter(config.bot, logger, botAuthenticated ? options.botAuthentication : undefined);
  if (config.securityChannelId)
    sinks.push(
      securityChannelSink(
        proactiveSecurityChannel(adapter, config.bot.appId, conversationRefs),
        reportStore,
        watchStore,
        logger,
      ),
    );
  outbox = new OutboxWorker(db, reportStore, sinks, logger, options.outbox, watchStore);
  const alerts = outbox;
  const tagger = watchTagger({ config, store: watchStore, logger });
  const watch = watchService({
    config,
    store: watchStore,
    inventory,
    tenantContext: () => tenantContext.forClassifier(),
    logger,
    onPolled: async (result) => {
      alerts.poke();
      if (tagger) await tagPolledIncidents(tagger, watchStore, result);
    },
  });

  const downloadPolicy = options.downloadPolicy ?? TEAMS_DOWNLOAD_POLICY;
  const publicOrigin = (): string => config.publicUrl ?? `https://localhost:${config.port}`;
  const readiness = config.demo
    ? new DemoReadiness(inventory)
    : new TenantReadiness({ tenant: config.adminTenant, inventory, logger });
  const downloads = new DownloadLinks(db, logger);
  const cooldowns = new Cooldowns(db);
  const admin = createAdminCommands({
    inventory,
    onKnownSendersChanged: () => tenantContext.invalidate(),
    importTrace: {
      open: (file, maxBytes, signal) => openAttachmentStream(file, maxBytes, signal, downloadPolicy),
      acceptedDomains: config.tenant.acceptedDomains,
      maxBytes: config.limits.maxTraceBytes,
      timeoutMs: config.limits.traceImportTimeoutMs,
      pull: { ...(config.adminTenant ? { tenant: config.adminTenant } : {}), graphUrl: config.graphUrl, verdicts: db },
    },
    readiness: readinessCommand({
      configured: readiness.configured,
      evaluate: (fresh) => readiness.evaluate(fresh),
      downloads: readinessDownloads(downloads, publicOrigin),
    }),
    watch: watchCommands({
      store: watchStore,
      status: () => watch?.status(),
      inventory,
      onKnownSendersChanged: () => tenantContext.invalidate(),
      ...(tagger ? { untag: (incident) => tagger.untag(incident) } : {}),
      logger,
    }),
    // One limiter for every instance (in the database): every admin, the typed command and the button share the tenant's budget.
    probe: probeCommands({
      ...(config.probe ? { probe: config.probe } : {}),
      limiter: {
        tryAcquire: (host) => cooldowns.tryAcquire(`probe:${host.toLowerCase()}`, config.probe?.intervalMs ?? 60_000),
      },
      logger,
    }),
    logger,
  });
  const adminCommands = new Map([...admin.commands, ...(options.adminCommands ?? [])]);
  const core = new BotCore({
    reports,
    checks: new CheckStore(db),
    inventory,
    tenantContext,
    download: (file) =>
      downloadAttachment(file, config.limits.maxEmlBytes, config.limits.downloadTimeoutMs, downloadPolicy),
    maxEmlBytes: config.limits.maxEmlBytes,
    logger,
    adminCommands,
    adminCardActions: admin.cardActions,
  });
  const rateLimits = new RateLimits(db);
  const background = new Set<Promise<void>>();
  const adminGroups = adminGroupsFor(config, logger);
  const bot = createTeamsBot({
    core,
    admins: config.admins,
    ...(adminGroups ? { adminGroups } : {}),
    conversationRefs,
    logger,
    ...(config.securityChannelId ? { securityChannelId: config.securityChannelId } : {}),
    continueConversation: (reference, logic) =>
      adapter.continueConversationAsync(config.bot.appId ?? '', reference, logic),
    onBackground: (work) => {
      background.add(work);
      void work.finally(() => background.delete(work));
    },
    // Without Bot Framework authentication only this computer reaches the bot (local mode): its one user, an admin.
    ...(botAuthenticated
      ? { requireVouchedServiceUrl: true }
      : { localUser: { id: LOCAL_PRINCIPAL.id, name: LOCAL_PRINCIPAL.name!, isAdmin: true } }),
    ...(botAuthenticated && config.tenant.tenantId ? { tenantId: config.tenant.tenantId } : {}),
    rateLimit: (userId) => rateLimits.hit(`bot:${userId}`, config.quotas.botActivitiesPerMinute, 60_000),
  });
  const worker = outbox;
  const app = createApp({
    db,
    reports,
    tenantContext,
    botAccess: botAuthenticated ? 'bot-framework' : config.entra ? 'closed' : 'local',
    botHandler: async (req, res) => {
      await adapter.process(req, res, async (context) => {
        await bot(context);
        worker.poke();
      });
    },
    ...(config.entra ? { entraValidator: createEntraTokenValidator(config.entra, config.admins) } : {}),
    addinDist: config.addinDist ?? path.join(options.rootDir, 'addin', 'dist'),
    publicOrigin,
    limits: config.limits,
    quotas: { rateLimits, ...config.quotas },
    logger,
    onReportFiled: () => worker.poke(),
    apiRouters: [
      inventoryRoute(inventory),
      readinessRoute((fresh) => readiness.evaluate(fresh), config.limits.maxBodyBytes),
      dashboardRoute({
        inventory,
        reportsPerDay: (window) => reportsPerDay(db, window),
        ...(watch ? { incidents: (window) => incidentsPerDay(db, window) } : {}),
      }),
      inventoryDecisionRoute({ inventory, onKnownSendersChanged: () => tenantContext.invalidate(), logger }),
    ],
    publicRouters: [downloadsRoute(downloads)],
  });
  if (options.startOutbox !== false) outbox.start();
  if (options.startWatch !== false) watch?.start();
  const retention = emlRetention(db, config.quotas.emlRetentionDays, logger);
  return {
    app,
    db,
    reports: reportStore,
    inventory,
    outbox,
    watchStore,
    ...(watch ? { watch } : {}),
    downloads,
    async close() {
      await watch?.stop();
      retention.stop();
      await worker.stop();
      // Imports and tenant reads still running after their turn write (or answer) before the storage closes.
      await Promise.all(background);
      await inventory.close();
      await db.close();
    },
  };
}

const HOUR_MS = 3_600_000;

/** Deletes the .eml of reports older than the retention, at start and every hour after. */
function emlRetention(db: SqlClient, days: number, logger: Logger): { stop(): void } {
  const sweep = (): void => {
    deleteEmlBefore(db, Date.now() - days * 24 * HOUR_MS).then(
      (count) => count > 0 && logger.info('reports.eml-expired', { count, days }),
      (error: unknown) => logger.warn('reports.eml-expiry-failed', { error }),
    );
  };
  sweep();
  const timer = setInterval(sweep, HOUR_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
