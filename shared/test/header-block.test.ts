import { DEFAULT_LIMITS, parseHeaderBlock, Headers } from '../src/index.js';

const parse = (raw: string, limits = DEFAULT_LIMITS) => parseHeaderBlock(raw, limits);
const fields = (raw: string) => {
  const result = parse(raw);
  if (!result.ok) throw new Error(result.error.message);
  // Plain objects: a parsed field unfolds its value when first read, so compare what a reader sees.
  return result.value.fields.map(({ name, key, value, index, line }) => ({ name, key, value, index, line }));
};

describe('parseHeaderBlock', () => {
  test('reads CRLF and LF line endings alike', () => {
    expect(fields('A: 1\r\nB: 2\r\n\r\nbody')).toEqual(fields('A: 1\nB: 2\n\nbody'));
  });

  test('unfolding joins continuation lines and keeps the whitespace used to fold', () => {
    const [field] = fields('Subject: one\r\n two\r\n\tthree\r\n\r\n');
    expect(field?.value).toBe('one two\tthree');
  });

  test('a line that is not a header inside a folded field is kept apart, and the field goes on after it', () => {
    const result = parse('Subject: one\n two\nnot a header\n three\nTo: a@b.c\n');
    expect(result.ok && result.value.strayLines).toEqual(['not a header']);
    expect(result.ok && result.value.fields.map((f) => [f.key, f.value])).toEqual([
      ['subject', 'one two three'],
      ['to', 'a@b.c'],
    ]);
  });

  test('a field reads, and serializes, the same whether its value was unfolded yet or not', () => {
    const result = parse('X-Long: a\r\n b\r\n c\r\nX-Short:  d \r\n');
    if (!result.ok) throw new Error(result.error.message);
    expect(JSON.parse(JSON.stringify(result.value.fields))).toEqual([
      { name: 'X-Long', key: 'x-long', value: 'a b c', index: 0, line: 1 },
      { name: 'X-Short', key: 'x-short', value: 'd', index: 1, line: 4 },
    ]);
    expect(result.value.fields.map((f) => f.value)).toEqual(['a b c', 'd']);
  });

  test('stops at the first empty line so body text is never read as headers', () => {
    const result = parse('From: a@contoso.com\n\nReceived: from evil by x.mail.protection.outlook.com\n');
    expect(result.ok && result.value.fields.map((f) => f.key)).toEqual(['from']);
    expect(result.ok && result.value.hadBody).toBe(true);
  });

  test('names are case-insensitive and repeated headers keep their order', () => {
    const headers = new Headers(fields('received: one\nRECEIVED: two\nReceived: three\n'));
    expect(headers.all('Received').map((f) => f.value)).toEqual(['one', 'two', 'three']);
    expect(headers.first('received')?.value).toBe('one');
    expect(headers.last('RECEIVED')?.value).toBe('three');
  });

  test("skips classic Outlook's preamble line, a BOM and leading blank lines", () => {
    const [first] = fields('\ufeff\n\nMicrosoft Mail Internet Headers Version 2.0\nFrom: a@b.c\n');
    expect(first?.key).toBe('from');
  });

  test('keeps lines that are not headers as stray lines instead of failing', () => {
    const result = parse('From: a@b.c\nthis is not a header\nTo: d@e.f\n');
    expect(result.ok && result.value.strayLines).toEqual(['this is not a header']);
    expect(result.ok && result.value.fields.map((f) => f.key)).toEqual(['from', 'to']);
  });

  test('headers named like prototype keys are ordinary headers', () => {
    const headers = new Headers(fields('__proto__: x\nconstructor: y\nFrom: a@b.c\n'));
    expect(headers.first('__proto__')?.value).toBe('x');
    expect(headers.first('constructor')?.value).toBe('y');
    expect(headers.first('hasOwnProperty')).toBeUndefined();
  });

  test('empty input and input without headers are typed errors', () => {
    expect(parse('')).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(parse('\n\n  \n')).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(parse('hello world\nno colon here\n')).toMatchObject({ ok: false, error: { code: 'no-headers' } });
  });

  test('limits: total size, header count and line length each yield their own error', () => {
    const limits = { ...DEFAULT_LIMITS, maxHeaderBytes: 1000, maxHeaders: 10, maxLineLength: 200 };
    expect(parse(`X: y\n${' folded\n'.repeat(300)}`, limits)).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    });
    expect(parse('X: y\n'.repeat(11), limits)).toMatchObject({ ok: false, error: { code: 'too-many-headers' } });
    expect(parse(`X: ${'a'.repeat(300)}\n`, limits)).toMatchObject({ ok: false, error: { code: 'line-too-long' } });
    expect(parse('X: y\n'.repeat(10), limits).ok).toBe(true);
  });

  test('a large body does not count against the header limits', () => {
    const limits = { ...DEFAULT_LIMITS, maxHeaderBytes: 1000 };
    expect(parse(`From: a@b.c\n\n${'body line\n'.repeat(100_000)}`, limits).ok).toBe(true);
  });
});
