import dns, { type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isNonRoutable, parseIp } from '@dsguard/classifier';

/**
 * Where attachment downloads may go. A Teams `downloadUrl` comes from the activity, which the caller writes, so
 * every URL (the first and each redirect) and every address its host resolves to is checked before connecting.
 */
export interface DownloadPolicy {
  urlAllowed(url: URL): boolean;
  /** May the download connect to this address (checked at connect time, after DNS resolution)? */
  addressAllowed(address: string): boolean;
}

/**
 * The hosts Teams serves files from: OneDrive for Business and SharePoint (`<tenant>-my.sharepoint.com`,
 * `<tenant>.sharepoint.com`, and the US government and China clouds), and the Teams attachment service of the
 * Bot Framework connector.
 */
export const TEAMS_FILE_HOSTS: readonly string[] = [
  '.sharepoint.com',
  '.sharepoint.us',
  '.sharepoint.cn',
  'smba.trafficmanager.net',
];

function hostAllowed(host: string, hosts: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return hosts.some((h) => (h.startsWith('.') ? name.endsWith(h) && name.length > h.length : name === h));
}

/** Internet addresses only: never loopback, private, link-local, CGNAT, multicast or unspecified. */
export function isPublicAddress(address: string): boolean {
  const ip = parseIp(address);
  if (!ip || isNonRoutable(ip)) return false;
  const [a = 0, b = 0] = ip.bytes;
  if (ip.version === 4) return !(a === 100 && b >= 64 && b <= 127) && a < 224;
  return a !== 0xff;
}

/** The production policy: https to the Teams file hosts on the default port, public addresses only. */
export const TEAMS_DOWNLOAD_POLICY: DownloadPolicy = {
  urlAllowed: (url) =>
    url.protocol === 'https:' &&
    url.port === '' &&
    !url.username &&
    !url.password &&
    hostAllowed(url.hostname, TEAMS_FILE_HOSTS),
  addressAllowed: isPublicAddress,
};

export type FetchedAttachment =
  { ok: true; response: IncomingMessage } | { ok: false; reason: 'refused' | 'timeout' | 'failed' };

const MAX_REDIRECTS = 5;

class RefusedAddressError extends Error {
  constructor(readonly address: string) {
    super(`refused address ${address}`);
  }
}

/** dns.lookup that fails unless every address the name resolves to is allowed (so no answer can sneak one in). */
function guardedLookup(policy: DownloadPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !policy.addressAllowed(a.address));
      if (refused || addresses.length === 0)
        return callback(new RefusedAddressError(refused?.address ?? hostname), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function get(url: URL, policy: DownloadPolicy, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { signal, lookup: guardedLookup(policy), headers: { accept: '*/*' } }, resolve);
    request.on('error', reject);
  });
}

/**
 * GETs an attachment under `policy`: redirects are followed by hand (at most 5), each target checked again,
 * and a host name must resolve to allowed addresses only. Answers the final 2xx response (its body unread).
 */
export async function fetchAttachment(
  downloadUrl: string,
  policy: DownloadPolicy,
  signal: AbortSignal,
): Promise<FetchedAttachment> {
  let url: URL;
  try {
    url = new URL(downloadUrl);
  } catch {
    return { ok: false, reason: 'refused' };
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!policy.urlAllowed(url)) return { ok: false, reason: 'refused' };
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(literal) && !policy.addressAllowed(literal)) return { ok: false, reason: 'refused' };
    let response: IncomingMessage;
    try {
      response = await get(url, policy, signal);
    } catch (error) {
      if (error instanceof RefusedAddressError) return { ok: false, reason: 'refused' };
      return { ok: false, reason: signal.aborted ? 'timeout' : 'failed' };
    }
    const status = response.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status) && response.headers.location) {
      // Never read what a redirect or an error sends along: its size is the sender's choice.
      response.destroy();
      try {
        url = new URL(response.headers.location, url);
      } catch {
        return { ok: false, reason: 'refused' };
      }
      continue;
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      return { ok: false, reason: 'failed' };
    }
    return { ok: true, response };
  }
  return { ok: false, reason: 'failed' };
}
