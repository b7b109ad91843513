/** RFC 5322 date-time parsing (with the obsolete zones), independent of the host's Date.parse quirks. */

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  edt: -240,
  est: -300,
  cdt: -300,
  cst: -360,
  mdt: -360,
  mst: -420,
  pdt: -420,
  pst: -480,
};
const DATE_TIME =
  /(\d{1,2})[\s-]+([A-Za-z]{3})[a-z]*[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([+-]\d{4}|[A-Za-z]{1,5})?/;

/** The date as the pattern reads it: any RFC 5322 or obsolete layout, anywhere in the text. */
export function parseMailDateByPattern(text: string): number | undefined {
  const m = DATE_TIME.exec(text.length > 200 ? text.slice(0, 200) : text);
  if (!m) return undefined;
  const month = MONTHS[(m[2] ?? '').toLowerCase()];
  if (month === undefined) return undefined;
  const zone = m[7];
  let offsetMinutes = 0;
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    const sign = zone[0] === '-' ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else if (zone) offsetMinutes = ZONES[zone.toLowerCase()] ?? 0;
  return toTime(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), m[6] ? Number(m[6]) : 0, offsetMinutes);
}

function toTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number,
): number | undefined {
  if (year < 50) year += 2000;
  else if (year < 1000) year += 1900;
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  return Date.UTC(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
}

/** Month index of three letters packed as `a << 16 | b << 8 | c`, lower case. */
const MONTH_BY_LETTERS = new Map(
  Object.entries(MONTHS).map(([name, index]) => [
    (name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2),
    index,
  ]),
);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c | 0x20) >= 97 && (c | 0x20) <= 122;
}

/**
 * The layout every mail server writes ("Sat, 29 Jul 2023 21:43:38 +0000"), read without the pattern: Received
 * headers carry one per hop. Answers null for anything else, so that the caller falls back to the pattern, whose
 * answer this must equal wherever it answers (a property test holds the two together).
 */
function parseCommonDate(text: string): number | undefined | null {
  const length = text.length;
  if (length > 200 || length < 20) return null;
  let i = 0;
  // "Sat, " (no digit before the day, so the pattern would also start at the day).
  if (text.charCodeAt(3) === 44) {
    if (!isLetter(text.charCodeAt(0)) || !isLetter(text.charCodeAt(1)) || !isLetter(text.charCodeAt(2))) return null;
    i = 4;
    while (text.charCodeAt(i) === 32) i++;
  }
  // Day: one or two digits, then one space.
  let c = text.charCodeAt(i);
  if (!isDigit(c)) return null;
  let day = c - 48;
  c = text.charCodeAt(++i);
  if (isDigit(c)) {
    day = day * 10 + c - 48;
    c = text.charCodeAt(++i);
  }
  if (c !== 32 || i + 24 > length) return null;
  // Month: three letters (any case) and, as the pattern allows, more lower-case letters ("July").
  const m1 = text.charCodeAt(i + 1);
  const m2 = text.charCodeAt(i + 2);
  const m3 = text.charCodeAt(i + 3);
  if (!isLetter(m1) || !isLetter(m2) || !isLetter(m3)) return null;
  const month = MONTH_BY_LETTERS.get(((m1 | 0x20) << 16) | ((m2 | 0x20) << 8) | (m3 | 0x20));
  i += 4;
  while (i < length && text.charCodeAt(i) >= 97 && text.charCodeAt(i) <= 122) i++;
  // " 2023 21:43:38 +0000": fixed widths only; anything else is the pattern's to read.
  if (text.charCodeAt(i) !== 32 || i + 20 > length) return null;
  const digits = (at: number, count: number): number => {
    let value = 0;
    for (let k = at; k < at + count; k++) {
      const d = text.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return -1;
      value = value * 10 + d;
    }
    return value;
  };
  const year = digits(i + 1, 4);
  if (year < 0 || text.charCodeAt(i + 5) !== 32) return null;
  const hour = digits(i + 6, 2);
  const minute = digits(i + 9, 2);
  const second = digits(i + 12, 2);
  if (hour < 0 || minute < 0 || second < 0 || text.charCodeAt(i + 8) !== 58 || text.charCodeAt(i + 11) !== 58) {
    return null;
  }
  i += 14;
  if (text.charCodeAt(i) !== 32) return null;
  const sign = text.charCodeAt(i + 1);
  const zone = digits(i + 2, 4);
  if ((sign !== 43 && sign !== 45) || zone < 0 || isDigit(text.charCodeAt(i + 6))) return null;
  if (month === undefined) return undefined;
  const offsetMinutes = (sign === 45 ? -1 : 1) * (Math.floor(zone / 100) * 60 + (zone % 100));
  return toTime(year, month, day, hour, minute, second, offsetMinutes);
}

/** Milliseconds since the epoch, or undefined when the text holds no recognizable date. */
export function parseMailDate(text: string): number | undefined {
  const common = parseCommonDate(text);
  return common === null ? parseMailDateByPattern(text) : common;
}
