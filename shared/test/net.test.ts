import fc from 'fast-check';
import { isIPv6 } from 'node:net';
import {
  formatIp,
  ipInRange,
  ipSpanCovered,
  isAcceptedDomain,
  networkAddress,
  parseIp,
  parseIpRange,
  parseIpSpan,
  type IpSpan,
} from '../src/index.js';
import { ipText } from '../src/net/ip.js';

/** Reference IPv6 to 16 bytes, via the WHATWG URL parser's canonical form (test-only: the classifier has no Node). */
function referenceBytes(text: string): number[] {
  const host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const [head = '', rest] = host.split('::');
  const headWords = head ? head.split(':') : [];
  const restWords = rest === undefined ? [] : rest ? rest.split(':') : [];
  const words = [...headWords, ...Array(8 - headWords.length - restWords.length).fill('0'), ...restWords];
  return words.flatMap((w) => [parseInt(w, 16) >> 8, parseInt(w, 16) & 0xff]);
}

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
    expect(ipText('192.0.2.10')).toBe('192.0.2.10');
    expect(ipText(' [2001:DB8::1] ')).toBe('2001:db8::1');
    expect(ipText('IPv6:2001:db8::1')).toBe('2001:db8::1');
    expect(ipText('::FFFF:192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(ipText('fe80::1%7')).toBe('fe80::1%7');
    for (const text of ['256.1.1.1', '1.2.3', '2001:db8::1::2', 'ipv6:', '1:2:3:4:5:6:7:8:9', '', '[fe80::1']) {
      expect([text, ipText(text)]).toEqual([text, undefined]);
    }
  });

  test('IPv6 parsing agrees with Node and the URL parser on valid and invalid forms', () => {
    const group = fc.stringMatching(/^[0-9a-fA-F]{0,5}$/);
    const piece = fc.oneof(group, fc.constantFrom(':', '::', ':::', '.', '1.2.3.4', '192.0.2.300'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join(':').replace(/^:(?!:)/, '');
        if (!text.includes(':')) return;
        const ours = parseIp(text);
        expect([text, ours !== null]).toEqual([text, isIPv6(text)]);
        expect([text, ipText(text) !== undefined]).toEqual([text, ours !== null]);
        if (ours) {
          const bytes = referenceBytes(text);
          const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
          expect([text, [...ours.bytes]]).toEqual([text, mapped ? bytes.slice(12) : bytes]);
        }
      }),
      { numRuns: 3000 },
    );
    for (const text of [
      '::',
      '::1',
      '1::',
      '1:2:3:4:5:6:7::',
      '::ffff:192.0.2.1',
      '2603:10b6:5:333::23',
      'fe80::5822:2de1:c147:a4f7%7',
    ]) {
      expect([text, parseIp(text) !== null]).toEqual([text, true]);
    }
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

  test.each([
    ['2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'], // the longer run wins
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run, not the first
    ['2001:0:0:1:1:0:0:1', '2001::1:1:0:0:1'], // equal runs: the first
    ['2001:db8:0:1:0:0:1:1', '2001:db8:0:1::1:1'], // a single zero group stays "0"
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group is never "::"
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['2001:DB8::ABCD', '2001:db8::abcd'],
    ['fe80::1%eth0', 'fe80::1'],
  ])('RFC 5952 text: %s is %s', (input, text) => {
    expect(formatIp(parseIp(input)!)).toBe(text);
  });

  test('network address at prefix boundaries', () => {
    const net = (ip: string, prefix: number) => formatIp(networkAddress(parseIp(ip)!, prefix));
    expect(net('203.0.113.77', 24)).toBe('203.0.113.0');
    expect(net('203.0.113.77', 25)).toBe('203.0.113.0');
    expect(net('203.0.113.200', 25)).toBe('203.0.113.128');
    expect(net('203.0.113.77', 32)).toBe('203.0.113.77');
    expect(net('203.0.113.77', 0)).toBe('0.0.0.0');
    expect(net('2001:db8:1:2:3:4:5:6', 64)).toBe('2001:db8:1:2::');
    expect(net('2001:db8:1:2:3:4:5:6', 63)).toBe('2001:db8:1:2::');
    expect(net('2001:db8:1:3:3:4:5:6', 63)).toBe('2001:db8:1:2::');
    expect(net('2001:db8:1:2:3:4:5:6', 128)).toBe('2001:db8:1:2:3:4:5:6');
  });
});

describe('IP spans: addresses, CIDR blocks and dash ranges', () => {
  const span = (text: string) => parseIpSpan(text)!;
  const covered = (inner: string, outer: string[]) =>
    ipSpanCovered(
      span(inner),
      outer.map((t) => parseIpSpan(t)).filter((s): s is IpSpan => s !== null),
    );

  test('a CIDR block spans exactly its addresses, host bits ignored', () => {
    expect(span('192.0.2.0/24')).toEqual({ version: 4, first: 0xc0000200n, last: 0xc00002ffn });
    expect(span('192.0.2.9/24')).toEqual(span('192.0.2.0/24'));
    expect(span('192.0.2.9')).toEqual({ version: 4, first: 0xc0000209n, last: 0xc0000209n });
    expect(span('0.0.0.0/0')).toEqual({ version: 4, first: 0n, last: 0xffffffffn });
    expect(span('2001:db8::/32').last - span('2001:db8::/32').first + 1n).toBe(2n ** 96n);
  });

  test('dash ranges are one span of any size; reversed, mixed or malformed ones are refused', () => {
    expect(span('192.0.2.1 - 192.0.2.9')).toEqual({ version: 4, first: 0xc0000201n, last: 0xc0000209n });
    expect(span('10.0.0.0-10.255.255.255').last - span('10.0.0.0-10.255.255.255').first + 1n).toBe(16_777_216n);
    expect(parseIpSpan('192.0.2.9-192.0.2.1')).toBeNull();
    expect(parseIpSpan('192.0.2.1-2001:db8::1')).toBeNull();
    expect(parseIpSpan('192.0.2.1-192.0.2.2-192.0.2.3')).toBeNull();
    expect(parseIpSpan('192.0.2.1-')).toBeNull();
    expect(parseIpSpan('192.0.2.0/24-192.0.3.0')).toBeNull();
  });

  test('coverage at the block and range boundaries', () => {
    expect(covered('203.0.113.0/24', ['203.0.113.0/24'])).toBe(true);
    expect(covered('203.0.113.0/24', ['203.0.113.0/25'])).toBe(false);
    expect(covered('203.0.113.0/24', ['203.0.113.0/25', '203.0.113.128/25'])).toBe(true); // the union counts
    expect(covered('203.0.113.0/24', ['203.0.113.0/25', '203.0.113.129-203.0.113.255'])).toBe(false); // .128 missing
    expect(covered('203.0.113.0/24', ['203.0.113.0-203.0.113.255'])).toBe(true);
    expect(covered('203.0.113.0/24', ['203.0.113.0-203.0.113.254'])).toBe(false);
    expect(covered('203.0.113.0/24', ['203.0.113.1-203.0.114.0'])).toBe(false);
    expect(covered('203.0.113.255', ['203.0.113.0/24'])).toBe(true);
    expect(covered('203.0.114.0', ['203.0.113.0/24'])).toBe(false);
    expect(covered('203.0.112.255', ['203.0.113.0/24'])).toBe(false);
    // Far beyond 65,536 addresses from the range's start: nothing is expanded, nothing is cut off.
    expect(covered('10.200.0.0/24', ['10.0.0.0-10.255.255.255'])).toBe(true);
    expect(covered('2001:db8:1:2::/64', ['2001:db8::/32'])).toBe(true);
    expect(covered('2001:db8:1:2::/64', ['203.0.113.0/24', '0.0.0.0/0'])).toBe(false);
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
