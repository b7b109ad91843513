import { isIPv6 } from 'node:net';

export type Ipv6Grouping = 'prefix64' | 'exact';

export interface SourceKey {
  /** "203.0.113.0/24", "2001:db8:1:2::/64", an exact IPv6 address, or "no-ip". */
  key: string;
  ipVersion: 0 | 4 | 6;
  /** The address as seen, normalised (IPv4-mapped IPv6 becomes IPv4). */
  ip?: string;
}

export const NO_IP_KEY = 'no-ip';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): number[] | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail is converted). */
export function expandIpv6(text: string): number[] | undefined {
  if (!isIPv6(text)) return undefined;
  let address = text.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4?.[1]) {
    const octets = parseIpv4(v4[1]);
    if (!octets) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    address = address.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups].map((group) => parseInt(group, 16));
  return groups.length === 8 && groups.every((group) => group >= 0 && group <= 0xffff) ? groups : undefined;
}

export function formatIpv6(groups: readonly number[]): string {
  // RFC 5952: compress the longest run of two or more zero groups.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j += 1;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Groups a connecting IP into an inventory source: IPv4 by /24, IPv6 by /64 (or exactly). */
export function sourceKeyFor(ipText: string | undefined, ipv6Grouping: Ipv6Grouping = 'prefix64'): SourceKey {
  const text = ipText?.trim().replace(/^\[|\]$/g, '') ?? '';
  if (text === '') return { key: NO_IP_KEY, ipVersion: 0 };
  const v4 = parseIpv4(text);
  if (v4) {
    const ip = v4.join('.');
    return { key: `${v4[0]}.${v4[1]}.${v4[2]}.0/24`, ipVersion: 4, ip };
  }
  const groups = expandIpv6(text);
  if (!groups) return { key: NO_IP_KEY, ipVersion: 0 };
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return sourceKeyFor(`${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`, ipv6Grouping);
  }
  const ip = formatIpv6(groups);
  if (ipv6Grouping === 'exact') return { key: ip, ipVersion: 6, ip };
  return { key: `${formatIpv6([...groups.slice(0, 4), 0, 0, 0, 0])}/64`, ipVersion: 6, ip };
}
