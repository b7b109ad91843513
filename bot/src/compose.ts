import path from 'node:path';
import type { Express } from 'express';
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
import type { Config } from './config/config.js';
import { BotCore } from './conversation/bot-core.js';
import type { AdminCommand } from './conversation/bot-types.js';
import { downloadAttachment } from './conversation/eml-download.js';
import { createApp } from './http/app.js';
import type { Logger } from './log/logger.js';
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
  const tenantContext = new TenantContextSource(config.tenant, knownSenders);
  const reports = new ReportService(reportStore, tenantContext);

  const fetchImpl = options.fetchImpl ?? fetch;
  if (config.alerts.webhook) sinks.push(webhookSink(config.alerts.webhook, fetchImpl));
  if (config.alerts.sentinel) sinks.push(sentinelSink(config.alerts.sentinel, fetchImpl));
  if (config.alerts.syslog) sinks.push(syslogSink(config.alerts.syslog));

  const adapter = createCloudAdapter(config.bot, logger);
  if (config.securityChannelId) sinks.push(securityChannelSink(proactiveSecurityChannel(adapter, config.bot.appId, conversationRefs), reportStore));
  outbox = new OutboxWorker(db, reportStore, sinks, logger, options.outbox);

  const core = new BotCore({
    reports,
    checks: new CheckStore(db),
    knownSenders,
    tenantContext,
    download: (file) => downloadAttachment(file, config.limits.maxEmlBytes, config.limits.downloadTimeoutMs),
    maxEmlBytes: config.limits.maxEmlBytes,
    logger,
    ...(options.adminCommands ? { adminCommands: options.adminCommands } : {}),
  });
  const bot = createTeamsBot({ core, admins: config.admins, conversationRefs, logger, ...(config.securityChannelId ? { securityChannelId: config.securityChannelId } : {}) });
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
    publicOrigin: () => config.publicUrl ?? `https://localhost:${config.port}`,
    limits: config.limits,
    logger,
    onReportFiled: () => worker.poke(),
  });
  if (options.startOutbox !== false) outbox.start();
  return {
    app,
    db,
    reports: reportStore,
    outbox,
    async close() {
      await worker.stop();
      await db.close();
    },
  };
}
