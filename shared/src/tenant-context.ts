import { inputError, type Parsed } from './errors.js';
import { parseIpRange } from './net/ip.js';
import type { KnownSender, TenantContext } from './types.js';

const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

function stringList(value: unknown, path: string, check: (item: string) => string | null): Parsed<string[]> {
  if (value === undefined) return { ok: true, value: [] };
  if (!Array.isArray(value)) return inputError('bad-context', `${path} must be a list`);
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') return inputError('bad-context', `${path}[${i}] must be text`);
    const problem = check(item.trim());
    if (problem) return inputError('bad-context', `${path}[${i}] ${problem}: "${item}"`);
    out.push(item.trim().toLowerCase());
  }
  return { ok: true, value: out };
}

const domainCheck = (d: string) => (DOMAIN.test(d.toLowerCase()) ? null : 'is not a domain name');
const ipCheck = (ip: string) => (parseIpRange(ip) ? null : 'is not an IP address or CIDR range');
const addressCheck = (a: string) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a) ? null : 'is not an email address');

/** Validates untrusted JSON (a tenant.json file, an API body) into a TenantContext, naming the first bad entry. */
export function parseTenantContext(value: unknown): Parsed<TenantContext> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return inputError('bad-context', 'the tenant context must be a JSON object');
  }
  const input = value as Record<string, unknown>;
  const known = ['acceptedDomains', 'knownSenders', 'gatewayIps', 'tenantId'];
  const unknownKey = Object.keys(input).find((k) => !known.includes(k));
  if (unknownKey) return inputError('bad-context', `unknown field "${unknownKey}" (expected ${known.join(', ')})`);
  const context: TenantContext = {};
  const domains = stringList(input.acceptedDomains, 'acceptedDomains', domainCheck);
  if (!domains.ok) return domains;
  if (input.acceptedDomains !== undefined) context.acceptedDomains = domains.value;
  const gateways = stringList(input.gatewayIps, 'gatewayIps', ipCheck);
  if (!gateways.ok) return gateways;
  if (input.gatewayIps !== undefined) context.gatewayIps = gateways.value;
  if (input.tenantId !== undefined) {
    if (typeof input.tenantId !== 'string') return inputError('bad-context', 'tenantId must be text');
    context.tenantId = input.tenantId;
  }
  if (input.knownSenders !== undefined) {
    if (!Array.isArray(input.knownSenders)) return inputError('bad-context', 'knownSenders must be a list');
    const senders: KnownSender[] = [];
    for (let i = 0; i < input.knownSenders.length; i++) {
      const entry: unknown = input.knownSenders[i];
      const path = `knownSenders[${i}]`;
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
        return inputError('bad-context', `${path} must be an object`);
      const s = entry as Record<string, unknown>;
      if (typeof s.name !== 'string' || !s.name.trim())
        return inputError('bad-context', `${path}.name must be non-empty text`);
      const ips = stringList(s.ips, `${path}.ips`, ipCheck);
      if (!ips.ok) return ips;
      const addresses = stringList(s.addresses, `${path}.addresses`, addressCheck);
      if (!addresses.ok) return addresses;
      if (!ips.value.length && !addresses.value.length)
        return inputError('bad-context', `${path} needs at least one of ips or addresses`);
      const sender: KnownSender = { name: s.name.trim() };
      if (ips.value.length) sender.ips = ips.value;
      if (addresses.value.length) sender.addresses = addresses.value;
      senders.push(sender);
    }
    context.knownSenders = senders;
  }
  return { ok: true, value: context };
}
