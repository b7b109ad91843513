import type { ExchangeAdminClient } from '../clients/exchange-admin.js';
import { domainPosture, type DomainPosture } from '../dns/dns-posture.js';
import { recordingResolver, recordsResolver, type DnsRecords, type DnsResolve } from '../dns/dns-resolver.js';
import type { InventorySource } from '../inventory/inventory-store.js';
import { withCertificates } from './source-tls.js';
import { parseSnapshot, type SnapshotSource, type TenantSnapshot } from './snapshot.js';

const SKIP_DNS = /(?:^\*\.|\.onmicrosoft\.com$)/i;

/** Accepted domains whose DNS the tenant controls (not *.onmicrosoft.com, not wildcard entries). */
export function domainsToCheck(snapshot: TenantSnapshot): string[] {
  return snapshot.acceptedDomains.map((d) => d.DomainName.toLowerCase()).filter((d) => !SKIP_DNS.test(d));
}

/** DNS posture of every accepted domain; from the snapshot's saved answers unless a live resolver is given. */
export async function postureOf(snapshot: TenantSnapshot, resolve?: DnsResolve): Promise<DomainPosture[]> {
  const resolver = resolve ?? recordsResolver(snapshot.dns);
  const postures: DomainPosture[] = [];
  for (const domain of domainsToCheck(snapshot)) postures.push(await domainPosture(domain, resolver));
  return postures;
}

/**
 * The inventory's sources in snapshot form, from what message trace or Defender reported of them: malicious and
 * retired ones need no connector, and a source only users reported (unverified) is not known to send at all.
 */
export function snapshotSources(sources: readonly InventorySource[]): SnapshotSource[] {
  return sources
    .filter((s) => s.status !== 'malicious' && s.status !== 'retired' && s.verified)
    .map((s) => ({
      key: s.key,
      name: s.name ?? s.key,
      ips: s.verified!.ipsTruncated ? [] : [...s.verified!.ips],
      senders: Object.keys(s.verified!.senders),
      status: s.status,
      category: s.category,
      messages: s.verified!.messages,
      tls: 'unknown' as const,
      helos: [...s.helos],
    }));
}

export interface LiveSnapshotInput {
  exchange: ExchangeAdminClient;
  resolve: DnsResolve;
  tenant: { id?: string; domain?: string };
  sources: SnapshotSource[];
  clock?: () => number;
}

/** Reads the tenant through the Exchange admin API and DNS, recording the DNS answers so it can be saved. */
export async function collectSnapshot(
  input: LiveSnapshotInput,
): Promise<{ snapshot: TenantSnapshot; postures: DomainPosture[] }> {
  const [organizationConfig, acceptedDomains, inboundConnectors, smtpAuth] = await Promise.all([
    input.exchange.organizationConfig(),
    input.exchange.acceptedDomains(),
    input.exchange.inboundConnectors(),
    // SMTP AUTH is a finding of its own: when its cmdlets are refused (a narrower role), readiness still answers and says so.
    Promise.all([input.exchange.transportConfig(), input.exchange.smtpAuthMailboxes()]).then(
      ([transportConfig, smtpAuthMailboxes]) => ({ transportConfig, smtpAuthMailboxes }),
      (error: unknown) => ({
        smtpAuthError: (error instanceof Error ? error.message : String(error)).split(/\r?\n/)[0]!,
      }),
    ),
  ]);
  const draft = parseSnapshot(
    {
      version: 1,
      takenAt: new Date((input.clock ?? Date.now)()).toISOString(),
      tenant: input.tenant,
      organizationConfig,
      acceptedDomains,
      inboundConnectors,
      ...smtpAuth,
      dns: {},
      sources: input.sources,
    },
    'Exchange admin API answer',
  );
  draft.sources = withCertificates(draft.sources, draft.inboundConnectors);
  const dns: DnsRecords = {};
  const postures = await postureOf(draft, recordingResolver(input.resolve, dns));
  return { snapshot: { ...draft, dns }, postures };
}
