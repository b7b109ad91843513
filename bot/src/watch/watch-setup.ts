import { hostname } from 'node:os';
import { classifyMailEvent, type TenantContext } from '../classifier.js';
import type { FetchLike } from '../admin/clients/api-client.js';
import { tenantTokenProvider } from '../admin/clients/token-provider.js';
import type { InventoryStore } from '../admin/inventory/inventory-store.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { postgresLeader, soleLeader } from './leader-election.js';
import { MessageTagger } from './message-tagger.js';
import { WatchPoller, type PollResult } from './watch-poller.js';
import { WatchService, type WatchServiceOptions } from './watch-service.js';
import { defenderSource, traceSource, type WatchSource } from './watch-sources.js';
import type { WatchStore } from './watch-store.js';

export interface WatchSetup {
  config: Config;
  store: WatchStore;
  inventory: InventoryStore;
  tenantContext: () => Promise<TenantContext>;
  logger: Logger;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
}

/** The outbox kinds the server's configuration delivers to (the CLI queues a new incident's alerts for them). */
export function configuredAlertKinds(config: Config): string[] {
  return [
    ...(config.alerts.webhook ? ['webhook'] : []),
    ...(config.alerts.sentinel ? ['sentinel'] : []),
    ...(config.alerts.syslog ? ['syslog'] : []),
    ...(config.securityChannelId ? ['teams-channel'] : []),
  ];
}

/** The configured sources with the app's credentials; empty when the watcher is off. */
export function watchSources(setup: Pick<WatchSetup, 'config' | 'fetch' | 'sleep'>): WatchSource[] {
  const { config } = setup;
  if (!config.watch || !config.adminTenant) return [];
  const options = {
    tokens: tenantTokenProvider(config.adminTenant, setup.fetch),
    graphUrl: config.graphUrl,
    acceptedDomains: config.tenant.acceptedDomains,
    ...(setup.fetch ? { fetch: setup.fetch } : {}),
    ...(setup.sleep ? { sleep: setup.sleep } : {}),
  };
  return config.watch.sources.map((name) => (name === 'defender' ? defenderSource(options) : traceSource(options)));
}

export function watchPoller(setup: WatchSetup): WatchPoller {
  return new WatchPoller({
    store: setup.store,
    sources: watchSources(setup),
    judge: classifyMailEvent,
    tenantContext: setup.tenantContext,
    inventory: setup.inventory,
    acceptedDomains: setup.config.tenant.acceptedDomains,
    logger: setup.logger,
    instance: `${hostname()}:${process.pid}`,
  });
}

/** The server's watcher: undefined when WATCH_SOURCES is empty. PostgreSQL elects one polling instance. */
export function watchService(setup: WatchSetup & Pick<WatchServiceOptions, 'onPolled'>): WatchService | undefined {
  const watch = setup.config.watch;
  if (!watch) return undefined;
  const storage = setup.config.storage;
  return new WatchService({
    poller: watchPoller(setup),
    elector: storage.kind === 'postgres' ? postgresLeader(storage.url) : soleLeader(),
    intervalMs: watch.intervalMs,
    sources: watch.sources,
    logger: setup.logger,
    ...(setup.onPolled ? { onPolled: setup.onPolled } : {}),
  });
}

/** The Outlook category tagger when WATCH_TAG=1. */
export function watchTagger(
  setup: Pick<WatchSetup, 'config' | 'store' | 'logger' | 'fetch' | 'sleep'>,
): MessageTagger | undefined {
  const { config } = setup;
  if (!config.watch?.tag || !config.adminTenant) return undefined;
  return new MessageTagger({
    tokens: tenantTokenProvider(config.adminTenant, setup.fetch),
    graphUrl: config.graphUrl,
    store: setup.store,
    logger: setup.logger,
    ...(setup.fetch ? { fetch: setup.fetch } : {}),
    ...(setup.sleep ? { sleep: setup.sleep } : {}),
  });
}

/** After a poll: tag the messages of spoof incidents that are new or grew (not those an admin called a false positive). */
export async function tagPolledIncidents(
  tagger: MessageTagger,
  store: WatchStore,
  result: Pick<PollResult, 'sources'>,
): Promise<number> {
  let tagged = 0;
  for (const source of result.sources) {
    for (const id of [...source.incidents.map((i) => i.id), ...source.grown]) {
      const incident = await store.getIncident(id);
      if (incident && incident.verdict.verdict === 'spoof' && incident.status !== 'false-positive')
        tagged += await tagger.tag(incident);
    }
  }
  return tagged;
}
