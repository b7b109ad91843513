import { startContractServer, type ContractServer } from '../../../bot/test/admin/servers/microsoft-contract-server';
import { localServer, type LocalServer } from '../../../bot/test/support/server-harness';
import { huntingRoute, huntingTable, type HuntingTable } from '../../../bot/test/support/hunting-table';

export { startServerProcess, stopServerProcess, type ServerProcess } from '../../../bot/test/support/server-process';

export const TENANT_ID = '11111111-2222-4333-8444-555555555555';
export const CLIENT_ID = '66666666-7777-4888-8999-000000000000';

/** Defender (token endpoint + advanced hunting) and a webhook receiver, for watcher processes to talk to. */
export interface WatchWorld {
  microsoft: ContractServer;
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
  const microsoft = await startContractServer({
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    graphRoutes: huntingRoute(table),
  });
  const webhook = await localServer((_req, res) => {
    res.writeHead(204);
    res.end();
  });
  return {
    microsoft,
    table,
    webhook,
    env: (extra = {}) => ({
      DSGUARD_HTTP: '1',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DSGUARD_ENV: 'local',
      ACCEPTED_DOMAINS: 'contoso.com',
      KNOWN_SENDERS: JSON.stringify([{ name: 'Scanner', ips: ['198.51.100.10'] }]),
      DSGUARD_TENANT_ID: TENANT_ID,
      DSGUARD_CLIENT_ID: CLIENT_ID,
      DSGUARD_CLIENT_SECRET: 'app-secret',
      DSGUARD_TENANT_DOMAIN: 'contoso.onmicrosoft.com',
      ENTRA_AUTHORITY_HOST: microsoft.url,
      GRAPH_URL: `${microsoft.url}/graph/v1.0`,
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
      await microsoft.close();
    },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
