import fc from 'fast-check';
import { parseMailDate, parseMailDateByPattern } from '../src/fields/dates.js';

describe('parseMailDate', () => {
  it('reads the layout mail servers write, with its zone', () => {
    expect(parseMailDate('Sat, 29 Jul 2023 21:43:38 +0000')).toBe(Date.UTC(2023, 6, 29, 21, 43, 38));
    expect(parseMailDate('Sun, 30 Jul 2023 03:00:51 +0700')).toBe(Date.UTC(2023, 6, 29, 20, 0, 51));
    expect(parseMailDate('1 Jan 2024 10:00:00 -0530')).toBe(Date.UTC(2024, 0, 1, 15, 30, 0));
    expect(parseMailDate('Thu, 3 August 2023 10:00:00 +0200 (CEST)')).toBe(Date.UTC(2023, 7, 3, 8, 0, 0));
  });

  it('reads the obsolete layouts and zones', () => {
    expect(parseMailDate('29 Jul 23 21:43 GMT')).toBe(Date.UTC(2023, 6, 29, 21, 43, 0));
    expect(parseMailDate('Sat, 29-Jul-1999 21:43:38.123 EST')).toBe(Date.UTC(1999, 6, 30, 2, 43, 38));
    expect(parseMailDate('by host; Sat, 29 Jul 2023 21:43:38')).toBe(Date.UTC(2023, 6, 29, 21, 43, 38));
  });

  it('answers undefined for what is not a date', () => {
    expect(parseMailDate('Sat, 29 Foo 2023 21:43:38 +0000')).toBeUndefined();
    expect(parseMailDate('Sat, 32 Jul 2023 21:43:38 +0000')).toBeUndefined();
    expect(parseMailDate('Sat, 29 Jul 2023 24:43:38 +0000')).toBeUndefined();
    expect(parseMailDate('not a date')).toBeUndefined();
  });

  // The common layout is read without the pattern (a hot path: one date per hop); both readings must agree.
  it('agrees with the pattern on every layout, common or not', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const piece = fc.oneof(
      fc.constantFrom('', ' ', '  ', '\t', '-', ',', ':', '.', '+', 'x', 'Z', 'é', '\r\n', '(UTC)'),
      fc.integer({ min: 0, max: 99999 }).map(String),
      fc.constantFrom('Sat, ', 'Mon,', '12, ', 'Jul', 'jul', 'JULY', 'July', 'Foo', 'GMT', 'EDT', 'UT'),
    );
    const common = fc
      .record({
        weekday: fc.constantFrom('', 'Sat, ', 'Sun,  ', 'xyz, '),
        day: fc.integer({ min: 0, max: 40 }),
        dayWidth: fc.constantFrom(1, 2),
        month: fc.constantFrom('Jan', 'Feb', 'jul', 'DEC', 'Sept', 'Foo', 'JULY'),
        year: fc.integer({ min: 0, max: 99999 }),
        hour: fc.integer({ min: 0, max: 30 }),
        minute: fc.integer({ min: 0, max: 70 }),
        second: fc.integer({ min: 0, max: 70 }),
        zone: fc.constantFrom('+0000', '-0530', '+070', '+00001', 'GMT', '', ' +0000', '+0000 (UTC)'),
      })
      .map(
        (d) =>
          `${d.weekday}${pad(d.day, d.dayWidth)} ${d.month} ${d.year} ` +
          `${pad(d.hour, 2)}:${pad(d.minute, 2)}:${pad(d.second, 2)} ${d.zone}`,
      );
    const mutated = fc
      .tuple(common, fc.nat(), fc.nat({ max: 3 }), piece)
      .map(
        ([text, at, cut, insert]) =>
          text.slice(0, at % (text.length + 1)) + insert + text.slice((at % (text.length + 1)) + cut),
      );
    fc.assert(
      fc.property(
        fc.oneof(
          common,
          mutated,
          fc.array(piece).map((parts) => parts.join('')),
        ),
        (text) => {
          expect(parseMailDate(text)).toBe(parseMailDateByPattern(text));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
