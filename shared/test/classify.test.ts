import { classify, tryClassify, VERDICT_CODES, parseTenantContext } from '../src/index.js';
import { CONTOSO, exchangeMessage } from './fixtures/exchange-message.js';

describe('classify contract', () => {
  test('returns one of the seven verdicts, a score within 0..100 and JSON-safe facts', () => {
    const verdict = classify(exchangeMessage(), CONTOSO);
    expect(VERDICT_CODES).toContain(verdict.verdict);
    expect(verdict.score).toBeGreaterThanOrEqual(0);
    expect(verdict.score).toBeLessThanOrEqual(100);
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
    expect(verdict.facts).toMatchObject({
      fromDomain: 'contoso.com',
      mailFromDomain: 'contoso.com',
      connectingIp: '77.253.224.50',
      authAs: 'Anonymous',
      directionality: 'Incoming',
      spf: 'fail',
      dkim: 'none',
      dmarc: 'fail',
      compauth: 'fail',
      compauthReason: '601',
      networkMessageId: 'a7e6529b-ce76-e9f4-7721-6e9ee7a46309',
    });
  });

  test('the score never contradicts the verdict', () => {
    expect(classify(exchangeMessage(), CONTOSO).score).toBeGreaterThanOrEqual(70);
    expect(
      classify(exchangeMessage({ dmarc: 'pass', compauth: 'pass', compauthReason: '100', spf: 'pass' }), CONTOSO).score,
    ).toBeLessThan(40);
  });

  test('legitimate Direct Send (SPF and DMARC pass for the tenant domain) is direct-send, not spoof', () => {
    expect(
      classify(
        exchangeMessage({ spf: 'pass', dmarc: 'pass', compauth: 'pass', compauthReason: '100', helo: 'printer01' }),
        CONTOSO,
      ).verdict,
    ).toBe('direct-send');
  });

  test('a SaaS sender that uses the tenant domain in the envelope and passes is direct-send', () => {
    const verdict = classify(
      exchangeMessage({
        from: 'noreply@contoso.com',
        to: 'megan@contoso.com',
        mailFrom: 'contoso.com',
        spf: 'pass',
        dmarc: 'pass',
        compauth: 'pass',
        compauthReason: '100',
        helo: 'o1.ptr1234.sendgrid.net',
        ptr: 'o1.ptr1234.sendgrid.net',
      }),
      CONTOSO,
    );
    expect(verdict.verdict).toBe('direct-send');
  });

  test('a known device by IP is direct-send even though authentication fails', () => {
    const context = { ...CONTOSO, knownSenders: [{ name: 'Floor 2 copier', ips: ['77.253.224.0/24'] }] };
    const verdict = classify(exchangeMessage(), context);
    expect(verdict.verdict).toBe('direct-send');
    expect(verdict.facts.knownSender).toBe('Floor 2 copier');
  });

  test("using a known device's address from a foreign IP is a spoof", () => {
    const context = {
      ...CONTOSO,
      knownSenders: [{ name: 'Copier', ips: ['192.0.2.0/24'], addresses: ['alex.wilber@contoso.com'] }],
    };
    expect(classify(exchangeMessage(), context).verdict).toBe('spoof');
  });

  test('through a partner connector (a gateway), a failed check of the tenant domain is suspicious; a passing one is connector mail', () => {
    const viaGateway = {
      authAs: 'Partner',
      crossTenantAuthAs: 'Partner',
      cip: '198.51.100.7',
      helo: 'esa1.contoso.iphmx.com',
    };
    expect(classify(exchangeMessage({ ...viaGateway, compauth: 'fail', compauthReason: '601' }), CONTOSO).verdict).toBe(
      'suspicious',
    );
    expect(
      classify(
        exchangeMessage({ ...viaGateway, spf: 'pass', dmarc: 'pass', compauth: 'pass', compauthReason: '100' }),
        CONTOSO,
      ).verdict,
    ).toBe('connector');
    // An on-premises relay (hybrid) is the organization's own server: not second-guessed on authentication.
    expect(
      classify(
        exchangeMessage({ fromEntity: 'HybridOnPrem', directionality: 'Originating', authAs: 'Internal' }),
        CONTOSO,
      ).verdict,
    ).toBe('connector');
  });

  test('a mailing list relaying an employee post is at most suspicious', () => {
    const verdict = classify(
      exchangeMessage({
        mailFrom: 'lists.apache.org',
        to: 'dev@lists.apache.org',
        senderHeaders: ['List-Id: Development <dev.lists.apache.org>'],
      }),
      CONTOSO,
    );
    expect(verdict.verdict).toBe('suspicious');
  });

  test('without context the tenant domains are inferred and the reasons say so', () => {
    const verdict = classify(exchangeMessage());
    expect(verdict.verdict).toBe('spoof');
    expect(verdict.facts.acceptedDomainsSource).toBe('inferred');
    expect(verdict.facts.acceptedDomains).toEqual(expect.arrayContaining(['contoso.com']));
    expect(verdict.reasons.find((r) => r.id === 'context.inferred-domains')?.summary).toMatch(/compauth reason 601/);
  });

  test('wildcard accepted domains cover subdomains', () => {
    const raw = exchangeMessage({ from: 'hr@eu.contoso.com', to: 'x@contoso.com', mailFrom: 'eu.contoso.com' });
    expect(classify(raw, { acceptedDomains: ['contoso.com'] }).verdict).toBe('external');
    expect(classify(raw, { acceptedDomains: ['contoso.com', '*.contoso.com'] }).verdict).toBe('spoof');
  });

  test('mail a user sent through SMTP AUTH client submission is internal', () => {
    const raw = [
      'Received: from SA1PR12MB1234.namprd12.prod.outlook.com (2603:10b6:806:1::10) by SA1PR12MB5678.namprd12.prod.outlook.com with HTTPS; Tue, 21 Jul 2026 01:04:55 +0000',
      'Received: from scanner.corp.contoso.com (198.51.100.23) by SA1PR12MB1234.namprd12.prod.outlook.com (2603:10b6:806:1::10) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.8989.12; Tue, 21 Jul 2026 01:04:54 +0000',
      'From: scanner@contoso.com',
      'To: megan@contoso.com',
      'Subject: Scanned document',
      'X-MS-Exchange-Organization-MessageDirectionality: Originating',
      'X-MS-Exchange-Organization-AuthAs: Internal',
      'X-MS-Exchange-Organization-AuthMechanism: 04',
      'X-MS-Exchange-CrossTenant-FromEntityHeader: Hosted',
      '',
      '',
    ].join('\n');
    const verdict = classify(raw, CONTOSO);
    expect(verdict.verdict).toBe('internal');
    expect(verdict.facts.firstTenantHop?.by).toBe('SA1PR12MB1234.namprd12.prod.outlook.com');
    // The same path with Exchange saying the sender was not signed in is not called internal.
    expect(
      classify(
        raw
          .replace('AuthAs: Internal', 'AuthAs: Anonymous')
          .replace('FromEntityHeader: Hosted', 'FromEntityHeader: Internet'),
        CONTOSO,
      ).verdict,
    ).toBe('unknown');
  });

  test('headers alone, with no Exchange Online hop, are unknown', () => {
    expect(classify('From: a@contoso.com\nTo: b@contoso.com\nSubject: hi\n', CONTOSO).verdict).toBe('unknown');
  });

  test('tryClassify returns typed errors for unreadable input, classify answers unknown instead of throwing', () => {
    expect(tryClassify('')).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(tryClassify('just some words')).toMatchObject({ ok: false, error: { code: 'no-headers' } });
    expect(tryClassify(exchangeMessage(), [] as never)).toMatchObject({ ok: false, error: { code: 'bad-context' } });
    const verdict = classify('');
    expect(verdict).toMatchObject({ verdict: 'unknown', reasons: [{ id: 'input.limit' }] });
  });

  test('malformed tenant context entries are reported, not fatal', () => {
    const verdict = classify(exchangeMessage(), { ...CONTOSO, knownSenders: [{ name: 'bad', ips: ['not-an-ip'] }] });
    expect(verdict.reasons.find((r) => r.id === 'context.problem')?.summary).toMatch(/not-an-ip/);
  });
});

describe('parseTenantContext', () => {
  test('accepts a full context and normalizes case', () => {
    const parsed = parseTenantContext({
      acceptedDomains: ['Contoso.com', '*.contoso.com'],
      knownSenders: [{ name: 'MFP', ips: ['192.0.2.0/24', '2001:db8::/32'], addresses: ['MFP@contoso.com'] }],
      gatewayIps: ['198.51.100.7'],
      tenantId: 't',
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        acceptedDomains: ['contoso.com', '*.contoso.com'],
        knownSenders: [{ name: 'MFP', ips: ['192.0.2.0/24', '2001:db8::/32'], addresses: ['mfp@contoso.com'] }],
        gatewayIps: ['198.51.100.7'],
        tenantId: 't',
      },
    });
  });

  test.each([
    [[], 'must be a JSON object'],
    [{ acceptedDomain: [] }, 'unknown field "acceptedDomain"'],
    [{ acceptedDomains: ['not a domain'] }, 'acceptedDomains[0] is not a domain name'],
    [{ gatewayIps: ['300.1.1.1'] }, 'gatewayIps[0] is not an IP address'],
    [{ knownSenders: [{ name: 'x' }] }, 'knownSenders[0] needs at least one of ips or addresses'],
    [{ knownSenders: [{ name: 'x', addresses: ['nope'] }] }, 'knownSenders[0].addresses[0] is not an email address'],
  ])('rejects %j naming the problem', (input, message) => {
    const parsed = parseTenantContext(input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error.message).toContain(message);
  });
});
