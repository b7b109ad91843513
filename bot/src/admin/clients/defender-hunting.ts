import type { TraceRow } from '../trace/trace-row.js';
import { normalizeAddress } from '../trace/trace-row.js';
import { callJson, type FetchLike, type TokenProvider } from './api-client.js';
import { GRAPH_SCOPE } from './graph-message-trace.js';

const DOMAIN = /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/**
 * Anonymous inbound mail that matched no connector and claims one of the tenant's domains as envelope (P1)
 * or header (P2) sender: the Direct Send traffic RejectDirectSend would act on, plus the spoofs it would not.
 */
export function directSendHuntingQuery(acceptedDomains: readonly string[], days = 30): string {
  const domains = acceptedDomains.map((d) => d.toLowerCase().replace(/^\*\./, ''));
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) throw new Error(`not a domain name: "${bad}"`);
  if (domains.length === 0) throw new Error('at least one accepted domain is needed');
  if (!Number.isInteger(days) || days < 1 || days > 30)
    throw new Error('days must be 1-30 (advanced hunting keeps 30 days)');
  return [
    `let accepted = dynamic([${domains.map((d) => `"${d}"`).join(', ')}]);`,
    'EmailEvents',
    `| where Timestamp > ago(${days}d)`,
    '| where EmailDirection == "Inbound"',
    '| where isempty(Connectors)',
    '| where tolower(SenderMailFromDomain) in (accepted) or tolower(SenderFromDomain) in (accepted)',
    '| extend Auth = parse_json(AuthenticationDetails)',
    '| project Timestamp, NetworkMessageId, SenderMailFromAddress, SenderFromAddress, RecipientEmailAddress, Subject,',
    '    SenderIPv4, SenderIPv6, DeliveryAction, DetectionMethods,',
    '    SPF = tostring(Auth.SPF), DKIM = tostring(Auth.DKIM), DMARC = tostring(Auth.DMARC), CompAuth = tostring(Auth.CompAuth)',
  ].join('\n');
}

/** Where the previous page ended: rows sort by (Timestamp, NetworkMessageId, RecipientEmailAddress). */
export interface HuntingCursor {
  timestamp: string;
  networkMessageId: string;
  recipient: string;
}

const kqlString = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
// The service's own text is kept when it is plain UTC ISO 8601: its 7-digit fractions must compare equal.
const kqlTime = (value: string): string => {
  if (Number.isNaN(Date.parse(value))) throw new Error(`not a time: "${value}"`);
  return `datetime(${/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,7})?Z$/.test(value) ? value : new Date(value).toISOString()})`;
};

/**
 * The tenant watcher's page: inbound mail claiming an accepted domain (P1 or P2), every field the classifier needs,
 * from `since` on, in a stable order so that the next page starts strictly after `after` (keyset paging: rows
 * with the same Timestamp are neither skipped nor repeated).
 */
export function watchHuntingQuery(options: {
  acceptedDomains: readonly string[];
  since: Date;
  after?: HuntingCursor;
  take: number;
}): string {
  const domains = options.acceptedDomains.map((d) => d.toLowerCase().replace(/^\*\./, ''));
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) throw new Error(`not a domain name: "${bad}"`);
  if (domains.length === 0) throw new Error('at least one accepted domain is needed');
  if (!Number.isInteger(options.take) || options.take < 1 || options.take > 100_000)
    throw new Error('take must be 1-100000 (advanced hunting returns at most 100,000 rows)');
  const after = options.after;
  return [
    `let accepted = dynamic([${domains.map((d) => `"${d}"`).join(', ')}]);`,
    'EmailEvents',
    `| where Timestamp >= ${kqlTime(options.since.toISOString())}`,
    ...(after
      ? [
          `| where Timestamp > ${kqlTime(after.timestamp)} or (Timestamp == ${kqlTime(after.timestamp)} and (NetworkMessageId > ${kqlString(after.networkMessageId)}` +
            ` or (NetworkMessageId == ${kqlString(after.networkMessageId)} and RecipientEmailAddress > ${kqlString(after.recipient)})))`,
        ]
      : []),
    '| where EmailDirection == "Inbound"',
    '| where tolower(SenderMailFromDomain) in (accepted) or tolower(SenderFromDomain) in (accepted)',
    '| project Timestamp, NetworkMessageId, InternetMessageId, SenderMailFromAddress, SenderFromAddress, RecipientEmailAddress,',
    '    Subject, SenderIPv4, SenderIPv6, EmailDirection, Connectors, AuthenticationDetails, DeliveryAction, DeliveryLocation,',
    '    DetectionMethods',
    '| order by Timestamp asc, NetworkMessageId asc, RecipientEmailAddress asc',
    `| take ${options.take}`,
  ].join('\n');
}

export interface HuntingOptions {
  tokens: TokenProvider;
  baseUrl?: string;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
}

export interface HuntingResult {
  schema: { name: string; type: string }[];
  results: Record<string, unknown>[];
}

/** POST /security/runHuntingQuery (ThreatHunting.Read.All), with throttling handled like every Graph call. */
export async function runHuntingQuery(
  options: HuntingOptions,
  query: string,
  timespan = 'P30D',
): Promise<HuntingResult> {
  const base = (options.baseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/$/, '');
  const body = (await callJson(
    {
      service: 'Defender advanced hunting',
      scope: GRAPH_SCOPE,
      tokens: options.tokens,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    },
    `${base}/security/runHuntingQuery`,
    { method: 'POST', body: { Query: query, Timespan: timespan } },
  )) as Partial<HuntingResult>;
  return { schema: body.schema ?? [], results: body.results ?? [] };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

export function rowFromHunting(result: Record<string, unknown>): TraceRow {
  const recipient = normalizeAddress(text(result.RecipientEmailAddress));
  const row: TraceRow = { origin: 'defender', recipients: recipient ? [recipient] : [] };
  const time = text(result.Timestamp);
  if (time && !Number.isNaN(Date.parse(time))) row.receivedAt = Date.parse(time);
  const p1 = normalizeAddress(text(result.SenderMailFromAddress));
  if (p1) row.senderAddress = p1;
  const p2 = normalizeAddress(text(result.SenderFromAddress));
  if (p2) row.fromAddress = p2;
  const subject = text(result.Subject);
  if (subject) row.subject = subject;
  const ip = text(result.SenderIPv4) ?? text(result.SenderIPv6);
  if (ip) row.clientIp = ip;
  const id = text(result.NetworkMessageId);
  if (id) row.networkMessageId = id;
  const auth: Record<string, string> = {};
  for (const [field, method] of [
    ['SPF', 'spf'],
    ['DKIM', 'dkim'],
    ['DMARC', 'dmarc'],
    ['CompAuth', 'compauth'],
  ] as const) {
    const value = text(result[field]);
    if (value) auth[method] = value.toLowerCase();
  }
  if (Object.keys(auth).length) row.auth = auth;
  if (/spoof intra-org/i.test(String(result.DetectionMethods ?? ''))) row.verdict = 'spoof';
  return row;
}
