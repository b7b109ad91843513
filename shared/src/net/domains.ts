/** Domain helpers: accepted-domain matching with explicit "*." wildcards, organizational domains. */
import { registrableDomain } from './public-suffix.js';

export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.+$/, '');
}

export function domainOf(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const at = address.lastIndexOf('@');
  if (at === -1) return /\./.test(address) ? normalizeDomain(address) : undefined;
  const domain = normalizeDomain(address.slice(at + 1).replace(/[>\]]+$/, ''));
  return domain || undefined;
}

/**
 * True when `domain` is one of `accepted`: an exact entry, or a subdomain covered by a "*.parent" entry
 * (a wildcard does not cover the parent itself, as in Exchange Online).
 */
export function isAcceptedDomain(domain: string | undefined, accepted: readonly string[]): boolean {
  if (!domain) return false;
  const d = normalizeDomain(domain);
  for (const entry of accepted) {
    const e = normalizeDomain(entry);
    if (e.startsWith('*.')) {
      if (d.endsWith(e.slice(1)) && d.length > e.length - 1) return true;
    } else if (d === e) return true;
  }
  return false;
}

/**
 * Shared suffixes where every label below is a different organization, missing from the Public Suffix List: each
 * Microsoft 365 tenant gets its own <name>.onmicrosoft.com.
 */
const SHARED_TENANT_SUFFIXES = ['onmicrosoft.com', 'mail.onmicrosoft.com', 'onmicrosoft.us', 'partner.onmschina.cn'];

/** Two domains share an organizational domain in the relaxed DMARC sense (RFC 7489 section 3.2, Public Suffix List). */
export function sameOrganization(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return organizationalDomain(a) === organizationalDomain(b);
}

/** The registrable domain under the Public Suffix List (ICANN and private sections); the domain itself if none. */
export function organizationalDomain(domain: string): string {
  const d = normalizeDomain(domain);
  for (const suffix of SHARED_TENANT_SUFFIXES) {
    if (d.endsWith(`.${suffix}`)) {
      const labels = d.slice(0, -suffix.length - 1).split('.');
      return `${labels[labels.length - 1]}.${suffix}`;
    }
  }
  return registrableDomain(d) ?? d;
}
