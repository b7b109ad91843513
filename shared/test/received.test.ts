import { parseHops, parseReceived } from '../src/index.js';

describe('parseReceived', () => {
  test("reads Exchange Online's first inbound hop", () => {
    const hop = parseReceived(
      'from DESKTOP-536B321 (91.243.58.162) by DB5EUR01FT064.mail.protection.outlook.com (10.59.252.16) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7893.34 via Frontend Transport; Tue, 21 Jul 2026 01:04:52 +0000',
      5,
    );
    expect(hop).toMatchObject({
      index: 5,
      from: 'DESKTOP-536B321',
      helo: 'DESKTOP-536B321',
      fromIp: '91.243.58.162',
      by: 'DB5EUR01FT064.mail.protection.outlook.com',
      byIp: '10.59.252.16',
      with: 'Microsoft SMTP Server',
      id: '15.20.7893.34',
      via: 'Frontend Transport',
      exchangeFrontend: true,
      time: Date.UTC(2026, 6, 21, 1, 4, 52),
    });
  });

  test('reads postfix-style hops with rDNS and a bracketed IPv6 address, and the for clause', () => {
    const hop = parseReceived(
      'from mail.example.org (mail.example.org [IPv6:2001:db8::25]) by mx.example.net (Postfix) with ESMTPS id 4A1B2 for <user@example.net>; Mon, 2 Mar 2026 10:00:00 -0500',
      0,
    );
    expect(hop).toMatchObject({
      from: 'mail.example.org',
      fromIp: '2001:db8::25',
      by: 'mx.example.net',
      with: 'ESMTPS',
      id: '4A1B2',
      for: 'user@example.net',
      exchangeFrontend: false,
    });
    expect(hop.time).toBe(Date.UTC(2026, 2, 2, 15, 0, 0));
  });

  test('an IP literal HELO keeps the literal as HELO and the comment as the connecting IP', () => {
    const hop = parseReceived(
      'from [127.0.0.1] (139.138.236.132) by HK2PEPF00006918.mail.protection.outlook.com (10.28.43.171) with Microsoft SMTP Server id 15.20.8560.37 via Frontend Transport; Sun, 20 Sep 2026 09:32:04 +0000',
      0,
    );
    expect(hop).toMatchObject({ helo: '[127.0.0.1]', fromIp: '139.138.236.132', exchangeFrontend: true });
  });

  test('the newer mx.microsoft namespace counts as a frontend, the backend hop does not', () => {
    expect(
      parseReceived(
        'from x (192.0.2.1) by AB1PEPF0001.contoso-com.mx.microsoft with Microsoft SMTP Server; Tue, 21 Jul 2026 01:04:52 +0000',
        0,
      ).exchangeFrontend,
    ).toBe(true);
    expect(
      parseReceived(
        'from DB5EUR01FT064.eop-EUR01.prod.protection.outlook.com (2603:10a6:bfe:228:cafe::f2) by DB5PR18CA4943.outlook.office365.com; Tue, 21 Jul 2026 01:04:53 +0000',
        0,
      ).exchangeFrontend,
    ).toBe(false);
  });

  test('reads the address of a comment in each form hosts write it, and refuses a cut-off one', () => {
    const fromIp = (comment: string) =>
      parseReceived(`from host.example (${comment}) by mx.example; Tue, 21 Jul 2026 01:04:52 +0000`, 0).fromIp;
    expect(fromIp('2603:10B6:610:60::19')).toBe('2603:10b6:610:60::19');
    expect(fromIp('[IPv6:2001:DB8::1]')).toBe('2001:db8::1');
    expect(fromIp('IPv6:2001:db8::1')).toBe('2001:db8::1');
    expect(fromIp('[fe80::fb6e:4d16:d9ba:33ae%6]')).toBe('fe80::fb6e:4d16:d9ba:33ae%6');
    expect(fromIp('helo=relay.example; [192.0.2.7]')).toBe('192.0.2.7');
    expect(fromIp('[fe80::7b77:6807:323')).toBeUndefined();
    expect(fromIp('10.1.2')).toBeUndefined();
  });

  test('clause words are read in any case, and only the first of each clause counts', () => {
    const hop = parseReceived(
      'FROM a.example (192.0.2.1) BY b.example (192.0.2.2) WITH ESMTP ID x1 from c.example by d.example; Tue, 21 Jul 2026 01:04:52 +0000',
      0,
    );
    expect(hop).toMatchObject({ from: 'a.example', fromIp: '192.0.2.1', by: 'b.example', byIp: '192.0.2.2', id: 'x1' });
  });

  test('a Received without a date or clauses does not throw', () => {
    expect(parseReceived('garbage without structure', 0)).toMatchObject({ index: 0, exchangeFrontend: false });
    expect(parseReceived(';;;', 0).time).toBeUndefined();
  });
});

describe('parseHops', () => {
  test('orders hops oldest first and computes the delay at each hop', () => {
    const hops = parseHops([
      { value: 'from b by c; Tue, 21 Jul 2026 01:05:10 +0000', index: 0 },
      { value: 'from a by b; Tue, 21 Jul 2026 01:04:52 +0000', index: 1 },
      { value: 'from z by a; Tue, 21 Jul 2026 00:04:52 -0100', index: 2 },
    ]);
    expect(hops.map((h) => h.index)).toEqual([2, 1, 0]);
    expect(hops.map((h) => h.delaySeconds)).toEqual([undefined, 0, 18]);
  });
});
