import { parseAddressList, parseFrom, parseMailbox } from '../fields/addresses.js';
import { parseAuthenticationResults } from '../fields/auth-results.js';
import { parseHops } from '../fields/received.js';
import { parseReceivedSpf, type ReceivedSpf } from '../fields/received-spf.js';
import {
  parseAttributedConnectingIp,
  parseColonList,
  type AttributedConnectingIp,
  type StampFields,
} from '../fields/stamps.js';
import { maxNesting } from '../headers/comments.js';
import { decodeEncodedWords } from '../headers/encoded-words.js';
import { Headers, type HeaderBlock, type HeaderField } from '../headers/header-block.js';
import type { Address, AuthenticationResults, ForgedStamp, Hop, ParseLimits } from '../types.js';
import { findTrustBoundary, isTenantStamp, type TrustBoundary } from './trust-boundary.js';

/** Everything the signals read, parsed once. "Trusted" values come from Exchange Online's own stamps only. */
export interface ParsedMessage {
  headers: Headers;
  strayLines: string[];
  hops: Hop[];
  trust: TrustBoundary;
  /** Authentication-Results written by the recipient's Exchange Online at its first inbound hop. */
  trustedAuth?: AuthenticationResults;
  /** Other authentication results (earlier hops, -Original, ARC): context only. */
  untrustedAuth: AuthenticationResults[];
  trustedSpf?: ReceivedSpf;
  /** Tenant stamps by lower-case name: the copy Exchange Online wrote. */
  stamps: Map<string, HeaderField>;
  forgedStamps: ForgedStamp[];
  antispam?: StampFields;
  mailboxDelivery?: StampFields;
  attributedConnectingIp?: AttributedConnectingIp;
  /** The address Outlook shows, recovered from a malformed header when needed. */
  from?: Address;
  /** What is malformed about the From header (empty when well-formed). */
  fromMalformations: string[];
  fromCount: number;
  sender?: Address;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  returnPath?: Address;
  listId?: string;
  subject?: string;
  messageId?: string;
  /** Structured fields too deeply nested to read (hostile input). */
  malformed: string[];
}

/** `tenantId`: the configured tenant, when known, so that a CrossTenant-Id naming another tenant is reported. */
export function buildMessage(block: HeaderBlock, limits: ParseLimits, tenantId?: string): ParsedMessage {
  const headers = new Headers(block.fields);
  const malformed: string[] = [];
  const hops = parseHops(headers.all('received'));
  const trust = findTrustBoundary(block.fields, hops, tenantId);

  const nestingOk = (field: HeaderField): boolean => {
    const depth = maxNesting(field.value);
    if (depth <= limits.maxNesting) return true;
    malformed.push(`${field.name}: comments nested ${depth} deep (limit ${limits.maxNesting})`);
    return false;
  };

  // Authentication-Results: the copy just above the first tenant hop is Exchange Online's.
  let trustedAuth: AuthenticationResults | undefined;
  const untrustedAuth: AuthenticationResults[] = [];
  for (const field of headers.all('authentication-results')) {
    if (!nestingOk(field)) continue;
    const parsed = parseAuthenticationResults(field.value);
    if (trust.isTenantWritten(field.index) && (!trustedAuth || field.index < trust.boundaryIndex)) {
      if (trustedAuth) untrustedAuth.push(trustedAuth);
      trustedAuth = parsed;
    } else untrustedAuth.push(parsed);
  }
  for (const name of [
    'authentication-results-original',
    'x-ms-exchange-authentication-results',
    'arc-authentication-results',
  ]) {
    for (const field of headers.all(name))
      if (nestingOk(field)) untrustedAuth.push(parseAuthenticationResults(field.value));
  }
  const spfField = headers.all('received-spf').find((f) => trust.isTenantWritten(f.index));
  const trustedSpf = spfField && nestingOk(spfField) ? parseReceivedSpf(spfField.value) : undefined;

  const stamps = new Map<string, HeaderField>();
  for (const field of block.fields) {
    if (!isTenantStamp(field) || trust.forgedIndexes.has(field.index)) continue;
    if (trust.isStampTrusted(field.index)) stamps.set(field.key, field);
  }

  const antispamField = stamps.get('x-forefront-antispam-report');
  const deliveryField = stamps.get('x-microsoft-antispam-mailbox-delivery');
  const attributedField = stamps.get('x-ms-exchange-crosstenant-originalattributedtenantconnectingip');

  const addressField = (name: string): Address[] => {
    const field = headers.first(name);
    return field && nestingOk(field) ? parseAddressList(field.value) : [];
  };
  const fromFields = headers.all('from');
  const fromField = fromFields[0];
  const fromHeader = fromField && nestingOk(fromField) ? parseFrom(fromField.value) : undefined;
  const from = fromHeader?.mailbox;
  const returnPathField = headers.first('return-path');
  const senderField = headers.first('sender');
  const subject = headers.first('subject');
  const messageId = headers.first('message-id');
  const listId = headers.first('list-id');

  const message: ParsedMessage = {
    headers,
    strayLines: block.strayLines,
    hops,
    trust,
    untrustedAuth,
    stamps,
    forgedStamps: trust.forgedStamps,
    fromMalformations: fromHeader?.malformations ?? [],
    fromCount: fromFields.length,
    to: addressField('to'),
    cc: addressField('cc'),
    replyTo: addressField('reply-to'),
    malformed,
  };
  if (trustedAuth) message.trustedAuth = trustedAuth;
  if (trustedSpf) message.trustedSpf = trustedSpf;
  if (antispamField) message.antispam = parseColonList(antispamField.value);
  if (deliveryField) message.mailboxDelivery = parseColonList(deliveryField.value);
  if (attributedField) message.attributedConnectingIp = parseAttributedConnectingIp(attributedField.value);
  if (from) message.from = from;
  const sender = senderField && nestingOk(senderField) ? parseMailbox(senderField.value) : undefined;
  if (sender) message.sender = sender;
  const returnPath = returnPathField && nestingOk(returnPathField) ? parseMailbox(returnPathField.value) : undefined;
  if (returnPath) message.returnPath = returnPath;
  if (listId) message.listId = listId.value;
  if (subject) message.subject = decodeEncodedWords(subject.value);
  if (messageId) message.messageId = messageId.value;
  return message;
}

/** The value of a trusted tenant stamp, or undefined. */
export function stamp(message: ParsedMessage, name: string): string | undefined {
  return message.stamps.get(name.toLowerCase())?.value;
}
