import { classify, type Verdict } from '../src/index.js';
import { CONTOSO, exchangeMessage, type MessageShape } from './fixtures/exchange-message.js';

const ids = (v: Verdict) => v.reasons.map((r) => r.id);
const run = (shape: MessageShape, context: Parameters<typeof classify>[1] = CONTOSO) =>
  classify(exchangeMessage(shape), context);

/** For each signal: one header shape that triggers it and one that does not. */
const cases: { id: string; triggers: MessageShape; quiet: MessageShape; context?: Parameters<typeof classify>[1] }[] = [
  {
    id: 'route.anonymous-inbound',
    triggers: {},
    quiet: { authAs: 'Internal', directionality: 'Originating', fromEntity: 'Hosted' },
  },
  {
    id: 'route.internal',
    triggers: { authAs: 'Internal', directionality: 'Originating', fromEntity: 'Hosted' },
    quiet: {},
  },
  { id: 'route.connector', triggers: { fromEntity: 'HybridOnPrem', directionality: 'Originating' }, quiet: {} },
  {
    id: 'connector.auth-fail',
    triggers: { authAs: 'Partner', crossTenantAuthAs: 'Partner', compauth: 'fail', compauthReason: '601' },
    quiet: {
      authAs: 'Partner',
      crossTenantAuthAs: 'Partner',
      spf: 'pass',
      dmarc: 'pass',
      compauth: 'pass',
      compauthReason: '100',
    },
  },
  { id: 'from.accepted-domain', triggers: {}, quiet: { from: 'billing@litware.com' } },
  { id: 'from.external-domain', triggers: { from: 'billing@litware.com' }, quiet: {} },
  { id: 'from.equals-to', triggers: {}, quiet: { to: 'megan.bowen@contoso.com' } },
  { id: 'from.missing', triggers: { from: null }, quiet: {} },
  { id: 'from.multiple', triggers: { senderHeaders: ['From: other@contoso.com'] }, quiet: {} },
  { id: 'mailfrom.accepted-domain', triggers: {}, quiet: { mailFrom: 'mailer-eu.xyz' } },
  { id: 'mailfrom.unrelated', triggers: { mailFrom: 'mailer-eu.xyz' }, quiet: {} },
  { id: 'auth.spf-fail', triggers: { spf: 'fail' }, quiet: { spf: 'pass' } },
  { id: 'auth.spf-softfail', triggers: { spf: 'softfail' }, quiet: { spf: 'fail' } },
  { id: 'auth.spf-none', triggers: { spf: 'none' }, quiet: { spf: 'fail' } },
  {
    id: 'auth.spf-pass',
    triggers: { spf: 'pass', dmarc: 'pass', compauth: 'pass', compauthReason: '100' },
    quiet: { spf: 'pass', mailFrom: 'mailer-eu.xyz' },
  },
  {
    id: 'auth.dkim-missing',
    triggers: {},
    quiet: { dkim: 'pass', dkimDomain: 'contoso.com', dmarc: 'pass', compauth: 'pass', compauthReason: '101' },
  },
  {
    id: 'auth.dkim-pass',
    triggers: { dkim: 'pass', dkimDomain: 'contoso.com', dmarc: 'pass', compauth: 'pass', compauthReason: '101' },
    quiet: { dkim: 'pass', dkimDomain: 'mailer-eu.xyz' },
  },
  { id: 'auth.dmarc-fail', triggers: {}, quiet: { dmarc: 'none' } },
  { id: 'auth.dmarc-pass', triggers: { dmarc: 'pass' }, quiet: {} },
  { id: 'auth.compauth-fail', triggers: {}, quiet: { compauth: 'pass', compauthReason: '100' } },
  { id: 'auth.compauth-pass', triggers: { compauth: 'pass', compauthReason: '100' }, quiet: {} },
  {
    id: 'auth.compauth-none',
    triggers: { compauth: 'none', compauthReason: '451' },
    quiet: { compauth: 'none', compauthReason: '905' },
  },
  { id: 'auth.missing', triggers: { authResults: null }, quiet: {} },
  { id: 'compauth.accepted-domain', triggers: { compauthReason: '601' }, quiet: { compauthReason: '000' } },
  { id: 'ms.spoof-detected', triggers: { cat: 'SPOOF', sfty: '9.11' }, quiet: { cat: 'NONE' } },
  { id: 'ms.junk', triggers: { scl: '5', sfv: 'SPM', dest: 'J' }, quiet: { scl: '1' } },
  { id: 'ms.filter-bypass', triggers: { sfv: 'SKN', ipv: 'CAL', scl: '-1' }, quiet: {} },
  {
    id: 'ms.direct-send-stamp',
    triggers: { appendedHeaders: ['X-MS-Exchange-Organization-IsAnonymousDirectSend: True'] },
    quiet: { appendedHeaders: ['X-MS-Exchange-Organization-IsAnonymousDirectSend: False'] },
  },
  { id: 'source.generic-helo', triggers: { helo: '[127.0.0.1]' }, quiet: { helo: 'mail.contoso-partner.com' } },
  { id: 'source.no-ptr', triggers: { ptr: 'InfoNoRecords' }, quiet: { ptr: 'mail.example.net' } },
  {
    id: 'source.known-sender',
    triggers: { cip: '192.223.74.125' },
    quiet: { cip: '198.51.100.9' },
    context: { ...CONTOSO, knownSenders: [{ name: 'Copier', ips: ['192.223.74.0/24'] }] },
  },
  {
    id: 'source.known-address-unknown-ip',
    triggers: { from: 'mfp@contoso.com', cip: '198.51.100.9' },
    quiet: { from: 'mfp@contoso.com', cip: '192.223.74.125' },
    context: {
      ...CONTOSO,
      knownSenders: [{ name: 'Copier', ips: ['192.223.74.0/24'], addresses: ['mfp@contoso.com'] }],
    },
  },
  {
    id: 'source.gateway',
    triggers: { cip: '139.191.8.202' },
    quiet: { cip: '139.191.9.1' },
    context: { ...CONTOSO, gatewayIps: ['139.191.8.0/24'] },
  },
  { id: 'source.gateway-routing', triggers: { compauth: 'none', compauthReason: '905' }, quiet: {} },
  {
    id: 'list.mailing-list',
    triggers: { mailFrom: 'lists.apache.org', senderHeaders: ['List-Id: <dev.lists.apache.org>'] },
    quiet: { mailFrom: 'lists.apache.org' },
  },
  {
    id: 'reply-to.external',
    triggers: { senderHeaders: ['Reply-To: payroll@contoso-hr.support'] },
    quiet: { senderHeaders: ['Reply-To: payroll@contoso.com'] },
  },
  { id: 'trust.forged-stamp', triggers: { senderHeaders: ['X-MS-Exchange-Organization-AuthAs: Internal'] }, quiet: {} },
  { id: 'input.malformed', triggers: { senderHeaders: ['this line is not a header'] }, quiet: {} },
  { id: 'context.inferred-domains', triggers: {}, quiet: {}, context: undefined },
];

describe('each signal fires on its header and stays quiet without it', () => {
  test.each(cases)('$id', ({ id, triggers, quiet, context }) => {
    if (id === 'context.inferred-domains') {
      expect(ids(classify(exchangeMessage(triggers)))).toContain(id);
      expect(ids(classify(exchangeMessage(quiet), CONTOSO))).not.toContain(id);
      return;
    }
    const ctx = context ?? CONTOSO;
    expect(ids(run(triggers, ctx))).toContain(id);
    expect(ids(run(quiet, ctx))).not.toContain(id);
  });
});

describe('signals that need a message of another shape', () => {
  const noExchange =
    'Received: from mail.example.org (192.0.2.1) by mx.example.net with ESMTPS; Tue, 21 Jul 2026 01:04:52 +0000\nFrom: a@contoso.com\nTo: b@contoso.com\n\n';
  test('route.unknown and trust.no-tenant-hop: another mail system delivered it', () => {
    expect(ids(classify(noExchange, CONTOSO))).toEqual(
      expect.arrayContaining(['route.unknown', 'trust.no-tenant-hop']),
    );
    expect(ids(classify(exchangeMessage(), CONTOSO))).not.toContain('route.unknown');
    expect(ids(classify(exchangeMessage(), CONTOSO))).not.toContain('trust.no-tenant-hop');
  });

  test('context.no-domains: nothing configured and nothing provable', () => {
    expect(ids(classify('From: someone\n\n'))).toContain('context.no-domains');
    expect(ids(classify('From: someone\n\n', CONTOSO))).not.toContain('context.no-domains');
  });

  test('context.problem: a bad entry in the tenant settings', () => {
    expect(ids(classify(exchangeMessage(), { ...CONTOSO, gatewayIps: ['nope'] }))).toContain('context.problem');
    expect(ids(classify(exchangeMessage(), { ...CONTOSO, gatewayIps: ['192.0.2.1'] }))).not.toContain(
      'context.problem',
    );
  });

  test('input.limit: unreadable input', () => {
    expect(ids(classify(''))).toEqual(['input.limit']);
    expect(ids(classify(exchangeMessage()))).not.toContain('input.limit');
  });
});

describe('reasons', () => {
  test('every reason has a stable id, a severity, a plain sentence, and the evidence as header text', () => {
    const verdict = run({ cat: 'SPOOF', sfty: '9.11', helo: '[127.0.0.1]' });
    for (const reason of verdict.reasons) {
      expect(reason.id).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
      expect(['high', 'medium', 'low', 'info']).toContain(reason.severity);
      expect(reason.summary).toMatch(/^[A-Z"].*[.)]$/);
      expect(reason.summary).not.toMatch(/undefined|\[object/);
    }
    expect(verdict.reasons.find((r) => r.id === 'auth.compauth-fail')?.evidence).toBe('compauth=fail reason=601');
    expect(verdict.reasons.find((r) => r.id === 'ms.spoof-detected')?.evidence).toBe('CAT:SPOOF;SFTY:9.11');
  });

  test('reasons are ordered by severity, most serious first', () => {
    const order = { high: 0, medium: 1, low: 2, info: 3 };
    const severities = run({}).reasons.map((r) => order[r.severity]);
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
  });

  test('unknown compauth codes are explained by their family', () => {
    const verdict = run({ compauth: 'fail', compauthReason: '604' });
    expect(verdict.facts.compauthMeaning).toBe('composite authentication failed (code 604)');
    expect(verdict.reasons.find((r) => r.id === 'compauth.accepted-domain')).toBeDefined();
  });
});
