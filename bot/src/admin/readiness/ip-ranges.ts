import { ipSpanCovered, parseIpSpan, type IpSpan } from '@dsguard/classifier';

/**
 * True when every address of `inner` (an IPv4 address or CIDR block) lies in `ranges`, a connector's
 * SenderIPAddresses: addresses, CIDR blocks and dash ranges ("203.0.113.1-203.0.113.9"), of any size, together.
 */
export function ipv4Covered(inner: string, ranges: readonly string[]): boolean {
  const target = parseIpSpan(inner);
  if (target?.version !== 4) return false;
  return ipSpanCovered(
    target,
    ranges.map(parseIpSpan).filter((span): span is IpSpan => span !== null),
  );
}
