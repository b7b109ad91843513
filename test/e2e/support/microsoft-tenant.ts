/**
 * One Microsoft 365 tenant for the server under test: the local contract server (Entra token endpoint, Graph,
 * Defender hunting, Exchange admin API) and, when a zone is given, a DNS server; with the server variables that point
 * the product at them.
 */
import { startDnsServer, type DnsTestServer, type Zone } from '../../../bot/test/admin/servers/dns-server';
import { CONTOSO_CMDLETS, CONTOSO_DNS_ZONE } from '../../../bot/test/support/fixtures';
import {
  startContractServer,
  type ContractServer,
  type ContractState,
} from '../../../bot/test/admin/servers/microsoft-contract-server';

/** The tests' tenant (contoso.onmicrosoft.com) and the product's app registration in it. */
export const TENANT = '44444444-4444-4444-8444-444444444444';
export const APP = '55555555-5555-4555-8555-555555555555';
export const APP_SECRET = 'app-secret';

export interface MicrosoftTenant {
  microsoft: ContractServer;
  /** Present when the tenant was started with a DNS zone. */
  dns: DnsTestServer | undefined;
  /** DSGUARD_TENANT_* / DSGUARD_CLIENT_*, ENTRA_AUTHORITY_HOST, GRAPH_URL, EXCHANGE_ADMIN_URL and DNS_SERVERS. */
  vars: Record<string, string>;
  close(): Promise<void>;
}

export interface MicrosoftTenantOptions {
  tenantId: string;
  clientId: string;
  cmdlets?: ContractState['cmdlets'];
  graphRoutes?: ContractState['graphRoutes'];
  dnsZone?: Zone;
}

/** The app-credential variables of a tenant whose Entra token endpoint is at `authority`. */
export const appCredentialVars = (tenantId: string, clientId: string, authority: string): Record<string, string> => ({
  DSGUARD_TENANT_ID: tenantId,
  DSGUARD_CLIENT_ID: clientId,
  DSGUARD_CLIENT_SECRET: APP_SECRET,
  DSGUARD_TENANT_DOMAIN: 'contoso.onmicrosoft.com',
  ENTRA_AUTHORITY_HOST: authority,
});

export async function startMicrosoftTenant(options: MicrosoftTenantOptions): Promise<MicrosoftTenant> {
  const microsoft = await startContractServer({
    tenantId: options.tenantId,
    clientId: options.clientId,
    clientSecret: APP_SECRET,
    ...(options.cmdlets ? { cmdlets: options.cmdlets } : {}),
    ...(options.graphRoutes ? { graphRoutes: options.graphRoutes } : {}),
  });
  const dns = options.dnsZone ? await startDnsServer(options.dnsZone) : undefined;
  return {
    microsoft,
    dns,
    vars: {
      ...appCredentialVars(options.tenantId, options.clientId, microsoft.url),
      GRAPH_URL: `${microsoft.url}/graph/v1.0`,
      EXCHANGE_ADMIN_URL: `${microsoft.url}/adminapi/beta`,
      ...(dns ? { DNS_SERVERS: dns.address } : {}),
    },
    async close() {
      await dns?.close();
      await microsoft.close();
    },
  };
}

/** Contoso: its Exchange Online configuration (CONTOSO_CMDLETS) and its DNS (CONTOSO_DNS_ZONE). */
export const startContosoTenant = (): Promise<MicrosoftTenant> =>
  startMicrosoftTenant({ tenantId: TENANT, clientId: APP, cmdlets: CONTOSO_CMDLETS, dnsZone: CONTOSO_DNS_ZONE });
