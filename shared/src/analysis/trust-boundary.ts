import { isNamed, type HeaderField } from '../headers/header-block.js';
import type { ForgedStamp, Hop } from '../types.js';

/**
 * Where the recipient tenant's own writing starts. Exchange Online prepends Received / Authentication-Results as the
 * message moves inward (above its first inbound hop) and appends its X-MS-* stamps after the sender's headers; its
 * header firewall strips such stamps from what an untrusted sender wrote (DOMAIN.md section 2). Position is not
 * provenance: a stamp is Exchange's own unless another copy conflicts with it.
 */
export interface TrustBoundary {
  /** frontend: arrived at an Exchange Online inbound frontend; submission: sent from a mailbox of the tenant. */
  kind: 'frontend' | 'submission' | 'none';
  firstTenantHop?: Hop;
  /** Header index of the first tenant hop's Received field (-1 when there is none). */
  boundaryIndex: number;
  /** Microsoft stamps written by another organization (no receiving hop of this tenant, or an earlier EXO org). */
  foreignStamps: HeaderField[];
  /** Written by the tenant's Exchange Online above its first hop (authentication results, Received-SPF). */
  isTenantWritten(index: number): boolean;
  /** A Microsoft stamp at this position can be Exchange Online's own. */
  isStampTrusted(index: number): boolean;
  forgedIndexes: Set<number>;
  forgedStamps: ForgedStamp[];
}

/** Names (any case) of the stamps Exchange Online writes for the tenant. */
export const TENANT_STAMP =
  /^(x-ms-exchange-organization-|x-ms-exchange-crosstenant-|x-forefront-antispam-report$|x-microsoft-antispam$|x-microsoft-antispam-mailbox-delivery$)/i;

/** A tenant stamp's field, tested on its name as written (the first letter first: most fields fail there). */
export function isTenantStamp(field: HeaderField): boolean {
  return (field.name.charCodeAt(0) | 0x20) === 120 /* x */ && TENANT_STAMP.test(field.name);
}
const EXCHANGE_ONLINE_HOST =
  /\.(prod\.outlook\.com|outlook\.office365\.com|protection\.outlook\.com|prod\.exchangelabs\.com|office365\.us|partner\.outlook\.cn)$/i;
/** Stamps with one meaning per message: two different copies mean one was written by someone else. */
const SINGLE_VALUED = new Set([
  'x-ms-exchange-organization-authas',
  'x-ms-exchange-organization-authsource',
  'x-ms-exchange-organization-authmechanism',
  'x-ms-exchange-organization-messagedirectionality',
  'x-ms-exchange-organization-network-message-id',
  'x-ms-exchange-crosstenant-authas',
  'x-ms-exchange-crosstenant-fromentityheader',
  'x-ms-exchange-crosstenant-id',
  'x-ms-exchange-crosstenant-originalattributedtenantconnectingip',
  'x-forefront-antispam-report',
]);
const CLAIMS_EXCHANGE_RESULTS = /^\s*(spf|dkim|dmarc|compauth)=/i;

export function isExchangeOnlineHost(host: string | undefined): boolean {
  return !!host && EXCHANGE_ONLINE_HOST.test(host);
}

function firstTenantHopOf(hops: Hop[]): { hop?: Hop; kind: TrustBoundary['kind'] } {
  // The newest frontend hop is the recipient tenant's: a forged one can only sit below it.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop?.exchangeFrontend) return { hop, kind: 'frontend' };
  }
  // No inbound frontend: the message started inside Exchange Online (Outlook, OWA, SMTP AUTH client submission,
  // Graph), if Exchange Online also delivered it (the newest hop). Its oldest Exchange Online hop is where the tenant
  // took it over. Mail an Exchange Online organization sent to another system (Gmail) is that organization's.
  if (!isExchangeOnlineHost(hops[hops.length - 1]?.by)) return { kind: 'none' };
  const submitted = hops.find((hop) => isExchangeOnlineHost(hop.by));
  return submitted ? { hop: submitted, kind: 'submission' } : { kind: 'none' };
}

export function findTrustBoundary(fields: readonly HeaderField[], hops: Hop[], tenantId?: string): TrustBoundary {
  const { hop, kind } = firstTenantHopOf(hops);
  const forgedIndexes = new Set<number>();
  const forgedStamps: ForgedStamp[] = [];
  const markForged = (field: HeaderField, why: string) => {
    if (forgedIndexes.has(field.index)) return;
    forgedIndexes.add(field.index);
    forgedStamps.push({ header: field.name, value: field.value, why });
  };

  if (kind === 'none' || !hop) {
    const foreignStamps = fields.filter(isTenantStamp);
    return {
      kind: 'none',
      boundaryIndex: -1,
      foreignStamps,
      isTenantWritten: () => false,
      isStampTrusted: () => false,
      forgedIndexes,
      forgedStamps,
    };
  }
  if (kind === 'submission') {
    // Sent from a mailbox of the tenant: every header was written by Exchange Online or the signed-in user's client.
    return {
      kind,
      firstTenantHop: hop,
      boundaryIndex: hop.index,
      foreignStamps: [],
      isTenantWritten: () => true,
      isStampTrusted: () => true,
      forgedIndexes,
      forgedStamps,
    };
  }

  const boundaryIndex = hop.index;
  // Mail that passed through another Exchange Online organization first carries that organization's stamps and
  // authentication results below the frontend hop: not this tenant's, never trusted, but not forged either.
  const microsoftBelow = hops.some((h) => h.index > boundaryIndex && isExchangeOnlineHost(h.by));
  const foreignStamps: HeaderField[] = [];
  const copies = new Map<string, HeaderField[]>();
  for (const field of fields) {
    if (field.index <= boundaryIndex) continue;
    if (isTenantStamp(field)) {
      const list = copies.get(field.key);
      if (list) list.push(field);
      else copies.set(field.key, [field]);
    } else if (
      isNamed(field, 'authentication-results') &&
      !microsoftBelow &&
      CLAIMS_EXCHANGE_RESULTS.test(field.value)
    ) {
      markForged(
        field,
        "It imitates Exchange Online's authentication results but was written before the message reached Exchange Online.",
      );
    }
  }
  // Exchange's header firewall strips these stamps from what senders write, so one copy is Exchange's wherever it sits.
  // Only a real conflict betrays a forgery: Exchange appends after the sender's headers, so its copy is the last one.
  const untrusted = new Set<number>();
  for (const [key, list] of copies) {
    const own = list[list.length - 1] as HeaderField;
    if (
      key === 'x-ms-exchange-crosstenant-id' &&
      tenantId &&
      own.value.trim().toLowerCase() !== tenantId.toLowerCase()
    ) {
      markForged(own, `It names the tenant ${own.value.trim()}, not your configured tenant ${tenantId}.`);
    }
    if (list.length < 2 || !SINGLE_VALUED.has(key)) continue;
    const value = own.value.replace(/\s+/g, '');
    for (const field of list.slice(0, -1)) {
      if (field.value.replace(/\s+/g, '') === value) continue;
      untrusted.add(field.index);
      if (microsoftBelow) foreignStamps.push(field);
      else markForged(field, `A second, conflicting copy of ${own.name}; Exchange Online's own copy is the last one.`);
    }
  }

  return {
    kind,
    firstTenantHop: hop,
    boundaryIndex,
    foreignStamps,
    isTenantWritten: (index) => index < boundaryIndex,
    isStampTrusted: (index) => !forgedIndexes.has(index) && !untrusted.has(index),
    forgedIndexes,
    forgedStamps,
  };
}
