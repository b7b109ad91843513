import { formatIp, networkAddress, parseIp } from '@dsguard/classifier';

export type Ipv6Grouping = 'prefix64' | 'exact';

export interface SourceKey {
  /** "203.0.113.0/24", "2001:db8:1:2::/64", an exact IPv6 address, or "no-ip". */
  key: string;
  ipVersion: 0 | 4 | 6;
  /** The address as seen, in RFC 5952 text (IPv4-mapped IPv6 becomes IPv4). */
  ip?: string;
}

export const NO_IP_KEY = 'no-ip';

/** Groups a connecting IP into an inventory source: IPv4 by /24, IPv6 by /64 (or exactly). */
export function sourceKeyFor(ipText: string | undefined, ipv6Grouping: Ipv6Grouping = 'prefix64'): SourceKey {
  const address = ipText?.trim() ? parseIp(ipText) : null;
  if (!address) return { key: NO_IP_KEY, ipVersion: 0 };
  const ip = formatIp(address);
  if (address.version === 4) return { key: `${formatIp(networkAddress(address, 24))}/24`, ipVersion: 4, ip };
  if (ipv6Grouping === 'exact') return { key: ip, ipVersion: 6, ip };
  return { key: `${formatIp(networkAddress(address, 64))}/64`, ipVersion: 6, ip };
}
