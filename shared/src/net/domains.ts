/** Domain helpers: accepted-domain matching with explicit "*." wildcards. */

export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
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

/** Two domains share an organizational domain in the relaxed DMARC sense (approximated by the last two labels, three for ccSLDs). */
export function sameOrganization(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return organizationalDomain(a) === organizationalDomain(b);
}

const SECOND_LEVEL_SUFFIXES = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or', 'go', 'gv', 'ltd', 'plc']);

export function organizationalDomain(domain: string): string {
  const labels = normalizeDomain(domain).split('.');
  if (labels.length <= 2) return labels.join('.');
  const secondLast = labels[labels.length - 2] ?? '';
  const last = labels[labels.length - 1] ?? '';
  const take = last.length === 2 && SECOND_LEVEL_SUFFIXES.has(secondLast) ? 3 : 2;
  return labels.slice(-take).join('.');
}
