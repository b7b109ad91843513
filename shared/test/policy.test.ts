import {
  classify,
  decide,
  POLICY,
  REASON_TEXT,
  REASON_WEIGHTS,
  SCORE_BANDS,
  VERDICT_CODES,
  type Evidence,
  type Route,
} from '../src/index.js';
import { CONTOSO, exchangeMessage } from './fixtures/exchange-message.js';

const FLAGS = [
  'fromKnown',
  'fromAccepted',
  'domainsKnown',
  'forged',
  'authAvailable',
  'exchangePass',
  'exchangeFail',
  'authPasses',
  'authFails',
  'knownSenderByIp',
  'knownAddressUnknownIp',
  'mailingList',
  'viaGateway',
  'connectorAuthFail',
] as const satisfies readonly (keyof Evidence)[];
const ROUTES: Route[] = ['anonymous-inbound', 'internal', 'connector', 'unknown'];

/** Every combination of the evidence record: 4 routes x 2^14 flag settings. */
function* everyEvidence(): Generator<Evidence> {
  for (const route of ROUTES) {
    for (let bits = 0; bits < 1 << FLAGS.length; bits++) {
      const evidence = { route } as Evidence;
      FLAGS.forEach((flag, i) => (evidence[flag] = (bits & (1 << i)) !== 0));
      yield evidence;
    }
  }
}

describe('the verdict policy table', () => {
  test('rule ids and precedences are unique, every rule gives a known verdict and says why', () => {
    expect(new Set(POLICY.map((r) => r.id)).size).toBe(POLICY.length);
    expect(new Set(POLICY.map((r) => r.precedence)).size).toBe(POLICY.length);
    for (const rule of POLICY) {
      expect(VERDICT_CODES).toContain(rule.verdict);
      expect(rule.why.length).toBeGreaterThan(20);
    }
  });

  test('every reason has a weight and a sentence, and every weight belongs to a reason', () => {
    expect(Object.keys(REASON_WEIGHTS).sort()).toEqual(Object.keys(REASON_TEXT).sort());
  });

  test('every rule is reachable: no rule is hidden behind another', () => {
    const reached = new Set<string>();
    for (const evidence of everyEvidence()) reached.add(decide(evidence).id);
    expect([...reached].sort()).toEqual(POLICY.map((r) => r.id).sort());
  });

  test('invariants over every combination of evidence', () => {
    for (const e of everyEvidence()) {
      const { verdict, id } = decide(e);
      const where = `${id} for ${JSON.stringify(e)}`;
      // Exchange's own compauth=pass is never overruled into a spoof; neither is a log without authentication results.
      if (e.exchangePass || !e.authAvailable) expect([where, verdict]).not.toEqual([where, 'spoof']);
      // Only the organization's own From, arriving from the internet, can be a spoof.
      if (verdict === 'spoof') expect([where, e.route, e.fromAccepted]).toEqual([where, 'anonymous-inbound', true]);
      // A From outside the organization's known domains is external whether or not a hop shows how it came.
      if (
        e.domainsKnown &&
        e.fromKnown &&
        !e.fromAccepted &&
        !e.forged &&
        e.route !== 'internal' &&
        e.route !== 'connector'
      ) {
        expect([where, verdict]).toEqual([where, 'external']);
      }
      // An approved device by IP, with nothing forged, is legitimate Direct Send.
      if (e.route === 'anonymous-inbound' && e.fromAccepted && e.knownSenderByIp && !e.forged) {
        expect([where, verdict]).toEqual([where, 'direct-send']);
      }
    }
  });

  test('classify names the rule that gave its verdict, and its score sits in that verdict band', () => {
    const spoof = classify(exchangeMessage(), CONTOSO);
    expect(spoof).toMatchObject({ verdict: 'spoof', facts: { policyRule: 'unauthenticated' } });
    const [low, high] = SCORE_BANDS.spoof;
    expect(spoof.score).toBeGreaterThanOrEqual(low);
    expect(spoof.score).toBeLessThanOrEqual(high);
    const device = classify(exchangeMessage(), {
      ...CONTOSO,
      knownSenders: [{ name: 'Copier', ips: ['77.253.224.0/24'] }],
    });
    expect(device).toMatchObject({ verdict: 'direct-send', facts: { policyRule: 'known-sender' } });
  });

  test("Exchange's dmarc=fail outranks a local DKIM alignment guess", () => {
    const raw = exchangeMessage({
      dkim: 'pass',
      dkimDomain: 'contoso.com',
      dmarc: 'fail',
      compauth: 'fail',
      compauthReason: '000',
    });
    expect(classify(raw, CONTOSO)).toMatchObject({ verdict: 'spoof', facts: { policyRule: 'unauthenticated' } });
  });

  test("Exchange's compauth=pass is never a spoof, even with dmarc=fail", () => {
    const raw = exchangeMessage({ dmarc: 'fail', compauth: 'pass', compauthReason: '130' });
    expect(classify(raw, CONTOSO)).toMatchObject({ verdict: 'direct-send', facts: { policyRule: 'authenticated' } });
  });
});
