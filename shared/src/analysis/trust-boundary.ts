import type { HeaderField } from '../headers/header-block.js';
import type { ForgedStamp, Hop } from '../types.js';

/**
 * Where the recipient tenant's own writing starts. Exchange Online prepends Received / Authentication-Results as the
 * message moves inward (above its first inbound hop) and appends its X-MS-* stamps after the sender's header block.
 * Everything between the first hop and that appended block was written by the sender and can be forged.
 */
export interface TrustBoundary {
  /** frontend: arrived at an Exchange Online inbound frontend; submission: sent from a mailbox of the tenant. */
  kind: 'frontend' | 'submission' | 'none';
  firstTenantHop?: Hop;
  /** Header index of the first tenant hop's Received field (-1 when there is none). */
  boundaryIndex: number;
  /** Header index where the trailing block of Exchange stamps begins. */
  appendedBlockStart: number;
  /** Written by the tenant's Exchange Online above its first hop (authentication results, Received-SPF). */
  isTenantWritten(index: number): boolean;
  /** A Microsoft stamp at this position can be Exchange Online's own. */
  isStampTrusted(index: number): boolean;
  forgedIndexes: Set<number>;
  forgedStamps: ForgedStamp[];
}

const MICROSOFT_STAMP = /^(x-ms-|x-microsoft-|x-forefront-|x-eop)/;
/** Stamps the recipient tenant's Exchange Online writes about the message (trusted only below the boundary). */
export const TENANT_STAMP = /^(x-ms-exchange-organization-|x-ms-exchange-crosstenant-|x-forefront-antispam-report$|x-microsoft-antispam$|x-microsoft-antispam-mailbox-delivery$)/;
const EXCHANGE_ONLINE_HOST = /\.(prod\.outlook\.com|outlook\.office365\.com|protection\.outlook\.com|prod\.exchangelabs\.com|office365\.us|partner\.outlook\.cn)$/i;
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
  // Graph). Its oldest Exchange Online hop is where the tenant took it over.
  const submitted = hops.find((hop) => isExchangeOnlineHost(hop.by));
  return submitted ? { hop: submitted, kind: 'submission' } : { kind: 'none' };
}

export function findTrustBoundary(fields: readonly HeaderField[], hops: Hop[]): TrustBoundary {
  const { hop, kind } = firstTenantHopOf(hops);
  const forgedIndexes = new Set<number>();
  const forgedStamps: ForgedStamp[] = [];
  const markForged = (field: HeaderField, why: string) => {
    if (forgedIndexes.has(field.index)) return;
    forgedIndexes.add(field.index);
    forgedStamps.push({ header: field.name, value: field.value, why });
  };

  let appendedBlockStart = fields.length;
  while (appendedBlockStart > 0 && MICROSOFT_STAMP.test(fields[appendedBlockStart - 1]?.key ?? '')) appendedBlockStart--;

  if (kind === 'none' || !hop) {
    return {
      kind: 'none',
      boundaryIndex: -1,
      appendedBlockStart,
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
      appendedBlockStart,
      isTenantWritten: () => true,
      isStampTrusted: () => true,
      forgedIndexes,
      forgedStamps,
    };
  }

  const boundaryIndex = hop.index;
  const belowHops = hops.filter((h) => h.index > boundaryIndex);
  const microsoftBelow = belowHops.some((h) => isExchangeOnlineHost(h.by));
  for (const field of fields) {
    if (field.index <= boundaryIndex) continue;
    // Mail from another Exchange Online organization carries that organization's stamps among its headers: not
    // this tenant's, so never trusted, but not forged either.
    if (field.index < appendedBlockStart && TENANT_STAMP.test(field.key) && !microsoftBelow) {
      markForged(field, "It sits among the sender's own headers, below Exchange Online's first hop, so the sender wrote it.");
    } else if (field.key === 'authentication-results' && !microsoftBelow && CLAIMS_EXCHANGE_RESULTS.test(field.value)) {
      markForged(field, "It imitates Exchange Online's authentication results but was written before the message reached Exchange Online.");
    }
  }
  // Two different copies of a one-per-message stamp in Exchange's block: Exchange appends last, so earlier ones are not its.
  const lastByKey = new Map<string, HeaderField>();
  for (let i = fields.length - 1; i >= appendedBlockStart; i--) {
    const field = fields[i];
    if (!field || !SINGLE_VALUED.has(field.key)) continue;
    const last = lastByKey.get(field.key);
    if (!last) lastByKey.set(field.key, field);
    else if (last.value.replace(/\s+/g, '') !== field.value.replace(/\s+/g, '')) {
      markForged(field, `A second, conflicting copy of ${last.name}; Exchange Online's own copy is the last one.`);
    }
  }

  return {
    kind,
    firstTenantHop: hop,
    boundaryIndex,
    appendedBlockStart,
    isTenantWritten: (index) => index < boundaryIndex,
    isStampTrusted: (index) => !forgedIndexes.has(index) && (index < boundaryIndex || index >= appendedBlockStart),
    forgedIndexes,
    forgedStamps,
  };
}
