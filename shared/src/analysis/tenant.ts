import { resultFor } from '../fields/auth-results.js';
import { describeCompauthReason } from '../fields/compauth.js';
import { isAcceptedDomain, normalizeDomain } from '../net/domains.js';
import { ipInRange, parseIp, parseIpRange, type IpRange } from '../net/ip.js';
import type { AcceptedDomainsSource, KnownSender, TenantContext } from '../types.js';
import { stamp, type ParsedMessage } from './message.js';

export interface ResolvedSender {
  name: string;
  ranges: IpRange[];
  addresses: Set<string>;
}

/** The tenant context in the form the signals use: given by the admin, or inferred from what the headers prove. */
export interface ResolvedTenant {
  acceptedDomains: string[];
  source: AcceptedDomainsSource;
  /** How each inferred domain was proven, for the reason text. */
  inferredFrom: string[];
  knownSenders: ResolvedSender[];
  gatewayRanges: IpRange[];
  tenantId?: string;
  /** Entries of the context that could not be read (bad CIDR, ...). */
  problems: string[];
}

interface PreparedContext {
  acceptedDomains: string[];
  knownSenders: ResolvedSender[];
  gatewayRanges: IpRange[];
  problems: string[];
}

const prepared = new WeakMap<TenantContext, PreparedContext>();

function ranges(list: readonly unknown[] | undefined, label: string, problems: string[]): IpRange[] {
  const out: IpRange[] = [];
  for (const entry of list ?? []) {
    const range = typeof entry === 'string' ? parseIpRange(entry) : null;
    if (range) out.push(range);
    else problems.push(`${label}: "${String(entry)}" is not an IP address or CIDR range`);
  }
  return out;
}

/** Validates and indexes a TenantContext once; the same object is reused across many messages. */
function prepare(context: TenantContext): PreparedContext {
  const cached = prepared.get(context);
  if (cached) return cached;
  const problems: string[] = [];
  const acceptedDomains = Array.isArray(context.acceptedDomains)
    ? context.acceptedDomains.filter((d): d is string => typeof d === 'string' && d.trim() !== '').map(normalizeDomain)
    : [];
  const knownSenders: ResolvedSender[] = [];
  for (const sender of Array.isArray(context.knownSenders) ? context.knownSenders : []) {
    if (!sender || typeof sender !== 'object') continue;
    const s = sender as KnownSender;
    const name = typeof s.name === 'string' && s.name ? s.name : 'known sender';
    knownSenders.push({
      name,
      ranges: ranges(Array.isArray(s.ips) ? s.ips : [], `known sender "${name}"`, problems),
      addresses: new Set(
        (Array.isArray(s.addresses) ? s.addresses : [])
          .filter((a) => typeof a === 'string')
          .map((a) => a.trim().toLowerCase()),
      ),
    });
  }
  const result: PreparedContext = {
    acceptedDomains,
    knownSenders,
    gatewayRanges: ranges(Array.isArray(context.gatewayIps) ? context.gatewayIps : [], 'gateway', problems),
    problems,
  };
  prepared.set(context, result);
  return result;
}

function inferAcceptedDomains(message: ParsedMessage): { domains: string[]; proofs: string[] } {
  const domains = new Set<string>();
  const proofs: string[] = [];
  const fromDomain = message.from?.domain;
  const compauth = resultFor(message.trustedAuth, 'compauth');
  const reason = compauth?.modifiers['reason'];
  if (fromDomain && reason && describeCompauthReason(reason).fromIsAcceptedDomain) {
    domains.add(fromDomain);
    proofs.push(`Microsoft's compauth reason ${reason} says ${fromDomain} is one of your domains`);
  }
  for (const token of message.trustedAuth?.bareTokens ?? []) {
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(token) && !domains.has(token)) {
      domains.add(token);
      proofs.push(`Exchange Online names ${token} as the receiving organization in its authentication results`);
    }
  }
  const internal =
    message.trust.kind === 'submission' &&
    /^internal$/i.test(stamp(message, 'x-ms-exchange-organization-authas') ?? '');
  if (internal && fromDomain && !domains.has(fromDomain)) {
    domains.add(fromDomain);
    proofs.push(`the message was sent from a signed-in mailbox of your organization with a From in ${fromDomain}`);
  }
  // Never the To/Cc: the sender writes them, and a spoof addressed to its victim would "prove" the victim's domain.
  return { domains: [...domains], proofs };
}

export function resolveTenant(message: ParsedMessage, context: TenantContext | undefined): ResolvedTenant {
  const base = context ? prepare(context) : { acceptedDomains: [], knownSenders: [], gatewayRanges: [], problems: [] };
  let acceptedDomains = base.acceptedDomains;
  let source: AcceptedDomainsSource = acceptedDomains.length ? 'context' : 'none';
  let inferredFrom: string[] = [];
  if (!acceptedDomains.length) {
    const inferred = inferAcceptedDomains(message);
    if (inferred.domains.length) {
      acceptedDomains = inferred.domains;
      source = 'inferred';
      inferredFrom = inferred.proofs;
    }
  }
  const resolved: ResolvedTenant = {
    acceptedDomains,
    source,
    inferredFrom,
    knownSenders: base.knownSenders,
    gatewayRanges: base.gatewayRanges,
    problems: base.problems,
  };
  if (context?.tenantId) resolved.tenantId = context.tenantId;
  return resolved;
}

export function isAccepted(tenant: ResolvedTenant, domain: string | undefined): boolean {
  return isAcceptedDomain(domain, tenant.acceptedDomains);
}

export function matchKnownSender(
  tenant: ResolvedTenant,
  ipText: string | undefined,
  addresses: (string | undefined)[],
): { sender: ResolvedSender; byIp: boolean; byAddress: boolean } | undefined {
  const ip = ipText ? parseIp(ipText) : null;
  const wanted = addresses.filter((a): a is string => !!a).map((a) => a.toLowerCase());
  let best: { sender: ResolvedSender; byIp: boolean; byAddress: boolean } | undefined;
  for (const sender of tenant.knownSenders) {
    const byIp = !!ip && sender.ranges.some((range) => ipInRange(ip, range));
    const byAddress = wanted.some((a) => sender.addresses.has(a));
    if (!byIp && !byAddress) continue;
    const candidate = { sender, byIp, byAddress };
    if (!best || (byIp && !best.byIp) || (byIp && byAddress)) best = candidate;
  }
  return best;
}

export function isGatewayIp(tenant: ResolvedTenant, ipText: string | undefined): boolean {
  const ip = ipText ? parseIp(ipText) : null;
  return !!ip && tenant.gatewayRanges.some((range) => ipInRange(ip, range));
}
