/** The tenant a watching server process polls: Defender's advanced hunting over a table the test fills, a webhook. */
import { localServer, type LocalServer } from '../../../bot/test/support/server-harness';
import { emailEvent, huntingRoute, huntingTable, type HuntingTable } from '../../../bot/test/support/hunting-table';
import { APP, startMicrosoftTenant, TENANT, type MicrosoftTenant } from './microsoft-tenant';

export const MIN = 60_000;

/** Defender (token endpoint + advanced hunting) and a webhook receiver, for watcher processes to talk to. */
export interface WatchWorld {
  tenant: MicrosoftTenant;
  table: HuntingTable;
  webhook: LocalServer;
  /** Environment of a server process watching this world. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** `watch.incident` webhook deliveries so far. */
  incidents(): {
    IncidentId: string;
    NetworkMessageIds: string[];
    Messages: number;
    Recipients: number;
    SenderFromAddress: string;
  }[];
  close(): Promise<void>;
}

export async function watchWorld(): Promise<WatchWorld> {
  const table = huntingTable();
  const tenant = await startMicrosoftTenant({
    tenantId: TENANT,
    clientId: APP,
    graphRoutes: huntingRoute(table),
  });
  const webhook = await localServer((_req, res) => {
    res.writeHead(204);
    res.end();
  });
  return {
    tenant,
    table,
    webhook,
    env: (extra = {}) => ({
      LOG_LEVEL: 'info',
      ACCEPTED_DOMAINS: 'contoso.com',
      KNOWN_SENDERS: JSON.stringify([{ name: 'Scanner', ips: ['198.51.100.10'] }]),
      ...tenant.vars,
      ALERT_WEBHOOK_URL: `${webhook.url}/hook`,
      WATCH_SOURCES: 'defender',
      WATCH_INTERVAL_S: '5',
      ...extra,
    }),
    incidents: () =>
      webhook.requests
        .map((r) => JSON.parse(r.body) as { event: string; incident: ReturnType<WatchWorld['incidents']>[number] })
        .filter((b) => b.event === 'watch.incident')
        .map((b) => b.incident),
    async close() {
      await webhook.close();
      await tenant.close();
    },
  };
}

/** `messages` spoofed messages from `from` at `ip`, one second apart from `at`, each to every one of `users`. */
export const campaign = (
  prefix: string,
  options: { from?: string; ip?: string; messages: number; at: number; users: readonly string[] },
) =>
  Array.from({ length: options.messages }, (_, m) =>
    options.users.map((user) =>
      emailEvent({
        at: options.at + m * 1000,
        from: options.from ?? 'ceo@contoso.com',
        to: `${user}@contoso.com`,
        ip: options.ip ?? '203.0.113.7',
        id: `${prefix}-${m}`,
      }),
    ),
  ).flat();
