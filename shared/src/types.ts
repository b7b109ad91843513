/**
 * Public types of @dsguard/classifier. `TenantContext` and `Verdict` are the contract shared with the
 * add-in, the bot and the CLI (see DESIGN.md); extend them, never change what a field means.
 */

export interface KnownSender {
  name: string;
  /** IPv4 or IPv6 addresses, or CIDR ranges ("192.0.2.0/24", "2001:db8::/32"). */
  ips?: string[];
  /** Envelope (P1) or header (P2) sender addresses, lower-case. */
  addresses?: string[];
}

export interface TenantContext {
  /** Lower-case; a subdomain is only covered by an explicit "*.example.com" entry. */
  acceptedDomains?: string[];
  knownSenders?: KnownSender[];
  /** Connecting IPs of a third-party gateway in front of Exchange Online (IPs or CIDR ranges). */
  gatewayIps?: string[];
  tenantId?: string;
}

export type VerdictCode = 'spoof' | 'suspicious' | 'direct-send' | 'internal' | 'connector' | 'external' | 'unknown';

export const VERDICT_CODES: readonly VerdictCode[] = [
  'spoof',
  'suspicious',
  'direct-send',
  'internal',
  'connector',
  'external',
  'unknown',
];

export type Severity = 'high' | 'medium' | 'low' | 'info';

export interface Reason {
  /** Stable identifier, e.g. "auth.compauth-fail"; safe to key translations and tests on. */
  id: string;
  severity: Severity;
  /** One sentence a non-expert can follow. */
  summary: string;
  /** The header text this reason rests on, as it appears in the message (unfolded). */
  evidence?: string;
}

/** One Received header, parsed. Hops are listed oldest first (the order mail travelled). */
export interface Hop {
  /** Position of the Received header in the header block (0 = top, the newest). */
  index: number;
  from?: string;
  fromIp?: string;
  /** The name the sending host announced (HELO/EHLO), when the header shows it. */
  helo?: string;
  by?: string;
  byIp?: string;
  with?: string;
  id?: string;
  for?: string;
  via?: string;
  date?: string;
  /** Milliseconds since the epoch, when `date` parses. */
  time?: number;
  /** Seconds since the previous (older) hop, when both dates parse. */
  delaySeconds?: number;
  /** True when this hop was received by the tenant's Exchange Online frontend (mail.protection). */
  exchangeFrontend: boolean;
  raw: string;
}

export interface AuthResult {
  method: string;
  result: string;
  /** Reason or action modifiers, e.g. { reason: "601" } or { action: "quarantine" }. */
  modifiers: Record<string, string>;
  /** Properties such as "smtp.mailfrom" or "header.from". */
  properties: Record<string, string>;
  comment?: string;
}

export interface AuthenticationResults {
  authservId?: string;
  results: AuthResult[];
  /** Bare tokens Exchange Online inserts (usually the tenant's own domain). */
  bareTokens: string[];
  raw: string;
}

export interface Address {
  name?: string;
  address: string;
  /** Lower-case domain part; absent for local-only addresses. */
  domain?: string;
  /** The group this mailbox was listed under, if any. */
  group?: string;
}

export interface ForgedStamp {
  header: string;
  value: string;
  /** Why it is considered forged. */
  why: string;
}

export type AcceptedDomainsSource = 'context' | 'inferred' | 'none';

export interface VerdictFacts {
  fromAddress?: string;
  fromDomain?: string;
  toAddresses?: string[];
  mailFromDomain?: string;
  replyToDomain?: string;
  connectingIp?: string;
  helo?: string;
  ptr?: string;
  country?: string;
  authAs?: string;
  authSource?: string;
  crossTenantAuthAs?: string;
  fromEntity?: string;
  directionality?: string;
  spf?: string;
  dkim?: string;
  dkimDomain?: string;
  dmarc?: string;
  dmarcAction?: string;
  compauth?: string;
  compauthReason?: string;
  compauthMeaning?: string;
  scl?: number;
  category?: string;
  sfty?: string;
  deliveredTo?: 'inbox' | 'junk' | string;
  networkMessageId?: string;
  tenantId?: string;
  subject?: string;
  messageId?: string;
  listId?: string;
  knownSender?: string;
  acceptedDomains?: string[];
  acceptedDomainsSource?: AcceptedDomainsSource;
  /** The tenant's first inbound hop and all hops, oldest first. */
  firstTenantHop?: Hop;
  hops?: Hop[];
  trustedAuthResults?: string;
  /** X-MS-Exchange-Organization-*, -CrossTenant-*, antispam stamps Exchange Online wrote (name, value). */
  tenantStamps?: [string, string][];
  forgedStamps?: ForgedStamp[];
  /** The id of the policy rule that gave the verdict (see POLICY). */
  policyRule?: string;
  [k: string]: unknown;
}

export interface Verdict {
  verdict: VerdictCode;
  /** 0..100: how likely this is a Direct Send / internal-sender spoof. */
  score: number;
  /** Most important first. */
  reasons: Reason[];
  facts: VerdictFacts;
}

/** Hard limits on what the parser accepts; exceeding one yields a typed error, never a hang. */
export interface ParseLimits {
  /** Bytes (UTF-16 code units) of the header block, body excluded. */
  maxHeaderBytes: number;
  maxHeaders: number;
  /** Length of one physical line in the header block. */
  maxLineLength: number;
  /** Depth of nested comments "( ( ) )" in structured fields. */
  maxNesting: number;
}
