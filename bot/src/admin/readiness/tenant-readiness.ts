import { exchangeAdminClient } from '../clients/exchange-admin.js';
import type { FetchLike } from '../clients/api-client.js';
import { tenantTokenProvider } from '../clients/token-provider.js';
import { networkResolver, type DnsResolve } from '../dns/dns-resolver.js';
import type { InventoryStore } from '../inventory/inventory-store.js';
import { collectSnapshot, snapshotSources } from './collect-snapshot.js';
import { evaluateReadiness, type ReadinessResult } from './evaluate-readiness.js';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../log/logger.js';

export const TENANT_VARIABLES = [
  'DSGUARD_TENANT_ID',
  'DSGUARD_CLIENT_ID',
  'DSGUARD_CLIENT_SECRET',
  'DSGUARD_TENANT_DOMAIN',
] as const;

export type ReadinessOutcome =
  | { ok: true; result: ReadinessResult; at: number }
  | { ok: false; reason: 'not-configured'; missing: readonly string[] }
  | { ok: false; reason: 'failed'; message: string };

export interface TenantReadinessOptions {
  tenant: Config['adminTenant'];
  inventory: InventoryStore;
  logger: Logger;
  /** How long an answer is reused (the card's download links read it again). */
  cacheMs?: number;
  fetch?: FetchLike;
  resolve?: DnsResolve;
  clock?: () => number;
}

/**
 * Readiness of the configured tenant: its state through the Exchange admin API, DNS of its accepted domains,
 * and the inventory's reviewed sources. One evaluation at a time; the last answer is kept briefly so that the
 * Markdown and CSV downloads match the card the admin just saw.
 */
export class TenantReadiness {
  private last?: Extract<ReadinessOutcome, { ok: true }>;
  private running?: Promise<ReadinessOutcome>;
  private readonly clock: () => number;

  constructor(private readonly options: TenantReadinessOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get configured(): boolean {
    return !!this.options.tenant;
  }

  /** The cached answer when recent enough (unless `fresh`), else a new evaluation. */
  async evaluate(fresh = false): Promise<ReadinessOutcome> {
    const tenant = this.options.tenant;
    if (!tenant) return { ok: false, reason: 'not-configured', missing: TENANT_VARIABLES };
    if (!fresh && this.last && this.clock() - this.last.at < (this.options.cacheMs ?? 5 * 60_000)) return this.last;
    this.running ??= this.collect(tenant).finally(() => (this.running = undefined));
    return this.running;
  }

  private async collect(tenant: NonNullable<Config['adminTenant']>): Promise<ReadinessOutcome> {
    const fetchImpl = this.options.fetch;
    try {
      const tokens = tenantTokenProvider(tenant, fetchImpl);
      const exchange = exchangeAdminClient({
        tokens,
        tenantId: tenant.tenantId,
        tenantDomain: tenant.tenantDomain,
        ...(tenant.exchangeUrl ? { baseUrl: tenant.exchangeUrl } : {}),
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
      const sources = snapshotSources(await this.options.inventory.listSources());
      const { snapshot, postures } = await collectSnapshot({
        exchange,
        resolve:
          this.options.resolve ?? networkResolver(tenant.dnsServers.length ? { servers: tenant.dnsServers } : {}),
        tenant: { id: tenant.tenantId, domain: tenant.tenantDomain },
        sources,
        clock: this.clock,
      });
      const outcome = { ok: true as const, result: evaluateReadiness(snapshot, postures), at: this.clock() };
      this.last = outcome;
      this.options.logger.info('readiness.evaluated', {
        ready: outcome.result.ready,
        sources: sources.length,
        domains: postures.length,
      });
      return outcome;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split(/\r?\n/)[0]!;
      this.options.logger.warn('readiness.failed', { error: message });
      return { ok: false, reason: 'failed', message };
    }
  }
}
