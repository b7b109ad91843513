import { coverageOf } from '../../src/admin/readiness/evaluate-readiness.js';
import { parseSnapshot } from '../../src/admin/readiness/snapshot.js';

/** Does a connector with these SenderIPAddresses cover a source seen from these IPs (as a saved snapshot holds them)? */
function covers(senderIps: string[], source: { key: string; ips?: string[] }): boolean {
  const snapshot = parseSnapshot({
    version: 1,
    organizationConfig: {},
    acceptedDomains: [{ DomainName: 'contoso.com' }],
    inboundConnectors: [{ Name: 'Copiers', SenderIPAddresses: senderIps }],
    sources: [source],
  });
  return coverageOf(snapshot.sources[0]!, snapshot.inboundConnectors).covered;
}

describe('inbound connector IP coverage (RejectDirectSend readiness)', () => {
  test('a dash range covers a whole /24 source, however far it reaches past 65,536 addresses', () => {
    expect(covers(['10.0.0.0-10.255.255.255'], { key: '10.200.7.0/24' })).toBe(true);
    expect(covers(['203.0.113.0-203.0.113.255'], { key: '203.0.113.0/24' })).toBe(true);
    expect(covers(['203.0.113.0-203.0.113.254'], { key: '203.0.113.0/24' })).toBe(false);
  });

  test('several entries of one connector cover together; a gap of one address does not', () => {
    expect(covers(['203.0.113.0/25', '203.0.113.128-203.0.113.255'], { key: '203.0.113.0/24' })).toBe(true);
    expect(covers(['203.0.113.0/25', '203.0.113.129-203.0.113.255'], { key: '203.0.113.0/24' })).toBe(false);
  });

  test('the addresses seen count when the source lists them; the boundaries of a block are exact', () => {
    expect(covers(['203.0.113.0/28'], { key: '203.0.113.0/24', ips: ['203.0.113.0', '203.0.113.15'] })).toBe(true);
    expect(covers(['203.0.113.0/28'], { key: '203.0.113.0/24', ips: ['203.0.113.0', '203.0.113.16'] })).toBe(false);
    expect(covers(['not-an-ip', '203.0.113.9-203.0.113.1'], { key: '203.0.113.5' })).toBe(false);
  });
});
