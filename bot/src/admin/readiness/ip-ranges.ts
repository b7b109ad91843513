import { parseIpv4 } from '../inventory/source-key.js';

interface Ipv4Range {
  base: number;
  prefix: number;
}

const toInt = (octets: number[]): number => (((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!) >>> 0;

/** "203.0.113.5", "203.0.113.0/24" or "203.0.113.1-203.0.113.9" (Exchange accepts all three). */
export function parseIpv4Range(text: string): Ipv4Range[] | undefined {
  const value = text.trim();
  const dash = value.split('-');
  if (dash.length === 2) {
    const from = parseIpv4(dash[0]!.trim());
    const to = parseIpv4(dash[1]!.trim());
    if (!from || !to) return undefined;
    const ranges: Ipv4Range[] = [];
    for (let ip = toInt(from); ip <= toInt(to) && ranges.length < 65536; ip += 1) ranges.push({ base: ip, prefix: 32 });
    return ranges;
  }
  const [address = '', prefixText] = value.split('/');
  const octets = parseIpv4(address);
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  if (!octets || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [{ base: (toInt(octets) & mask) >>> 0, prefix }];
}

/** True when every address of `inner` (an IP or CIDR) lies in one of `ranges`. */
export function ipv4Covered(inner: string, ranges: readonly string[]): boolean {
  const [target] = parseIpv4Range(inner) ?? [];
  if (!target) return false;
  return ranges.some((text) =>
    (parseIpv4Range(text) ?? []).some((range) => {
      if (range.prefix > target.prefix) return false;
      const mask = range.prefix === 0 ? 0 : (0xffffffff << (32 - range.prefix)) >>> 0;
      return ((target.base & mask) >>> 0) === range.base;
    }),
  );
}
