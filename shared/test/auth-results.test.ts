import { parseAuthenticationResults, parseReceivedSpf } from '../src/index.js';

describe('parseAuthenticationResults', () => {
  test("Exchange Online's dialect: no authserv-id, bare tenant-domain tokens, comments, compauth reason", () => {
    const parsed = parseAuthenticationResults(
      'spf=none (sender IP is 91.243.58.162) smtp.mailfrom=vger.kernel.org; oss.nxp.com; dkim=none (message not signed) header.d=none;oss.nxp.com; dmarc=fail action=none header.from=oss.nxp.com;compauth=fail reason=601',
    );
    expect(parsed.authservId).toBeUndefined();
    expect(parsed.bareTokens).toEqual(['oss.nxp.com', 'oss.nxp.com']);
    expect(parsed.results.map((r) => [r.method, r.result])).toEqual([
      ['spf', 'none'],
      ['dkim', 'none'],
      ['dmarc', 'fail'],
      ['compauth', 'fail'],
    ]);
    expect(parsed.results[0]).toMatchObject({
      comment: 'sender IP is 91.243.58.162',
      properties: { 'smtp.mailfrom': 'vger.kernel.org' },
    });
    expect(parsed.results[2]?.modifiers).toMatchObject({ action: 'none' });
    expect(parsed.results[3]?.modifiers).toMatchObject({ reason: '601' });
  });

  test('standard RFC 8601 with an authserv-id, a version and a quoted reason', () => {
    const parsed = parseAuthenticationResults(
      'mx.example.net 1; dkim=fail reason="signature verification failed" header.d=example.org header.i=@example.org; spf=pass smtp.mailfrom=example.org',
    );
    expect(parsed.authservId).toBe('mx.example.net');
    expect(parsed.bareTokens).toEqual([]);
    expect(parsed.results[0]).toMatchObject({
      method: 'dkim',
      result: 'fail',
      modifiers: { reason: 'signature verification failed' },
    });
    expect(parsed.results[1]).toMatchObject({ method: 'spf', result: 'pass' });
  });

  test('missing semicolons between results still separate known methods', () => {
    const parsed = parseAuthenticationResults(
      'spf=pass smtp.mailfrom=a.com dkim=pass header.d=a.com dmarc=pass action=none header.from=a.com',
    );
    expect(parsed.results.map((r) => r.method)).toEqual(['spf', 'dkim', 'dmarc']);
  });

  test('none as authserv-id value and empty input do not produce results', () => {
    expect(parseAuthenticationResults('none').results).toEqual([]);
    expect(parseAuthenticationResults('').results).toEqual([]);
  });

  test('prototype-named properties are plain keys', () => {
    const parsed = parseAuthenticationResults('spf=pass __proto__=x constructor.x=y');
    expect(parsed.results[0]?.modifiers['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(parsed.results[0]?.modifiers)).toBeNull();
  });
});

describe('parseReceivedSpf', () => {
  test('result, comment and key=value properties', () => {
    const spf = parseReceivedSpf(
      'Pass (protection.outlook.com: domain of contoso.com designates 192.13.161.5 as permitted sender) receiver=protection.outlook.com; client-ip=192.13.161.5; helo=RNP7F80E2; pr=C',
    );
    expect(spf).toMatchObject({ result: 'pass', properties: { 'client-ip': '192.13.161.5', helo: 'RNP7F80E2' } });
    expect(spf.comment).toContain('designates 192.13.161.5');
  });
});
