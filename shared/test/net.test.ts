import { formatIp, ipInRange, isAcceptedDomain, parseIp, parseIpRange } from '../src/index.js';

describe('IP addresses and ranges', () => {
  test('parses IPv4, IPv6, bracketed, IPv6: prefixed and IPv4-mapped forms', () => {
    expect(parseIp('192.0.2.10')?.version).toBe(4);
    expect(parseIp('[2001:db8::1]')?.version).toBe(6);
    expect(parseIp('IPv6:2001:db8::1')?.version).toBe(6);
    expect(formatIp(parseIp('::ffff:192.0.2.1')!)).toBe('192.0.2.1');
    expect(parseIp('256.1.1.1')).toBeNull();
    expect(parseIp('1.2.3')).toBeNull();
    expect(parseIp('2001:db8::1::2')).toBeNull();
    expect(parseIp('not an ip')).toBeNull();
  });

  test('CIDR matching for both families, never across them', () => {
    const v4 = parseIpRange('192.223.74.0/24')!;
    expect(ipInRange(parseIp('192.223.74.125')!, v4)).toBe(true);
    expect(ipInRange(parseIp('192.223.75.1')!, v4)).toBe(false);
    const odd = parseIpRange('10.0.0.0/9')!;
    expect(ipInRange(parseIp('10.127.255.255')!, odd)).toBe(true);
    expect(ipInRange(parseIp('10.128.0.0')!, odd)).toBe(false);
    const v6 = parseIpRange('2001:db8:abcd::/48')!;
    expect(ipInRange(parseIp('2001:db8:abcd:12::1')!, v6)).toBe(true);
    expect(ipInRange(parseIp('2001:db8:abce::1')!, v6)).toBe(false);
    expect(ipInRange(parseIp('192.0.2.1')!, v6)).toBe(false);
    expect(parseIpRange('192.0.2.0/33')).toBeNull();
    expect(parseIpRange('192.0.2.0/24/1')).toBeNull();
  });

  test('formats IPv6 compactly', () => {
    expect(formatIp(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')!)).toBe('2001:db8::1');
  });
});

describe('isAcceptedDomain', () => {
  test('exact entries, and subdomains only through an explicit wildcard', () => {
    const accepted = ['contoso.com', '*.fabrikam.com'];
    expect(isAcceptedDomain('CONTOSO.COM', accepted)).toBe(true);
    expect(isAcceptedDomain('mail.contoso.com', accepted)).toBe(false);
    expect(isAcceptedDomain('hr.fabrikam.com', accepted)).toBe(true);
    expect(isAcceptedDomain('fabrikam.com', accepted)).toBe(false);
    expect(isAcceptedDomain('evilfabrikam.com', accepted)).toBe(false);
    expect(isAcceptedDomain(undefined, accepted)).toBe(false);
  });
});
