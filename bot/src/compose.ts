import path from 'node:path';
import type { Express } from 'express';
import type { InventoryStore } from './admin/inventory/inventory-store.js';
import { createCloudAdapter } from './adapter/cloud-adapter.js';
import { proactiveSecurityChannel } from './adapter/security-channel.js';
import { createTeamsBot } from './adapter/teams-bot.js';
import type { AlertSink } from './alerts/alert-sink.js';
import { OutboxWorker, type OutboxWorkerOptions } from './alerts/outbox-worker.js';
import { securityChannelSink } from './alerts/security-channel-sink.js';
import { sentinelSink } from './alerts/sentinel-sink.js';
import { syslogSink } from './alerts/syslog-sink.js';
import { webhookSink } from './alerts/webhook-sink.js';
import { createEntraTokenValidator } from './auth/entra-token.js';
import { adminGroupsFor } from './auth/group-membership.js';
import type { Config } from './config/config.js';
import { BotCore } from './conversation/bot-core.js';
import { adminCommands as createAdminCommands } from './conversation/admin/admin-commands.js';
import { readinessCommand } from './conversation/admin/readiness-command.js';
import { probeCommands } from './conversation/admin/probe-command.js';
import { ProbeLimiter } from './admin/probe/smtp-probe.js';
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
import { knownSenderSource } from './inventory/known-sender-source.js';
import { openInventory } from './inventory/open-inventory.js';
import type { Logger } from './log/logger.js';
import { readinessDownloads } from './readiness/readiness-downloads.js';
import { TenantReadiness } from './readiness/tenant-readiness.js';
import { reportsPerDay } from './reports/daily-counts.js';
import { ReportService } from './reports/report-service.js';
import { ReportStore } from './reports/report-store.js';
import { TenantContextSource } from './reports/tenant-context.js';
import { CheckStore } from './storage/checks.js';
import { ConversationRefStore } from './storage/conversation-refs.js';
import { KnownSenderStore } from './storage/known-senders.js';
import type { Migration } from './storage/migrations.js';
import { openStorage } from './storage/open-storage.js';
import type { SqlClient } from './storage/sql-client.js';

export interface Server {
  app: Express;
  db: SqlClient;
  reports: ReportStore;
  /** The Direct Send inventory, in the same database (SQLite file or PostgreSQL). */
  inventory: InventoryStore;
  outbox: OutboxWorker;
  close(): Promise<void>;
}

export interface ComposeOptions {
  /** The repository root: the add-in build is `<root>/addin/dist` unless ADDIN_DIST says otherwise. */
  rootDir: string;
  logger: Logger;
  outbox?: OutboxWorkerOptions;
  /** Start the alert outbox (tests of other parts may leave it off). */
  startOutbox?: boolean;
  adminCommands?: ReadonlyMap<string, AdminCommand>;
  migrations?: readonly Migration[];
  /** Injected HTTP client for alert destinations (tests). */
  fetchImpl?: typeof fetch;
}

/** Wires storage, stores, alerts, bot and HTTP app from the validated config. */
export async function composeServer(config: Config, options: ComposeOptions): Promise<Server> {
  const { logger } = options;
  const db = await openStorage(config.storage, options.migrations);
  const sinks: AlertSink[] = [];
  let outbox: OutboxWorker | undefined;
  const reportStore = new ReportStore(db, () => outbox?.kinds ?? []);
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
  if (config.alerts.syslog) sinks.push(syslogSink(config.alerts.syslog));

  const adapter = createCloudAdapter(config.bot, logger);
  if (config.securityChannelId) sinks.push(securityChannelSink(proactiveSecurityChannel(adapter, config.bot.appId, conversationRefs), reportStore));
  outbox = new OutboxWorker(db, reportStore, sinks, logger, options.outbox);

  const publicOrigin = (): string => config.publicUrl ?? `https://localhost:${config.port}`;
  const readiness = new TenantReadiness({ tenant: config.adminTenant, inventory, logger });
  const downloads = new DownloadLinks();
  const admin = createAdminCommands({
    inventory,
    onKnownSendersChanged: () => tenantContext.invalidate(),
    importTrace: {
      open: (file, maxBytes, signal) => openAttachmentStream(file, maxBytes, signal),
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
    // One limiter for the whole server: every admin, the typed command and the button share the tenant's budget.
    probe: probeCommands({ ...(config.probe ? { probe: config.probe } : {}), limiter: new ProbeLimiter(config.probe?.intervalMs), logger }),
    logger,
  });
  const adminCommands = new Map([...admin.commands, ...(options.adminCommands ?? [])]);
  const core = new BotCore({
    reports,
    checks: new CheckStore(db),
    knownSenders,
    tenantContext,
    download: (file) => downloadAttachment(file, config.limits.maxEmlBytes, config.limits.downloadTimeoutMs),
    maxEmlBytes: config.limits.maxEmlBytes,
    logger,
    adminCommands,
    adminCardActions: admin.cardActions,
  });
  const background = new Set<Promise<void>>();
  const adminGroups = adminGroupsFor(config, logger);
  const bot = createTeamsBot({
    core,
    admins: config.admins,
    ...(adminGroups ? { adminGroups } : {}),
    conversationRefs,
    logger,
    ...(config.securityChannelId ? { securityChannelId: config.securityChannelId } : {}),
    continueConversation: (reference, logic) => adapter.continueConversationAsync(config.bot.appId ?? '', reference, logic),
    onBackground: (work) => {
      background.add(work);
      void work.finally(() => background.delete(work));
    },
  });
  const worker = outbox;
  const app = createApp({
    db,
    reports,
    tenantContext,
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
    logger,
    onReportFiled: () => worker.poke(),
    apiRouters: [
      inventoryRoute(inventory),
      readinessRoute((fresh) => readiness.evaluate(fresh), config.limits.maxBodyBytes),
      // Incidents: the tenant watcher's provider goes here once it is wired (dashboardRoute's `incidents`).
      dashboardRoute({ inventory, reportsPerDay: (window) => reportsPerDay(db, window) }),
      inventoryDecisionRoute({ inventory, onKnownSendersChanged: () => tenantContext.invalidate(), logger }),
    ],
    publicRouters: [downloadsRoute(downloads)],
  });
  if (options.startOutbox !== false) outbox.start();
  return {
    app,
    db,
    reports: reportStore,
    inventory,
    outbox,
    async close() {
      await worker.stop();
      // Imports and tenant reads still running after their turn write (or answer) before the storage closes.
      await Promise.all(background);
      await inventory.close();
      await db.close();
    },
  };
}
