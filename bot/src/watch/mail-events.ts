import type { MailEvent } from '../classifier.js';
import { rowFromHunting } from '../admin/clients/defender-hunting.js';
import { rowFromGraphTrace, type GraphMessageTrace } from '../admin/clients/graph-message-trace.js';
import type { TraceRow } from '../admin/trace/trace-row.js';

/** One logged delivery (one message to one recipient), as the classifier judges it and as the inventory counts it. */
export interface WatchedDelivery {
  event: MailEvent;
  /** The same delivery for the inventory (last seen, volume of approved sources). */
  row: TraceRow;
  networkMessageId: string;
  recipient: string;
  /** Milliseconds since the epoch. */
  receivedAt: number;
  /** The RFC 5322 Message-ID when the source gives it (message trace), to find the message in a mailbox. */
  internetMessageId?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
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
  const row = rowFromHunting(result);
  const recipient = row.recipients[0] ?? '';
  const event: MailEvent = { source: 'defender', networkMessageId, timestamp: new Date(receivedAt).toISOString() };
  if (row.fromAddress) event.senderFromAddress = row.fromAddress;
  if (row.senderAddress) event.senderMailFromAddress = row.senderAddress;
  if (row.clientIp) event.senderIp = row.clientIp;
  if (recipient) event.recipients = [recipient];
  if (row.subject) event.subject = row.subject;
  const direction = text(result.EmailDirection);
  if (direction) event.direction = direction;
  const connectors = text(result.Connectors);
  if (connectors) {
    event.connectors = connectors;
    row.connector = connectors;
  }
  const auth = authFromDetails(result.AuthenticationDetails);
  if (auth) {
    event.auth = auth;
    row.auth = { ...auth };
    delete row.auth.compauthReason;
  }
  const deliveryAction = text(result.DeliveryAction);
  if (deliveryAction) event.deliveryAction = deliveryAction;
  const deliveryLocation = text(result.DeliveryLocation);
  if (deliveryLocation) event.deliveryLocation = deliveryLocation;
  const detectionMethods = text(result.DetectionMethods);
  if (detectionMethods) event.detectionMethods = detectionMethods;
  const internetMessageId = text(result.InternetMessageId);
  return { event, row, networkMessageId, recipient, receivedAt, ...(internetMessageId ? { internetMessageId } : {}) };
}

/**
 * A Graph message trace record. Its `id` is the message trace id, which Exchange gives the value of the message's
 * Network-Message-Id; there are no authentication results, so the classifier can only call it a candidate.
 */
export function deliveryFromTrace(trace: GraphMessageTrace): WatchedDelivery | undefined {
  const networkMessageId = text(trace.id)?.toLowerCase();
  const receivedAt = trace.receivedDateTime ? Date.parse(trace.receivedDateTime) : NaN;
  if (!networkMessageId || Number.isNaN(receivedAt)) return undefined;
  const row = rowFromGraphTrace(trace);
  const recipient = row.recipients[0] ?? '';
  const event: MailEvent = { source: 'trace', networkMessageId, timestamp: new Date(receivedAt).toISOString() };
  if (row.senderAddress) {
    // Message trace has one sender address (usually the envelope sender): it stands for the From as well, one more
    // reason a trace event is only ever a candidate.
    event.senderMailFromAddress = row.senderAddress;
    event.senderFromAddress = row.senderAddress;
  }
  if (row.clientIp) event.senderIp = row.clientIp;
  if (recipient) event.recipients = [recipient];
  if (row.subject) event.subject = row.subject;
  const internetMessageId = text(trace.messageId);
  return { event, row, networkMessageId, recipient, receivedAt, ...(internetMessageId ? { internetMessageId } : {}) };
}
