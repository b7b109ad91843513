import { normalizeAddress, parseTraceTime, type TraceOrigin, type TraceRow } from './trace-row.js';
import { strings } from '../strings.js';

export type TraceFormatId = 'summary' | 'extended' | 'connector';

/** A mapped row, a reason the row is unreadable, or `null` for a row that is not an inbound message. */
export type RowMapping = TraceRow | { error: string } | null;

export interface TraceFormat {
  id: TraceFormatId;
  origin: TraceOrigin;
  /** For error messages: how an admin recognizes (or produces) this export. */
  description: string;
  matches(header: readonly string[]): boolean;
  mapper(header: readonly string[]): (fields: readonly string[]) => RowMapping;
}

export const SUMMARY_COLUMNS = [
  'origin_timestamp_utc',
  'sender_address',
  'recipient_status',
  'message_subject',
  'total_bytes',
  'message_id',
  'network_message_id',
  'original_client_ip',
  'directionality',
  'connector_id',
  'delivery_priority',
] as const;

export const EXTENDED_COLUMNS = [
  'date_time_utc',
  'client_ip',
  'client_hostname',
  'server_ip',
  'server_hostname',
  'source_context',
  'connector_id',
  'source',
  'event_id',
  'internal_message_id',
  'message_id',
  'network_message_id',
  'recipient_address',
  'recipient_status',
  'total_bytes',
  'recipient_count',
  'related_recipient_address',
  'reference',
  'message_subject',
  'sender_address',
  'return_path',
  'message_info',
  'directionality',
  'tenant_id',
  'original_client_ip',
  'original_server_ip',
  'custom_data',
] as const;

const IP_COLUMNS = ['original_client_ip', 'client_ip', 'sender_ip', 'source_ip', 'connecting_ip'];
const DATE_COLUMNS = ['date_time_utc', 'origin_timestamp_utc', 'received_time', 'date'];
const RECIPIENT_COLUMNS = ['recipient_address', 'recipient_status', 'recipient'];
const SUBJECT_COLUMNS = ['message_subject', 'subject'];
const HELO_COLUMNS = ['client_hostname', 'helo'];

export function normalizeHeader(fields: readonly string[]): string[] {
  return fields.map((field) => field.trim().replace(/^"|"$/g, '').toLowerCase());
}

function columnIndex(header: readonly string[], names: readonly string[]): number {
  for (const name of names) {
    const at = header.indexOf(name);
    if (at >= 0) return at;
  }
  return -1;
}

/** "alice@contoso.com##Receive, Deliver;bob@contoso.com##Receive, Fail" or a plain ";"-separated list. */
export function parseRecipients(value: string): string[] {
  const recipients: string[] = [];
  for (const part of value.split(';')) {
    const hash = part.indexOf('##');
    const address = normalizeAddress(hash >= 0 ? part.slice(0, hash) : part);
    // Status words after "##" may themselves be ";"-separated: only addresses count.
    if (address && address.includes('@')) recipients.push(address);
  }
  return recipients;
}

interface Columns {
  time: number;
  sender: number;
  recipients: number;
  subject: number;
  ip: number;
  helo: number;
  connector: number;
  directionality: number;
  networkMessageId: number;
  event: number;
  source: number;
}

function locate(header: readonly string[]): Columns {
  return {
    time: columnIndex(header, DATE_COLUMNS),
    sender: columnIndex(header, ['sender_address']),
    recipients: columnIndex(header, RECIPIENT_COLUMNS),
    subject: columnIndex(header, SUBJECT_COLUMNS),
    ip: columnIndex(header, IP_COLUMNS),
    helo: columnIndex(header, HELO_COLUMNS),
    connector: columnIndex(header, ['connector_id', 'connector_name', 'connector']),
    directionality: columnIndex(header, ['directionality', 'direction']),
    networkMessageId: columnIndex(header, ['network_message_id']),
    event: columnIndex(header, ['event_id']),
    source: columnIndex(header, ['source']),
  };
}

const field = (fields: readonly string[], at: number): string => (at >= 0 ? (fields[at] ?? '').trim() : '');

function columnMapper(header: readonly string[], origin: TraceOrigin) {
  const at = locate(header);
  const width = header.length;
  const extendedIp = origin === 'csv-extended' ? header.indexOf('client_ip') : -1;
  return (fields: readonly string[]): RowMapping => {
    if (fields.length !== width) return { error: strings.trace.columnCount(width, fields.length) };
    if (at.event >= 0) {
      // The extended report has one row per event; only the inbound SMTP receive describes the connection.
      const event = field(fields, at.event).toUpperCase();
      const source = field(fields, at.source).toUpperCase();
      if (event !== 'RECEIVE' || (source !== '' && source !== 'SMTP')) return null;
    }
    const timeText = field(fields, at.time);
    const receivedAt = parseTraceTime(timeText);
    if (receivedAt === undefined) return { error: strings.trace.unreadableDate(timeText.slice(0, 40)) };
    const row: TraceRow = { origin, receivedAt, recipients: parseRecipients(field(fields, at.recipients)) };
    const sender = normalizeAddress(field(fields, at.sender));
    if (sender) row.senderAddress = sender;
    const subject = field(fields, at.subject);
    if (subject) row.subject = subject;
    const ip = field(fields, at.ip) || field(fields, extendedIp);
    if (ip) row.clientIp = ip.replace(/^\[|\]$/g, '');
    const helo = field(fields, at.helo);
    if (helo) row.helo = helo;
    const connector = field(fields, at.connector);
    if (connector) row.connector = connector;
    const directionality = field(fields, at.directionality);
    if (directionality) row.directionality = directionality;
    const networkMessageId = field(fields, at.networkMessageId);
    if (networkMessageId) row.networkMessageId = networkMessageId;
    return row;
  };
}

const startsWith = (header: readonly string[], columns: readonly string[]): boolean =>
  columns.every((name, i) => header[i] === name);

export const TRACE_FORMATS: readonly TraceFormat[] = [
  {
    id: 'summary',
    origin: 'csv-summary',
    description: `message trace summary (Exchange admin center download): ${SUMMARY_COLUMNS.slice(0, 4).join(',')},...`,
    matches: (header) => startsWith(header, SUMMARY_COLUMNS.slice(0, 4)) && header.includes('original_client_ip'),
    mapper: (header) => columnMapper(header, 'csv-summary'),
  },
  {
    id: 'extended',
    origin: 'csv-extended',
    description: `extended message trace (historical search, 27 columns): ${EXTENDED_COLUMNS.slice(0, 3).join(',')},...`,
    matches: (header) =>
      header.length === EXTENDED_COLUMNS.length &&
      startsWith(header, EXTENDED_COLUMNS.slice(0, 2)) &&
      header.includes('event_id') &&
      header.includes('sender_address'),
    mapper: (header) => columnMapper(header, 'csv-extended'),
  },
  {
    id: 'connector',
    origin: 'csv-connector',
    description:
      'connector report (Start-HistoricalSearch -ReportType ConnectorReport -ConnectorType NoConnector): columns ' +
      'sender_address, a date (date_time_utc), a client IP (client_ip or original_client_ip), recipient_address',
    matches: (header) =>
      header.includes('sender_address') &&
      columnIndex(header, IP_COLUMNS) >= 0 &&
      columnIndex(header, DATE_COLUMNS) >= 0 &&
      !header.includes('event_id'),
    mapper: (header) => columnMapper(header, 'csv-connector'),
  },
];

export function detectFormat(header: readonly string[]): TraceFormat | undefined {
  return TRACE_FORMATS.find((format) => format.matches(header));
}
