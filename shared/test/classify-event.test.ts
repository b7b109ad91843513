import { classify, classifyMailEvent, type MailEvent } from '../src/index.js';
import { CONTOSO, exchangeMessage } from './fixtures/exchange-message.js';

/** A Direct Send spoof of contoso.com as Defender's EmailEvents logs it (the same message as exchangeMessage()). */
const spoofEvent = (over: Partial<MailEvent> = {}): MailEvent => ({
  source: 'defender',
  networkMessageId: 'a7e6529b-ce76-e9f4-7721-6e9ee7a46309',
  senderFromAddress: 'alex.wilber@contoso.com',
  senderMailFromAddress: 'alex.wilber@contoso.com',
  senderIp: '77.253.224.50',
  recipients: ['alex.wilber@contoso.com'],
  subject: 'Caller Left VM Message',
  direction: 'Inbound',
  connectors: '',
  auth: { spf: 'fail', dkim: 'none', dmarc: 'fail', compauth: 'fail', compauthReason: '601' },
  deliveryAction: 'Delivered',
  deliveryLocation: 'Inbox/folder',
  detectionMethods: '{"Phish":["Spoof intra-org"]}',
  timestamp: '2026-07-21T01:04:52Z',
  ...over,
});
const ids = (v: { reasons: { id: string }[] }) => v.reasons.map((r) => r.id);

describe('classifyMailEvent', () => {
  test('a spoof-like Defender event is a spoof, judged by the same rule and reasons as its headers', () => {
    const fromEvent = classifyMailEvent(spoofEvent(), CONTOSO);
    const fromHeaders = classify(exchangeMessage(), CONTOSO);
    expect(fromEvent.verdict).toBe('spoof');
    expect(fromEvent.facts.policyRule).toBe(fromHeaders.facts.policyRule);
    for (const id of [
      'auth.compauth-fail',
      'auth.dmarc-fail',
      'auth.spf-fail',
      'from.accepted-domain',
      'from.equals-to',
      'route.anonymous-inbound',
    ]) {
      expect(ids(fromEvent)).toContain(id);
      expect(ids(fromHeaders)).toContain(id);
    }
    expect(ids(fromEvent)).toContain('ms.spoof-detected');
    const compauth = fromEvent.reasons.find((r) => r.id === 'auth.compauth-fail');
    expect(compauth?.summary).toBe(fromHeaders.reasons.find((r) => r.id === 'auth.compauth-fail')?.summary);
    expect(compauth?.evidence).toMatch(/^EmailEvents\.AuthenticationDetails: /);
    expect(fromEvent.facts).toMatchObject({
      networkMessageId: 'a7e6529b-ce76-e9f4-7721-6e9ee7a46309',
      fromDomain: 'contoso.com',
      mailFromDomain: 'contoso.com',
      connectingIp: '77.253.224.50',
      spf: 'fail',
      dkim: 'none',
      dmarc: 'fail',
      compauth: 'fail',
      compauthReason: '601',
    });
  });

  test('an approved device (by IP or CIDR) is direct-send', () => {
    const context = { ...CONTOSO, knownSenders: [{ name: 'Floor 2 copier', ips: ['77.253.224.0/24'] }] };
    expect(classifyMailEvent(spoofEvent({ detectionMethods: '' }), context)).toMatchObject({
      verdict: 'direct-send',
      facts: { knownSender: 'Floor 2 copier', policyRule: 'known-sender' },
    });
  });

  test('a From outside the accepted domains is external', () => {
    const event = spoofEvent({
      senderFromAddress: 'billing@fabrikam.example',
      senderMailFromAddress: 'bounce@fabrikam.example',
    });
    expect(classifyMailEvent(event, CONTOSO).verdict).toBe('external');
  });

  test('intra-org and outbound mail is internal; a connector route is connector mail', () => {
    expect(classifyMailEvent(spoofEvent({ direction: 'Intra-org' }), CONTOSO).verdict).toBe('internal');
    expect(classifyMailEvent(spoofEvent({ direction: 'Outbound' }), CONTOSO).verdict).toBe('internal');
    const viaConnector = classifyMailEvent(
      spoofEvent({ connectors: 'On-prem relay', auth: { spf: 'pass', dmarc: 'pass', compauth: 'pass' } }),
      CONTOSO,
    );
    expect(viaConnector.verdict).toBe('connector');
    expect(viaConnector.reasons.find((r) => r.id === 'route.connector')?.evidence).toBe(
      'EmailEvents.Connectors: On-prem relay',
    );
    // A partner connector delivering the tenant's own domain that Exchange failed: the same rule as in headers.
    expect(classifyMailEvent(spoofEvent({ connectors: 'Gateway' }), CONTOSO)).toMatchObject({
      verdict: 'suspicious',
      facts: { policyRule: 'connector.unauthenticated-own-domain' },
    });
  });

  test('a message-trace event has no authentication results: at most suspicious, never spoof', () => {
    const trace = classifyMailEvent({ ...spoofEvent(), source: 'trace' }, CONTOSO);
    expect(trace).toMatchObject({ verdict: 'suspicious', facts: { policyRule: 'no-authentication-results' } });
    expect(trace.facts.spf).toBeUndefined();
    expect(ids(trace)).toContain('auth.missing');
    expect(trace.reasons.find((r) => r.id === 'from.accepted-domain')?.evidence).toBe(
      'MessageTrace.SenderFromAddress: alex.wilber@contoso.com',
    );
  });

  test("Exchange's compauth=pass in the log is never a spoof", () => {
    const event = spoofEvent({
      auth: { spf: 'fail', dkim: 'pass', dmarc: 'fail', compauth: 'pass', compauthReason: '130' },
      detectionMethods: '',
    });
    expect(classifyMailEvent(event, CONTOSO).verdict).toBe('direct-send');
  });

  test('without a tenant context, domains are inferred only from what Exchange proved (compauth 601)', () => {
    expect(classifyMailEvent(spoofEvent())).toMatchObject({
      verdict: 'spoof',
      facts: { acceptedDomainsSource: 'inferred' },
    });
    // The recipients alone prove nothing: without a proof the From is not known to be the organization's.
    const noProof = classifyMailEvent(
      spoofEvent({ auth: { spf: 'fail', dmarc: 'fail', compauth: 'fail', compauthReason: '000' } }),
    );
    expect(noProof.verdict).not.toBe('spoof');
  });

  test.each<[string, unknown]>([
    ['an empty object', {}],
    ['null', null],
    ['a string', 'not an event'],
    [
      'wrong types everywhere',
      { source: 7, senderFromAddress: 42, recipients: 'x', auth: 'spf=fail', senderIp: {}, direction: [] },
    ],
    [
      'garbage addresses and IPs',
      { source: 'defender', senderFromAddress: '<<<@@>>>', senderIp: '999.1.1.1', recipients: [null, 'a@', '@b'] },
    ],
    ['a hostile context', spoofEvent()],
  ])('%s never throws and gives a verdict', (_label, event) => {
    const verdict = classifyMailEvent(event as MailEvent, _label === 'a hostile context' ? ([] as never) : CONTOSO);
    expect(verdict.verdict).toMatch(/^(spoof|suspicious|direct-send|internal|connector|external|unknown)$/);
    expect(ids(verdict)).not.toContain('internal.error');
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
  });

  test('an empty event is unknown', () => {
    expect(classifyMailEvent({ source: 'defender' }, CONTOSO).verdict).toBe('unknown');
  });
});
