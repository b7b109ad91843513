/**
 * How much each reason moves the spoof score (positive: towards spoof, negative: towards legitimate). The score is
 * BASELINE plus the weights of the reasons that fired, clamped to the band of the verdict (see SCORE_BANDS), so the
 * weights never decide the verdict: the rules in rules.ts do. A reason with variants names the case it was in.
 */
import type { VerdictCode } from '../types.js';

export const BASELINE = 30;

/** The score always falls in the band of its verdict, so that it never contradicts the verdict. */
export const SCORE_BANDS: Record<VerdictCode, readonly [number, number]> = {
  spoof: [70, 100],
  suspicious: [40, 69],
  'direct-send': [5, 35],
  internal: [0, 10],
  connector: [0, 20],
  external: [0, 30],
  unknown: [0, 60],
};

export const REASON_WEIGHTS = {
  'route.anonymous-inbound': 10,
  'route.internal': -30,
  'route.connector': -25,
  'route.unknown': 0,
  'connector.auth-fail': 35,
  'from.accepted-domain': { 'anonymous-inbound': 15, other: 0 },
  'from.external-domain': -20,
  'from.equals-to': 10,
  'from.missing': 10,
  'from.malformed': 10,
  'from.multiple': 15,
  'mailfrom.accepted-domain': 5,
  'mailfrom.unrelated': 5,
  'auth.spf-fail': { aligned: 10, unaligned: 5 },
  'auth.spf-softfail': { aligned: 8, unaligned: 4 },
  'auth.spf-none': 5,
  'auth.spf-pass': -15,
  'auth.dkim-missing': { fail: 8, none: 5 },
  'auth.dkim-pass': -20,
  'auth.dmarc-fail': 15,
  'auth.dmarc-pass': -25,
  'auth.compauth-fail': 20,
  'auth.compauth-pass': -25,
  'auth.compauth-none': 5,
  'auth.missing': { 'own-domain': 10, other: 0 },
  'compauth.accepted-domain': 10,
  'ms.spoof-detected': { 'own-organization': 12, other: 6 },
  'ms.junk': 5,
  'ms.filter-bypass': 5,
  'ms.direct-send-stamp': 5,
  'source.generic-helo': 8,
  'source.no-ptr': 4,
  'source.known-sender': -45,
  'source.known-address-unknown-ip': { 'sender-has-ips': 15, 'address-only': -5 },
  'source.gateway': 0,
  'source.gateway-routing': 0,
  'list.mailing-list': -25,
  'reply-to.external': 10,
  'trust.forged-stamp': { 'claims-internal': 30, other: 20 },
  'trust.foreign-stamps': 0,
  'trust.no-tenant-hop': 0,
  'context.inferred-domains': 0,
  'context.no-domains': 0,
  'context.problem': 0,
  'input.malformed': 10,
  'input.limit': 0,
  'internal.error': 0,
} as const satisfies Record<string, number | Record<string, number>>;

export type ReasonId = keyof typeof REASON_WEIGHTS;
type Variants<T> = T extends number ? never : keyof T;
export type WeightVariant<K extends ReasonId> = Variants<(typeof REASON_WEIGHTS)[K]>;

/** The weight of a reason, in the variant it fired in (reasons without variants take none). */
export function weightOf<K extends ReasonId>(
  id: K,
  ...variant: WeightVariant<K> extends never ? [] : [WeightVariant<K>]
): number {
  const entry: number | Record<string, number> = REASON_WEIGHTS[id];
  return typeof entry === 'number' ? entry : (entry[variant[0] as string] ?? 0);
}
