import fc from 'fast-check';
import { classify, tryClassify } from '../src/index.js';
import { CONTOSO, exchangeMessage } from './fixtures/exchange-message.js';

/** Wall-clock guard for pathological inputs: generous (a slow CI machine), yet far below a hang. */
const BOUNDED_MS = 3000;
/** tryClassify, not classify: classify turns an exception into a verdict, so a parser that throws would pass. */
const timed = (raw: string) => {
  const start = performance.now();
  const result = tryClassify(raw, CONTOSO);
  return { result, verdict: result.ok ? result.verdict : undefined, ms: performance.now() - start };
};
const verdictOf = (raw: string) => {
  const result = tryClassify(raw, CONTOSO);
  if (result.ok) expect(result.verdict.reasons.some((r) => r.id === 'internal.error')).toBe(false);
  return result;
};

describe('hostile input never throws and stays bounded', () => {
  test('arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: 'binary' }), (raw) => {
        const result = verdictOf(raw);
        expect(typeof (result.ok ? result.verdict.verdict : result.error.code)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  test('header-shaped text built from the characters parsers care about', () => {
    const piece = fc.constantFrom(
      'Received: ',
      'Authentication-Results: ',
      'From: ',
      'To: ',
      'X-MS-Exchange-Organization-AuthAs: ',
      '(',
      ')',
      '"',
      '<',
      '>',
      ';',
      '=',
      ':',
      ',',
      '@',
      '\\',
      '\r\n',
      '\n',
      ' ',
      '\t',
      '[',
      ']',
      'spf=',
      'compauth=fail reason=',
      'by x.mail.protection.outlook.com',
      '\u0000',
      '=?utf-8?B?',
      '?=',
      'a',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), (pieces) => {
        const result = verdictOf(pieces.join(''));
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  test('mutations of a real spoof never throw and keep the verdict JSON-safe', () => {
    const base = exchangeMessage();
    fc.assert(
      fc.property(fc.nat({ max: base.length - 1 }), fc.string({ maxLength: 20 }), (at, insert) => {
        const result = verdictOf(base.slice(0, at) + insert + base.slice(at));
        expect(() => JSON.stringify(result)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  test('a 5 MB header block is refused quickly with a typed error', () => {
    const raw = `X-Junk: start\n${` ${'a'.repeat(60)}\n`.repeat(85_000)}`;
    expect(raw.length).toBeGreaterThan(5_000_000);
    const { result, ms } = timed(raw);
    expect(result).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(ms).toBeLessThan(BOUNDED_MS);
  });

  test('a 5 MB message body behind normal headers is classified normally', () => {
    const raw = exchangeMessage() + 'x'.repeat(5_000_000);
    const { verdict, ms } = timed(raw);
    expect(verdict?.verdict).toBe('spoof');
    expect(ms).toBeLessThan(BOUNDED_MS);
  });

  test('100,000 Received lines', () => {
    const raw = `${'Received: from a (192.0.2.1) by b.mail.protection.outlook.com; Tue, 21 Jul 2026 01:04:52 +0000\n'.repeat(100_000)}From: a@contoso.com\n\n`;
    const { result, ms } = timed(raw);
    expect(result).toMatchObject({ ok: false, error: { code: 'too-many-headers' } });
    expect(ms).toBeLessThan(BOUNDED_MS);
    // Within the count limit they are all parsed as hops.
    const many = tryClassify(raw, CONTOSO, { limits: { maxHeaders: 200_000, maxHeaderBytes: 20_000_000 } });
    expect(many.ok && many.verdict.facts.hops?.length).toBe(100_000);
  });

  test('400,000 nested parentheses in structured fields', () => {
    const nest = `${'('.repeat(400_000)}x${')'.repeat(400_000)}`;
    for (const name of ['Received', 'Authentication-Results', 'From']) {
      const raw = exchangeMessage({ senderHeaders: [`${name}: ${nest}`] });
      const started = performance.now();
      const result = tryClassify(raw, CONTOSO, { limits: { maxLineLength: 1_000_000, maxHeaderBytes: 2_000_000 } });
      const ms = performance.now() - started;
      expect(result.ok).toBe(true);
      expect(ms).toBeLessThan(BOUNDED_MS);
    }
    // With the default limits the same input is refused as too long.
    expect(tryClassify(exchangeMessage({ senderHeaders: [`Received: ${nest}`] }))).toMatchObject({
      ok: false,
      error: { code: 'line-too-long' },
    });
  });

  test('deep nesting inside the default limits is read as crafted input, not a crash', () => {
    const nest = `${'('.repeat(5_000)}x${')'.repeat(5_000)}`;
    const verdict = classify(exchangeMessage({ to: `${nest} <alex.wilber@contoso.com>` }), CONTOSO);
    expect(verdict.reasons.find((r) => r.id === 'input.malformed')?.summary).toMatch(/nested 5000 deep/);
  });

  test('malformed From headers, built from the pieces attackers use, never throw and keep an address when one is there', () => {
    const piece = fc.constantFrom(
      'Name',
      ' ',
      ',',
      '_',
      '"',
      '""',
      '<',
      '>',
      '<>',
      '(',
      ')',
      'a@b.example',
      'x@y.example.',
      '=?UTF-8?B?QQ==?=',
      '=?utf-8?q?A=20B?=',
      ';',
      ':',
      '\\',
      '@',
      '.',
      '\u00e9',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const from = pieces.join('');
        const result = verdictOf(exchangeMessage({ from }));
        expect(result.ok).toBe(true);
        const facts = result.ok ? result.verdict.facts : {};
        if (facts.fromDomain !== undefined)
          expect(facts.fromDomain).toMatch(/^[a-z0-9\u00e9_-]+(\.[a-z0-9\u00e9_-]+)*$/);
        if (/(^|[\s<>,"();:])[a-z]@[a-z]\.example\.?($|[\s<>,"();:])/.test(from))
          expect(facts.fromDomain).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  test('an exception inside the classifier is reported as internal.error by classify, thrown by tryClassify', () => {
    const hostile = {
      get acceptedDomains(): string[] {
        throw new Error('boom');
      },
    };
    expect(() => tryClassify(exchangeMessage(), hostile)).toThrow('boom');
    expect(classify(exchangeMessage(), hostile)).toMatchObject({
      verdict: 'unknown',
      reasons: [{ id: 'internal.error', summary: expect.stringContaining('boom') }],
    });
  });

  test('NUL bytes and headers named __proto__', () => {
    const raw = exchangeMessage({
      senderHeaders: ['__proto__: {"polluted": true}', 'constructor: x', 'X-Nul: a\u0000b'],
    }).replace('From: ', 'From: \u0000');
    const verdict = classify(raw, CONTOSO);
    expect(verdict.verdict).toBe('spoof');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
