/** IPv4/IPv6 parsing and CIDR matching, without Node's `net` module. */

export type IpAddress = { version: 4 | 6; bytes: Uint8Array };

/** Reads dotted IPv4 into `out` at `offset` (when given); false when `text` is not one. Allocates nothing. */
function readIpv4(text: string, out: Uint8Array | null, offset: number): boolean {
  // Four decimal parts of one to three digits, each at most 255, read without splitting (a hot path).
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || part > 3) return false;
      if (out) out[offset + part] = value;
      part++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      value = value * 10 + (c - 48);
      digits++;
    } else return false;
  }
  return part === 4;
}

/** The groups of the IPv6 address being read (at most eight; more is not an address). */
const groups = new Uint16Array(8);

/**
 * Reads IPv6 text (RFC 4291 section 2.2: "::" once, an IPv4 tail, a zone) into 16 bytes of `out` (when given), in one
 * pass without splitting or allocating (Received headers carry several per message); false when it is not one.
 */
function readIpv6(text: string, out: Uint8Array | null): boolean {
  let end = text.indexOf('%');
  if (end === -1) end = text.length;
  if (end < 2 || end > 45) return false;
  let count = 0;
  let gapAt = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gapAt = 0;
    i = 2;
  }
  let tailStart = -1;
  while (i < end) {
    let value = 0;
    let digits = 0;
    const groupStart = i;
    for (; i < end && digits <= 4; i++) {
      const c = text.charCodeAt(i);
      const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (digit < 0) break;
      value = value * 16 + digit;
      digits++;
    }
    if (i < end && text.charCodeAt(i) === 46) {
      // An IPv4 tail ("::ffff:192.0.2.1") ends the address.
      if (!readIpv4(text.slice(groupStart, end), out, 12)) return false;
      tailStart = groupStart;
      break;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = value;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 58) {
      if (gapAt !== -1) return false;
      gapAt = count;
      i++;
    } else if (i === end) return false;
  }
  const tail = tailStart !== -1;
  const total = count + (tail ? 2 : 0);
  if (gapAt === -1 ? total !== 8 : total > 7) return false;
  if (!out) return true;
  out.fill(0, 0, tail ? 12 : 16);
  const tailWords = gapAt === -1 ? 0 : count - gapAt;
  for (let w = 0; w < count; w++) {
    const position = gapAt !== -1 && w >= gapAt ? 8 - (tail ? 2 : 0) - tailWords + (w - gapAt) : w;
    out[position * 2] = (groups[w] ?? 0) >> 8;
    out[position * 2 + 1] = (groups[w] ?? 0) & 0xff;
  }
  return true;
}

/** The address text without the brackets and "IPv6:" prefix a header may put around it. */
function bareAddress(text: string): string {
  let value = text.trim();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  if (value.length > 5 && value.charCodeAt(4) === 58 && /^ipv6:/i.test(value)) value = value.slice(5);
  return value;
}

export function parseIp(text: string): IpAddress | null {
  const value = bareAddress(text);
  if (value.includes(':')) {
    const bytes = new Uint8Array(16);
    if (!readIpv6(value, bytes)) return null;
    // IPv4-mapped IPv6 (::ffff:192.0.2.1) is the IPv4 address.
    let zeros = 0;
    while (zeros < 10 && bytes[zeros] === 0) zeros++;
    if (zeros === 10 && bytes[10] === 0xff && bytes[11] === 0xff) {
      return { version: 4, bytes: bytes.slice(12) };
    }
    return { version: 6, bytes };
  }
  const bytes = new Uint8Array(4);
  return readIpv4(value, bytes, 0) ? { version: 4, bytes } : null;
}

/** True when `parseIp` would read the bare address `value`; allocates nothing. */
function readsAsIp(value: string): boolean {
  return value.includes(':') ? readIpv6(value, null) : readIpv4(value, null, 0);
}

/** The address `parseIp` reads in `text`, as written but without brackets or "IPv6:" prefix, lower case. */
export function ipText(text: string): string | undefined {
  const value = bareAddress(text);
  return readsAsIp(value) ? value.toLowerCase() : undefined;
}

export interface IpRange {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** Parses an address or a CIDR range ("198.51.100.0/24"); null when malformed. */
export function parseIpRange(text: string): IpRange | null {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || addressText === undefined) return null;
  const address = parseIp(addressText);
  if (!address) return null;
  const maxPrefix = address.version === 4 ? 32 : 128;
  if (prefixText === undefined) return { ...address, prefix: maxPrefix };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > maxPrefix) return null;
  return { ...address, prefix };
}

export function ipInRange(ip: IpAddress, range: IpRange): boolean {
  if (ip.version !== range.version) return false;
  const fullBytes = Math.floor(range.prefix / 8);
  for (let i = 0; i < fullBytes; i++) if (ip.bytes[i] !== range.bytes[i]) return false;
  const remainder = range.prefix % 8;
  if (remainder === 0) return true;
  const mask = (0xff << (8 - remainder)) & 0xff;
  return ((ip.bytes[fullBytes] ?? 0) & mask) === ((range.bytes[fullBytes] ?? 0) & mask);
}

/** RFC 5952 text: lower-case hex, no leading zeros, the longest run (the first of equals) of 2+ zero groups as "::". */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return Array.from(ip.bytes).join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  let runStart = -1;
  let runLength = 1;
  for (let i = 0; i < 8;) {
    let end = i;
    while (end < 8 && words[end] === 0) end++;
    if (end - i > runLength) [runStart, runLength] = [i, end - i];
    i = Math.max(end, i + 1);
  }
  const hex = words.map((word) => word.toString(16));
  if (runStart < 0) return hex.join(':');
  return `${hex.slice(0, runStart).join(':')}::${hex.slice(runStart + runLength).join(':')}`;
}

/** The first address of the /prefix network that holds `ip` (203.0.113.77 and 24 give 203.0.113.0). */
export function networkAddress(ip: IpAddress, prefix: number): IpAddress {
  const bytes = ip.bytes.slice();
  for (let i = 0; i < bytes.length; i++) {
    const kept = Math.min(8, Math.max(0, prefix - i * 8));
    bytes[i] = (bytes[i] ?? 0) & ((0xff << (8 - kept)) & 0xff);
  }
  return { version: ip.version, bytes };
}

/** An inclusive span of addresses of one family, as integers: one address, a CIDR block or a dash range. */
export interface IpSpan {
  version: 4 | 6;
  first: bigint;
  last: bigint;
}

const toInteger = (bytes: Uint8Array): bigint => bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);

/** The addresses of a CIDR range; host bits set in its text ("192.0.2.9/24") are ignored, as Exchange does. */
export function rangeSpan(range: IpRange): IpSpan {
  const hostBits = BigInt((range.version === 4 ? 32 : 128) - range.prefix);
  const first = (toInteger(range.bytes) >> hostBits) << hostBits;
  return { version: range.version, first, last: first + (1n << hostBits) - 1n };
}

/**
 * Parses an address, a CIDR range or a dash range ("192.0.2.1-192.0.2.9", as Exchange connectors accept) into one
 * span, whatever its size; null when malformed, reversed, or when the two ends are of different families.
 */
export function parseIpSpan(text: string): IpSpan | null {
  const ends = text.split('-');
  if (ends.length > 2) return null;
  if (ends.length === 1) {
    const range = parseIpRange(text);
    return range ? rangeSpan(range) : null;
  }
  const from = parseIp(ends[0] ?? '');
  const to = parseIp(ends[1] ?? '');
  if (!from || !to || from.version !== to.version) return null;
  const span = { version: from.version, first: toInteger(from.bytes), last: toInteger(to.bytes) };
  return span.first <= span.last ? span : null;
}

/** True when every address of `inner` lies in the union of `outer` (spans of the other family cover nothing). */
export function ipSpanCovered(inner: IpSpan, outer: readonly IpSpan[]): boolean {
  const spans = outer
    .filter((span) => span.version === inner.version)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = inner.first;
  for (const span of spans) {
    if (span.first > next) return false;
    if (span.last >= inner.last) return true;
    if (span.last >= next) next = span.last + 1n;
  }
  return false;
}

/** True for loopback, private, link-local and unspecified addresses (never a real internet sender). */
export function isNonRoutable(ip: IpAddress): boolean {
  const b = ip.bytes;
  if (ip.version === 4) {
    const [a = 0, c = 0] = [b[0], b[1]];
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 172 && c >= 16 && c <= 31) ||
      (a === 192 && c === 168) ||
      (a === 169 && c === 254) ||
      a === 255
    );
  }
  const first = b[0] ?? 0;
  const second = b[1] ?? 0;
  const allZeroPrefix = b.slice(0, 15).every((x) => x === 0);
  return allZeroPrefix || (first & 0xfe) === 0xfc || (first === 0xfe && (second & 0xc0) === 0x80);
}
