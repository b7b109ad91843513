import { decodeEncodedWords } from '../src/index.js';

describe('decodeEncodedWords (RFC 2047)', () => {
  test('decodes B and Q encodings in several charsets', () => {
    expect(decodeEncodedWords('=?utf-8?B?UGF5cm9sbCDinJQ=?=')).toBe('Payroll ✔');
    expect(decodeEncodedWords('=?iso-8859-1?Q?Caf=E9_au_lait?=')).toBe('Café au lait');
    expect(decodeEncodedWords('=?UTF-8?q?Re=3A_W-9?=')).toBe('Re: W-9');
  });

  test('whitespace between adjacent encoded words is dropped, other text kept', () => {
    expect(decodeEncodedWords('=?utf-8?Q?Voice?= =?utf-8?Q?mail?= from HR')).toBe('Voicemail from HR');
  });

  test('unknown charsets fall back to Latin-1 and malformed words stay as written', () => {
    expect(decodeEncodedWords('=?x-unknown?Q?abc?=')).toBe('abc');
    expect(decodeEncodedWords('=?utf-8?Z?abc?=')).toBe('=?utf-8?Z?abc?=');
    expect(decodeEncodedWords('plain text')).toBe('plain text');
  });
});
