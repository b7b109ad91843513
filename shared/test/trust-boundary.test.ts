import { classify } from '../src/index.js';
import { CONTOSO, exchangeMessage } from './fixtures/exchange-message.js';

describe('trust boundary', () => {
  test('the first tenant hop is the newest mail.protection hop; a forged one below it is ignored', () => {
    const raw = exchangeMessage({
      olderHops: [
        'from mapi (10.0.0.1) by FAKE01FT001.mail.protection.outlook.com (10.0.0.2) with Microsoft SMTP Server via Frontend Transport; Tue, 21 Jul 2026 01:00:00 +0000',
      ],
    });
    const { facts } = classify(raw, CONTOSO);
    expect(facts.firstTenantHop?.by).toBe('DB5EUR01FT093.mail.protection.outlook.com');
    expect(facts.connectingIp).toBe('77.253.224.50');
  });

  test("stamps among the sender's own headers are reported as forged and not trusted", () => {
    const raw = exchangeMessage({
      authAs: 'Anonymous',
      senderHeaders: [
        'X-MS-Exchange-Organization-AuthAs: Internal',
        'X-MS-Exchange-CrossTenant-FromEntityHeader: Hosted',
      ],
    });
    const verdict = classify(raw, CONTOSO);
    expect(verdict.facts.authAs).toBe('Anonymous');
    expect(verdict.facts.forgedStamps?.map((f) => f.header)).toEqual([
      'X-MS-Exchange-Organization-AuthAs',
      'X-MS-Exchange-CrossTenant-FromEntityHeader',
    ]);
    expect(verdict.verdict).toBe('spoof');
    const forged = verdict.reasons.filter((r) => r.id === 'trust.forged-stamp');
    expect(forged).toHaveLength(2);
    expect(forged[0]).toMatchObject({ severity: 'high', evidence: 'X-MS-Exchange-Organization-AuthAs: Internal' });
  });

  test("a forged stamp placed at the end of the sender's block loses to Exchange's later copy", () => {
    // The sender's last header touches Exchange's appended block, so only the conflict betrays it.
    const raw = exchangeMessage({
      authAs: null,
      crossTenantAuthAs: 'Anonymous',
      appendedHeaders: ['X-MS-Exchange-Organization-AuthAs: Anonymous'],
    }).replace('Return-Path:', 'X-MS-Exchange-Organization-AuthAs: Internal\nReturn-Path:');
    const verdict = classify(raw, CONTOSO);
    expect(verdict.facts.authAs).toBe('Anonymous');
    expect(verdict.verdict).toBe('spoof');
  });

  test('conflicting copies inside the appended block: the last is trusted, earlier ones are forged', () => {
    const raw = exchangeMessage({ appendedHeaders: ['X-MS-Exchange-CrossTenant-FromEntityHeader: Internet'] }).replace(
      'X-MS-Exchange-CrossTenant-FromEntityHeader: Internet',
      'X-MS-Exchange-CrossTenant-FromEntityHeader: HybridOnPrem',
    );
    const verdict = classify(raw, CONTOSO);
    expect(verdict.facts.fromEntity).toBe('Internet');
    expect(verdict.facts.forgedStamps?.[0]).toMatchObject({
      header: 'X-MS-Exchange-CrossTenant-FromEntityHeader',
      value: 'HybridOnPrem',
    });
    expect(verdict.verdict).toBe('spoof');
  });

  test("authentication results below the first hop imitating Exchange's are forged; the trusted ones win", () => {
    const raw = exchangeMessage({
      senderHeaders: [
        'Authentication-Results: spf=pass smtp.mailfrom=contoso.com; dkim=pass header.d=contoso.com; dmarc=pass action=none header.from=contoso.com;compauth=pass reason=100',
      ],
    });
    const verdict = classify(raw, CONTOSO);
    expect(verdict.facts.dmarc).toBe('fail');
    expect(verdict.facts.forgedStamps?.[0]?.header).toBe('Authentication-Results');
    expect(verdict.verdict).toBe('spoof');
  });

  test('genuine stamps in the appended block are not reported as forged', () => {
    const verdict = classify(exchangeMessage(), CONTOSO);
    expect(verdict.facts.forgedStamps).toEqual([]);
    expect(verdict.reasons.some((r) => r.id === 'trust.forged-stamp')).toBe(false);
    expect(verdict.facts.tenantStamps?.map(([name]) => name)).toContain('X-MS-Exchange-Organization-AuthAs');
  });

  test('without any Exchange Online hop no stamp is trusted and the verdict is unknown', () => {
    const raw =
      'From: ceo@contoso.com\nTo: cfo@contoso.com\nX-MS-Exchange-Organization-AuthAs: Internal\nX-MS-Exchange-CrossTenant-FromEntityHeader: Hosted\n\nbody';
    const verdict = classify(raw, CONTOSO);
    expect(verdict.verdict).toBe('unknown');
    expect(verdict.facts.authAs).toBeUndefined();
  });

  test("another Microsoft 365 organization's stamps below the first hop are neither trusted nor called forged", () => {
    const raw = exchangeMessage({
      from: 'Accounts <billing@litware.com>',
      mailFrom: 'litware.com',
      spf: 'pass',
      dkim: 'pass',
      dkimDomain: 'litware.com',
      dmarc: 'pass',
      compauth: 'pass',
      compauthReason: '100',
      helo: 'EUR05-DB8-obe.outbound.protection.outlook.com',
      olderHops: [
        'from AM9PR04MB8180.eurprd04.prod.outlook.com ([fe80::1]) by AM9PR04MB8180.eurprd04.prod.outlook.com ([fe80::1%5]) with mapi id 15.20.8989.12; Tue, 21 Jul 2026 01:04:40 +0000',
      ],
      senderHeaders: [
        'X-MS-Exchange-CrossTenant-AuthAs: Internal',
        'X-MS-Exchange-CrossTenant-FromEntityHeader: Hosted',
        'X-MS-Exchange-CrossTenant-Id: 11111111-2222-3333-4444-555555555555',
      ],
    });
    const verdict = classify(raw, CONTOSO);
    expect(verdict.verdict).toBe('external');
    expect(verdict.facts.forgedStamps).toEqual([]);
    expect(verdict.facts.fromEntity).toBe('Internet');
    expect(verdict.facts.tenantId).toBe('988af3fb-d396-30d6-9c90-11ef256badf9');
  });
});
