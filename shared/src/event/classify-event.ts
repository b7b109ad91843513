/**
 * Judges a message as a mail-flow log describes it (Defender EmailEvents, Graph message trace) with the same signals,
 * policy table and reason ids as classify(). Evidence quotes the log's columns, never pretends to be a header.
 */
import { internalErrorVerdict, judge } from '../classify.js';
import { isAccepted, isGatewayIp, matchKnownSender, resolveTenant } from '../analysis/tenant.js';
import type { Derived, Route } from '../analysis/facts.js';
import type { ParsedMessage } from '../analysis/message.js';
import { describeCompauthReason } from '../fields/compauth.js';
import { parseAddressList, parseMailbox } from '../fields/addresses.js';
import { Headers, type HeaderField } from '../headers/header-block.js';
import { domainOf } from '../net/domains.js';
import { parseIp } from '../net/ip.js';
import { weightOf } from '../policy/weights.js';
import type { Hit, SignalInput } from '../signals/index.js';
import type { AuthenticationResults, AuthResult, TenantContext, Verdict, VerdictFacts } from '../types.js';

/** One message as a mail-flow log describes it (Defender EmailEvents, or message trace), not as headers. */
export interface MailEvent {
  source: 'defender' | 'trace';
  networkMessageId?: string;
  /** P2, the From the user sees (EmailEvents.SenderFromAddress). */
  senderFromAddress?: string;
  /** P1, envelope MAIL FROM (EmailEvents.SenderMailFromAddress; message trace senderAddress). */
  senderMailFromAddress?: string;
  /** SenderIPv4 or SenderIPv6 (trace: fromIP). */
  senderIp?: string;
  recipients?: string[];
  subject?: string;
  /** EmailEvents.EmailDirection: 'Inbound' | 'Outbound' | 'Intra-org' | 'Unknown'. */
  direction?: string;
  /** EmailEvents.Connectors: the inbound connector name(s); empty/absent = none. */
  connectors?: string;
  /** From EmailEvents.AuthenticationDetails: values lower-cased; compauthReason when the source carries it. */
  auth?: { spf?: string; dkim?: string; dmarc?: string; compauth?: string; compauthReason?: string };
  /** Delivered | Junked | Blocked | Replaced */
  deliveryAction?: string;
  /** Inbox/folder | Junk folder | Quarantine | ... */
  deliveryLocation?: string;
  /** Raw JSON text, e.g. {"Phish":["Spoof intra-org"]} */
  detectionMethods?: string;
  /** ISO timestamp. */
  timestamp?: string;
}

const AUTH_METHODS = ['spf', 'dkim', 'dmarc', 'compauth'] as const;

/** Only the string fields of a value that claims to be a MailEvent: logs and callers may hand anything. */
function readEvent(value: unknown): { event: MailEvent; columns: string } {
  const raw = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const v = raw[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const source = raw['source'] === 'trace' ? 'trace' : 'defender';
  const event: MailEvent = { source };
  for (const key of [
    'networkMessageId',
    'senderFromAddress',
    'senderMailFromAddress',
    'senderIp',
    'subject',
    'direction',
    'connectors',
    'deliveryAction',
    'deliveryLocation',
    'detectionMethods',
    'timestamp',
  ] as const) {
    const v = text(key);
    if (v !== undefined) event[key] = v;
  }
  const recipients = raw['recipients'];
  if (Array.isArray(recipients)) event.recipients = recipients.filter((r): r is string => typeof r === 'string');
  const auth = raw['auth'];
  if (source === 'defender' && auth && typeof auth === 'object') {
    const a = auth as Record<string, unknown>;
    const out: NonNullable<MailEvent['auth']> = {};
    for (const key of [...AUTH_METHODS, 'compauthReason'] as const) {
      const v = a[key];
      if (typeof v === 'string' && v.trim() !== '') out[key] = v.trim().toLowerCase();
    }
    if (Object.keys(out).length) event.auth = out;
  }
  return { event, columns: source === 'trace' ? 'MessageTrace' : 'EmailEvents' };
}

function routeOf(event: MailEvent, columns: string): { route: Route; evidence: string } {
  const direction = event.direction?.toLowerCase();
  if (direction === 'intra-org' || direction === 'outbound') {
    return { route: 'internal', evidence: `${columns}.EmailDirection: ${event.direction}` };
  }
  if (event.connectors) return { route: 'connector', evidence: `${columns}.Connectors: ${event.connectors}` };
  if (direction === 'inbound' || (!direction && event.senderIp)) {
    return {
      route: 'anonymous-inbound',
      evidence: direction ? `${columns}.EmailDirection: ${event.direction}` : `${columns}.SenderIp: ${event.senderIp}`,
    };
  }
  return { route: 'unknown', evidence: event.direction ? `${columns}.EmailDirection: ${event.direction}` : '' };
}

function authResults(auth: NonNullable<MailEvent['auth']>, evidence: string): AuthenticationResults {
  const results: AuthResult[] = [];
  for (const method of AUTH_METHODS) {
    const result = auth[method];
    if (!result) continue;
    const modifiers: Record<string, string> = {};
    if (method === 'compauth' && auth.compauthReason) modifiers['reason'] = auth.compauthReason;
    results.push({ method, result, modifiers, properties: {} });
  }
  return { results, bareTokens: [], raw: evidence };
}

/** A ParsedMessage with no headers: the log's columns stand where the signals look for From, To and Return-Path. */
function eventMessage(event: MailEvent, columns: string, authEvidence: string): ParsedMessage {
  const fields: HeaderField[] = [];
  const add = (key: string, column: string, value: string | undefined) => {
    if (value) fields.push({ name: `${columns}.${column}`, key, value, index: fields.length, line: 0 });
  };
  add('from', 'SenderFromAddress', event.senderFromAddress);
  add('return-path', 'SenderMailFromAddress', event.senderMailFromAddress);
  add('to', 'RecipientEmailAddress', event.recipients?.join(', '));
  const noStamps = new Set<number>();
  const message: ParsedMessage = {
    headers: new Headers(fields),
    strayLines: [],
    hops: [],
    trust: {
      kind: 'none',
      boundaryIndex: -1,
      foreignStamps: [],
      isTenantWritten: () => false,
      isStampTrusted: () => false,
      forgedIndexes: noStamps,
      forgedStamps: [],
    },
    untrustedAuth: [],
    stamps: new Map(),
    forgedStamps: [],
    fromMalformations: [],
    fromCount: event.senderFromAddress ? 1 : 0,
    to: event.recipients ? parseAddressList(event.recipients.join(', ')) : [],
    cc: [],
    replyTo: [],
    malformed: [],
  };
  const from = event.senderFromAddress ? parseMailbox(event.senderFromAddress) : undefined;
  if (from) message.from = from;
  const returnPath = event.senderMailFromAddress ? parseMailbox(event.senderMailFromAddress) : undefined;
  if (returnPath) message.returnPath = returnPath;
  if (event.auth) message.trustedAuth = authResults(event.auth, authEvidence);
  if (event.subject) message.subject = event.subject;
  return message;
}

function factsOf(event: MailEvent, message: ParsedMessage, route: Route, tenant: SignalInput['tenant']): VerdictFacts {
  const facts: VerdictFacts = {};
  const set = <K extends keyof VerdictFacts>(key: K, value: VerdictFacts[K] | undefined) => {
    if (value !== undefined && value !== '') facts[key] = value;
  };
  set('networkMessageId', event.networkMessageId);
  set('fromAddress', message.from?.address.toLowerCase());
  set('fromDomain', message.from?.domain);
  if (message.to.length) facts.toAddresses = message.to.map((a) => a.address.toLowerCase());
  set('mailFromDomain', domainOf(event.senderMailFromAddress));
  set('connectingIp', event.senderIp && parseIp(event.senderIp) ? event.senderIp : undefined);
  set('directionality', event.direction);
  set('spf', event.auth?.spf);
  set('dkim', event.auth?.dkim);
  set('dmarc', event.auth?.dmarc);
  set('compauth', event.auth?.compauth);
  set('compauthReason', event.auth?.compauthReason);
  if (event.auth?.compauthReason) set('compauthMeaning', describeCompauthReason(event.auth.compauthReason).meaning);
  set('subject', event.subject);
  set('tenantId', tenant.tenantId);
  const location = event.deliveryLocation?.toLowerCase() ?? '';
  if (/junk/.test(location)) facts.deliveredTo = 'junk';
  else if (/inbox/.test(location)) facts.deliveredTo = 'inbox';
  else set('deliveredTo', event.deliveryLocation);
  set('eventSource', event.source);
  set('timestamp', event.timestamp);
  facts.acceptedDomains = tenant.acceptedDomains;
  facts.acceptedDomainsSource = tenant.source;
  facts.route = route;
  return facts;
}

/** What Microsoft's filters said, as the log words it: the same reasons the antispam stamps give in headers. */
function filterHits(event: MailEvent, columns: string, input: SignalInput): Hit[] {
  if (input.route !== 'anonymous-inbound') return [];
  const hits: Hit[] = [];
  const methods = event.detectionMethods ?? '';
  if (/spoof/i.test(methods)) {
    const own = /intra-?org/i.test(methods);
    hits.push({
      id: 'ms.spoof-detected',
      severity: own ? 'high' : 'medium',
      weight: weightOf('ms.spoof-detected', own ? 'own-organization' : 'other'),
      params: { detail: methods + (own ? ': impersonation of your own organization' : '') },
      evidence: `${columns}.DetectionMethods: ${methods}`,
    });
  }
  const junked = /junk/i.test(event.deliveryLocation ?? '') || /^junked$/i.test(event.deliveryAction ?? '');
  if (junked) {
    hits.push({
      id: 'ms.junk',
      severity: 'low',
      weight: weightOf('ms.junk'),
      params: { where: input.facts.deliveredTo === 'junk' ? 'delivered it to the Junk Email folder' : '' },
      evidence: [
        `${columns}.DeliveryAction: ${event.deliveryAction ?? ''}`,
        `${columns}.DeliveryLocation: ${event.deliveryLocation ?? ''}`,
      ].join('\n'),
    });
  }
  return hits;
}

function classifyEvent(value: unknown, context: TenantContext | undefined): Verdict {
  const { event, columns } = readEvent(value);
  const authEvidence = event.auth ? `${columns}.AuthenticationDetails: ${JSON.stringify(event.auth)}` : '';
  const message = eventMessage(event, columns, authEvidence);
  const usableContext = context && typeof context === 'object' && !Array.isArray(context) ? context : undefined;
  const tenant = resolveTenant(message, usableContext);
  const { route, evidence } = routeOf(event, columns);
  const facts = factsOf(event, message, route, tenant);
  const derived: Derived = { facts, route, routeEvidence: evidence };
  const input: SignalInput = {
    message,
    tenant,
    facts,
    route,
    derived,
    fromAccepted: isAccepted(tenant, facts.fromDomain),
    mailFromAccepted: isAccepted(tenant, facts.mailFromDomain),
    viaGateway: isGatewayIp(tenant, facts.connectingIp),
  };
  if (authEvidence) input.authEvidence = authEvidence;
  const known = matchKnownSender(tenant, facts.connectingIp, [
    facts.fromAddress,
    message.returnPath?.address.toLowerCase(),
  ]);
  if (known) input.knownSender = known;
  return judge(input, filterHits(event, columns, input), event.source === 'defender' && !!event.auth);
}

/** Judges a logged message with the same policy table and reason ids as classify(). Never throws. */
export function classifyMailEvent(event: MailEvent, context?: TenantContext): Verdict {
  try {
    return classifyEvent(event, context);
  } catch (error) {
    return internalErrorVerdict(error);
  }
}
