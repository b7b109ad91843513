/**
 * Regression cases for the classifier on real Exchange Online layouts (issue 9): each builds the smallest message
 * in the layout Exchange really writes that showed a bug, and names the bug.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { classify, organizationalDomain, sameOrganization } from '../src/index.js';
import { CONTOSO, exchangeMessage } from './fixtures/exchange-message.js';

const ids = (v: { reasons: { id: string }[] }) => v.reasons.map((r) => r.id);

/** What Outlook.com and Exchange Online write around the sender's headers in a real delivery. */
const OUTLOOK_COM_LAYOUT = {
  senderHeaders: ['X-IncomingHeaderCount: 12'],
  appendedHeaders: [
    'X-MS-Exchange-Transport-EndToEndLatency: 00:00:01.9907400',
    'X-Message-Flag: Flag',
    'Importance: high',
    'X-Priority: 1',
    'X-Message-Info: 6hMotsjLow+yTsFRVijelVZ1fmLlO9+LfINrT8NhXYhEM8uUY',
    'X-Microsoft-Antispam-Message-Info: =?utf-8?B?RHV4alRKM2REbDVqL3NmUyswbkZhMGVUbHBJdXRNZjkzQkQ0bmo1bURzeHMr?=',
    'MIME-Version: 1.0',
  ],
};
const withTopMarker = (raw: string) =>
  raw.replace(
    /^(From: )/m,
    'X-IncomingTopHeaderMarker: OriginalChecksum:1D96;UpperCasedChecksum:3F65;SizeAsReceived:1013;Count:12\n$1',
  );

describe('trust boundary on real layouts', () => {
  test("the README's real-layout example says what the README says it does", () => {
    const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
    const example = /```\n(Received: from BN9PR03CA0712[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const verdict = classify(example ?? '', { acceptedDomains: ['contoso.com'] });
    expect(verdict).toMatchObject({ verdict: 'spoof', facts: { policyRule: 'unauthenticated', forgedStamps: [] } });
  });

  test('stamps Exchange appends after the sender headers, followed by MIME-Version, are not forged', () => {
    const raw = withTopMarker(
      exchangeMessage({
        from: 'Billing <billing@fabrikam.example>',
        mailFrom: 'fabrikam.example',
        ...OUTLOOK_COM_LAYOUT,
      }),
    );
    const verdict = classify(raw, CONTOSO);
    expect(verdict.facts.forgedStamps).toEqual([]);
    expect(ids(verdict)).not.toContain('trust.forged-stamp');
    expect(verdict.verdict).toBe('external');
    // The same message as a spoof of the tenant is still one.
    expect(classify(withTopMarker(exchangeMessage(OUTLOOK_COM_LAYOUT)), CONTOSO).verdict).toBe('spoof');
  });

  test('a stamp among the sender headers is Exchange’s own when no other copy conflicts', () => {
    const raw = exchangeMessage({ authAs: null, senderHeaders: ['X-MS-Exchange-Organization-AuthAs: Anonymous'] });
    const verdict = classify(raw, CONTOSO);
    expect(verdict.facts.forgedStamps).toEqual([]);
    expect(verdict.facts.authAs).toBe('Anonymous');
  });

  test('a CrossTenant-Id other than the configured tenant is reported', () => {
    const raw = exchangeMessage();
    const verdict = classify(raw, { ...CONTOSO, tenantId: '11111111-2222-3333-4444-555555555555' });
    expect(verdict.reasons.find((r) => r.id === 'trust.forged-stamp')?.evidence).toMatch(/CrossTenant-Id: 988af3fb/);
    expect(ids(classify(raw, { ...CONTOSO, tenantId: '988AF3FB-D396-30D6-9C90-11EF256BADF9' }))).not.toContain(
      'trust.forged-stamp',
    );
  });

  test('with no receiving Exchange hop, another organization’s stamps are one info reason, never "forged"', () => {
    const raw = [
      'Received: by 2002:a2e:b008:0:b0:2b6:c873:4214 with SMTP id y8csp83780ljk; Fri, 15 Sep 2023 03:03:05 -0700 (PDT)',
      'Received: from APC01-PSA-obe.outbound.protection.outlook.com (2a01:111:f400:feae::62d) by mx.google.com with ESMTPS id x1; Fri, 15 Sep 2023 03:03:04 -0700 (PDT)',
      'Received: from KL1PR0401MB4964.apcprd04.prod.outlook.com ([fe80::5822]) by KL1PR0401MB4964.apcprd04.prod.outlook.com ([fe80::5822%7]) with mapi id 15.20.6792.021; Fri, 15 Sep 2023 10:03:02 +0000',
      'From: Settings <info@settings.onmicrosoft.com>',
      'To: victim@contoso.com',
      'Subject: Action Required.',
      'X-MS-Exchange-Organization-AuthAs: Internal',
      'X-MS-Exchange-CrossTenant-Id: 2d0ed32f-4d51-43ab-9bbd-8e6cf123c29b',
      'X-MS-Exchange-CrossTenant-FromEntityHeader: Hosted',
      '',
      '',
    ].join('\n');
    const verdict = classify(raw, CONTOSO);
    expect(verdict.verdict).toBe('external');
    expect(verdict.facts.forgedStamps).toEqual([]);
    const foreign = verdict.reasons.filter((r) => r.id.startsWith('trust.'));
    expect(foreign).toEqual([expect.objectContaining({ id: 'trust.foreign-stamps', severity: 'info' })]);
    expect(foreign[0]?.summary).toMatch(/2d0ed32f-4d51-43ab-9bbd-8e6cf123c29b/);
    // Sent by another Exchange Online organization to Gmail: not an internal message of anyone reading it.
    expect(classify(raw).verdict).not.toBe('internal');
  });

  test('a relay through another Microsoft 365 tenant is not the recipient’s inbound connector', () => {
    const attributed = (tenant: string) =>
      exchangeMessage({
        from: 'Alerts <alerts@attacker.onmicrosoft.com>',
        mailFrom: 'attacker.onmicrosoft.com',
        appendedHeaders: [
          `X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp: TenantId=${tenant};Ip=[46.175.146.98];Helo=[attacker.onmicrosoft.com]`,
        ],
      });
    expect(classify(attributed('3b7b87eb-82f5-4be9-a6cb-3dda524ffa07'), CONTOSO).facts.route).toBe('anonymous-inbound');
    expect(classify(attributed('988af3fb-d396-30d6-9c90-11ef256badf9'), CONTOSO).facts.route).toBe('connector');
  });
});

describe("Exchange's own judgement wins over a local guess", () => {
  test('the Public Suffix List decides the organizational domain', () => {
    expect(sameOrganization('trust-a.nhs.uk', 'evil.nhs.uk')).toBe(false);
    expect(sameOrganization('mail.contoso.co.uk', 'contoso.co.uk')).toBe(true);
    expect(sameOrganization('victim.onmicrosoft.com', 'attacker.onmicrosoft.com')).toBe(false);
    expect(organizationalDomain('x.y.victim.onmicrosoft.com')).toBe('victim.onmicrosoft.com');
    expect(organizationalDomain('a.b.fabrikam.com.au')).toBe('fabrikam.com.au');
  });

  test.each([
    ['trust-a.nhs.uk', 'evil.nhs.uk'],
    ['victim.onmicrosoft.com', 'attacker.onmicrosoft.com'],
  ])('From %s with a passing DKIM d=%s and dmarc=fail compauth=fail is a spoof, not direct-send', (from, signer) => {
    const raw = exchangeMessage({
      from: `IT <it@${from}>`,
      to: `staff@${from}`,
      mailFrom: signer,
      spf: 'pass',
      dkim: 'pass',
      dkimDomain: signer,
      dmarc: 'fail',
      compauth: 'fail',
      compauthReason: '000',
    });
    const verdict = classify(raw, { acceptedDomains: [from] });
    expect(verdict.verdict).toBe('spoof');
    expect(ids(verdict)).not.toContain('auth.dkim-pass');
  });

  test("Exchange's dmarc=fail outranks even a DKIM signature the classifier would align", () => {
    const raw = exchangeMessage({
      dkim: 'pass',
      dkimDomain: 'mail.contoso.com',
      dmarc: 'fail',
      compauth: 'fail',
      compauthReason: '000',
    });
    expect(classify(raw, CONTOSO).verdict).toBe('spoof');
  });

  test('a trusted compauth=pass is never a spoof, whatever else fails', () => {
    const raw = exchangeMessage({
      spf: 'fail',
      dkim: 'none',
      dmarc: 'fail',
      compauth: 'pass',
      compauthReason: '130',
      cat: 'SPOOF',
    });
    expect(classify(raw, CONTOSO).verdict).toBe('direct-send');
    // A conflicting stamp makes it doubtful, not a spoof.
    const forged = exchangeMessage({
      compauth: 'pass',
      compauthReason: '130',
      senderHeaders: ['X-MS-Exchange-Organization-AuthAs: Internal'],
    });
    expect(classify(forged, CONTOSO)).toMatchObject({ verdict: 'suspicious', facts: { policyRule: 'exchange-pass' } });
  });
});

describe('own domain only from trusted evidence', () => {
  test('without a tenant, From == To proves nothing: the spoof of a domain Exchange did not vouch for is not a spoof', () => {
    // Authentication results as Outlook.com writes them: no bare token naming the receiving organization.
    const authResults =
      'spf=fail (sender IP is 77.253.224.50) smtp.mailfrom=contoso.com; dkim=none (message not signed) header.d=none;dmarc=fail action=none header.from=contoso.com;compauth=fail reason=000';
    const raw = exchangeMessage({ authResults });
    const verdict = classify(raw);
    expect(verdict.facts.acceptedDomainsSource).toBe('none');
    expect(verdict.verdict).not.toBe('spoof');
    expect(ids(verdict)).not.toContain('from.equals-to');
  });

  test('compauth reason 601 proves the domain is the recipient’s, and then From == To counts', () => {
    const verdict = classify(exchangeMessage({ compauthReason: '601' }));
    expect(verdict.facts.acceptedDomains).toEqual(['contoso.com']);
    expect(ids(verdict)).toContain('from.equals-to');
    expect(verdict.verdict).toBe('spoof');
  });
});

describe('From outside the accepted domains is external', () => {
  test('also when the headers show no Exchange receiving hop', () => {
    const raw =
      'Received: from mail.fabrikam.example (192.0.2.1) by mx.fabrikam.example; Tue, 21 Jul 2026 01:04:52 +0000\nFrom: billing@fabrikam.example\nTo: alex@contoso.com\nSubject: Invoice\n\n';
    expect(classify(raw, CONTOSO)).toMatchObject({ verdict: 'external', facts: { policyRule: 'no-route.external' } });
    // Our own domain with no receiving hop cannot be judged.
    expect(classify(raw.replace('From: billing@fabrikam.example', 'From: ceo@contoso.com'), CONTOSO).verdict).toBe(
      'unknown',
    );
  });
});

describe('From as Outlook shows it', () => {
  test.each([
    ['Microsoft account team ,_<no-reply@access-security.example>', 'access-security.example'],
    ['"PayPal", "PayPal" <news@friends.example>', 'friends.example'],
    ['=?UTF-8?B?RmVkZXg=?=Paket <track@parcel.example>', 'parcel.example'],
    ['"" <ceo@contoso.com>', 'contoso.com'],
    ['Payroll payroll@contoso.com', 'contoso.com'],
  ])('%s: the address is recovered and the malformation reported', (from, domain) => {
    const verdict = classify(exchangeMessage({ from }), CONTOSO);
    expect(verdict.facts.fromDomain).toBe(domain);
    expect(ids(verdict)).toContain('from.malformed');
    expect(ids(verdict)).not.toContain('from.missing');
  });

  test('a spoof of the tenant hidden behind a malformed From is still a spoof', () => {
    expect(classify(exchangeMessage({ from: 'IT Service Desk ,_<it@contoso.com>' }), CONTOSO).verdict).toBe('spoof');
  });
});
