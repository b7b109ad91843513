import type { MailEvent } from '../classifier.js';
import type { GraphMessageTrace } from '../admin/clients/graph-message-trace.js';
import { normalizeAddress, type TraceRow } from '../admin/trace/trace-row.js';

/** One logged delivery (one message to one recipient), as the classifier judges it. */
export interface WatchedDelivery {
  event: MailEvent;
  networkMessageId: string;
  recipient: string;
  /** Milliseconds since the epoch. */
  receivedAt: number;
  /** The RFC 5322 Message-ID when the source gives it, to find the message in a mailbox. */
  internetMessageId?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
const AUTH_FIELDS = [
  ['SPF', 'spf'],
  ['DKIM', 'dkim'],
  ['DMARC', 'dmarc'],
  ['CompAuth', 'compauth'],
] as const;

/** `EmailEvents.AuthenticationDetails` is JSON text (`{"SPF":"fail","DKIM":"none",...}`); values lower-cased. */
export function authFromDetails(details: unknown): MailEvent['auth'] | undefined {
  let parsed: unknown = details;
  if (typeof details === 'string') {
    try {
      parsed = JSON.parse(details);
    } catch {
      return undefined;
    }
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  const auth: NonNullable<MailEvent['auth']> = {};
  for (const [field, key] of AUTH_FIELDS) {
    const value = text(record[field]);
    if (value) auth[key] = value.toLowerCase();
  }
  const reason = text(record.CompAuthReason) ?? text(record.Reason);
  if (reason) auth.compauthReason = reason.toLowerCase();
  return Object.keys(auth).length ? auth : undefined;
}

/** A row of the watcher's `EmailEvents` query (see `watchHuntingQuery`); undefined without NetworkMessageId or time. */
export function deliveryFromHunting(result: Record<string, unknown>): WatchedDelivery | undefined {
  const networkMessageId = text(result.NetworkMessageId)?.toLowerCase();
  const time = text(result.Timestamp);
  const receivedAt = time ? Date.parse(time) : NaN;
  if (!networkMessageId || Number.isNaN(receivedAt)) return undefined;
  const recipient = normalizeAddress(text(result.RecipientEmailAddress)) ?? '';
  const event: MailEvent = { source: 'defender', networkMessageId, timestamp: time! };
  const optional: [keyof MailEvent, string | undefined][] = [
    ['senderFromAddress', normalizeAddress(text(result.SenderFromAddress))],
    ['senderMailFromAddress', normalizeAddress(text(result.SenderMailFromAddress))],
    ['senderIp', text(result.SenderIPv4) ?? text(result.SenderIPv6)],
    ['subject', text(result.Subject)],
    ['direction', text(result.EmailDirection)],
    ['connectors', text(result.Connectors)],
    ['deliveryAction', text(result.DeliveryAction)],
    ['deliveryLocation', text(result.DeliveryLocation)],
    ['detectionMethods', text(result.DetectionMethods)],
  ];
  for (const [key, value] of optional) if (value) (event as unknown as Record<string, string>)[key] = value;
  if (recipient) event.recipients = [recipient];
  const auth = authFromDetails(result.AuthenticationDetails);
  if (auth) event.auth = auth;
  const internetMessageId = text(result.InternetMessageId);
  return { event, networkMessageId, recipient, receivedAt, ...(internetMessageId ? { internetMessageId } : {}) };
}

/**
 * A Graph message trace record. Its `id` is the message trace id, which Exchange gives the value of the message's
 * Network-Message-Id; there are no authentication results, so the classifier can only call it a candidate.
 */
export function deliveryFromTrace(trace: GraphMessageTrace): WatchedDelivery | undefined {
  const networkMessageId = text(trace.id)?.toLowerCase();
  const receivedAt = trace.receivedDateTime ? Date.parse(trace.receivedDateTime) : NaN;
  if (!networkMessageId || Number.isNaN(receivedAt)) return undefined;
  const recipient = normalizeAddress(trace.recipientAddress) ?? '';
  const event: MailEvent = { source: 'trace', networkMessageId, timestamp: new Date(receivedAt).toISOString() };
  const sender = normalizeAddress(trace.senderAddress);
  if (sender) {
    // Message trace has one sender address (usually the envelope sender): it stands for the From as well, one more
    // reason a trace event is only ever a candidate.
    event.senderMailFromAddress = sender;
    event.senderFromAddress = sender;
  }
  const ip = text(trace.fromIP);
  if (ip) event.senderIp = ip;
  if (recipient) event.recipients = [recipient];
  const subject = text(trace.subject);
  if (subject) event.subject = subject;
  const internetMessageId = text(trace.messageId);
  return { event, networkMessageId, recipient, receivedAt, ...(internetMessageId ? { internetMessageId } : {}) };
}

/** The message as the inventory counts it (Direct Send judged legitimate refreshes its source's last seen and volume). */
export function inventoryRow(delivery: WatchedDelivery, recipients: string[]): TraceRow {
  const { event } = delivery;
  const row: TraceRow = {
    origin: event.source === 'trace' ? 'graph-trace' : 'defender',
    recipients,
    receivedAt: delivery.receivedAt,
  };
  if (event.senderMailFromAddress) row.senderAddress = event.senderMailFromAddress;
  if (event.senderFromAddress && event.source === 'defender') row.fromAddress = event.senderFromAddress;
  if (event.subject) row.subject = event.subject;
  if (event.senderIp) row.clientIp = event.senderIp;
  if (event.connectors) row.connector = event.connectors;
  if (event.direction) row.directionality = event.direction;
  if (event.auth) {
    const { compauthReason: _reason, ...results } = event.auth;
    row.auth = { ...results };
  }
  return row;
}
