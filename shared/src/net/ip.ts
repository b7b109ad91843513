/** IPv4/IPv6 parsing and CIDR matching, without Node's `net` module. */

export type IpAddress = { version: 4 | 6; bytes: Uint8Array };

function parseIpv4Bytes(text: string): Uint8Array | null {
  // Four decimal parts of one to three digits, each at most 255, read without splitting (a hot path).
  const bytes = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || part > 3) return null;
      bytes[part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      value = value * 10 + (c - 48);
      digits++;
    } else return null;
  }
  return part === 4 ? bytes : null;
}

function parseHexGroup(group: string): number {
  if (group.length === 0 || group.length > 4) return -1;
  let value = 0;
  for (let i = 0; i < group.length; i++) {
    const c = group.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function parseIpv6Bytes(text: string): Uint8Array | null {
  let address = text;
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  if (address.length < 2 || address.length > 45) return null;
  let tail: Uint8Array | null = null;
  const lastColon = address.lastIndexOf(':');
  if (address.indexOf('.', lastColon) !== -1) {
    tail = parseIpv4Bytes(address.slice(lastColon + 1));
    if (!tail) return null;
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const gap = address.indexOf('::');
  if (gap !== -1 && address.indexOf('::', gap + 1) !== -1) return null;
  const headText = gap === -1 ? address : address.slice(0, gap);
  const restText = gap === -1 ? '' : address.slice(gap + 2);
  const head = headText ? headText.split(':') : [];
  const rest = restText ? restText.split(':') : [];
  const groups = head.length + rest.length;
  if (gap === -1 ? groups !== 8 : groups > 7) return null;
  const bytes = new Uint8Array(16);
  const put = (group: string, position: number): boolean => {
    const word = parseHexGroup(group);
    if (word < 0) return false;
    bytes[position * 2] = word >> 8;
    bytes[position * 2 + 1] = word & 0xff;
    return true;
  };
  for (let i = 0; i < head.length; i++) if (!put(head[i] ?? '', i)) return null;
  for (let i = 0; i < rest.length; i++) if (!put(rest[i] ?? '', 8 - rest.length + i)) return null;
  if (tail) bytes.set(tail, 12);
  return bytes;
}

/** Parses "192.0.2.1", "2001:db8::1", "[2001:db8::1]", "IPv6:2001:db8::1"; null when not an address. */
export function parseIp(text: string): IpAddress | null {
  let value = text.trim();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  if (/^ipv6:/i.test(value)) value = value.slice(5);
  if (value.includes(':')) {
    const bytes = parseIpv6Bytes(value);
    if (!bytes) return null;
    // IPv4-mapped IPv6 (::ffff:192.0.2.1) is the IPv4 address.
    if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
      return { version: 4, bytes: bytes.slice(12) };
    }
    return { version: 6, bytes };
  }
  const bytes = parseIpv4Bytes(value);
  return bytes ? { version: 4, bytes } : null;
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

export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return Array.from(ip.bytes).join('.');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push((((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0)).toString(16));
  return words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
}

/** True for loopback, private, link-local and unspecified addresses (never a real internet sender). */
export function isNonRoutable(ip: IpAddress): boolean {
  const b = ip.bytes;
  if (ip.version === 4) {
    const [a = 0, c = 0] = [b[0], b[1]];
    return a === 10 || a === 127 || a === 0 || (a === 172 && c >= 16 && c <= 31) || (a === 192 && c === 168) || (a === 169 && c === 254) || a === 255;
  }
  const first = b[0] ?? 0;
  const second = b[1] ?? 0;
  const allZeroPrefix = b.slice(0, 15).every((x) => x === 0);
  return allZeroPrefix || (first & 0xfe) === 0xfc || (first === 0xfe && (second & 0xc0) === 0x80);
}
