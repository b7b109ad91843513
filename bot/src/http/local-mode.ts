import type { IncomingMessage } from 'node:http';
import { parseIp } from '@dsguard/classifier';

/** Why local mode refuses a request; undefined when it may be served. */
export type LocalRefusal = 'not-loopback' | 'forwarded' | 'host';

/** Headers a proxy or tunnel adds: behind one, every caller looks like loopback, so local mode refuses them. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackAddress(address: string | undefined): boolean {
  const ip = address ? parseIp(address) : null;
  if (!ip) return false;
  return ip.version === 4 ? ip.bytes[0] === 127 : ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}

/** `localhost`, `127.0.0.1` or `[::1]`, with no port or the port this request came in on. */
export function isLoopbackHost(host: string | undefined, localPort: number | undefined): boolean {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec((host ?? '').toLowerCase());
  if (!match || !LOOPBACK_HOSTS.has(match[1]!)) return false;
  return match[2] === undefined || Number(match[2]) === localPort;
}

/**
 * Local mode (no Entra, no Bot Framework authentication) serves this computer only: the socket must be loopback,
 * no proxy may have forwarded the request, and the Host must be a loopback name (a page on another site whose
 * name was rebound to 127.0.0.1 sends its own name).
 */
export function localRefusal(req: IncomingMessage): LocalRefusal | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return 'not-loopback';
  if (FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined)) return 'forwarded';
  if (!isLoopbackHost(req.headers.host, req.socket.localPort)) return 'host';
  return undefined;
}

/** A PUBLIC_URL local mode can live with: one that names this computer. */
export function isLocalPublicUrl(publicUrl: string): boolean {
  const { hostname } = new URL(publicUrl);
  return LOOPBACK_HOSTS.has(hostname) || hostname === '::1';
}
