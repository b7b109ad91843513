/** What the inventory knows about one source (a connecting IP range), in a form that merges exactly. */
export interface SourceAggregate {
  key: string;
  ipVersion: 0 | 4 | 6;
  /** Member IPs seen, up to MAX_MEMBER_IPS; `ipsTruncated` when more were seen. */
  ips: string[];
  ipsTruncated: boolean;
  /** Sender address (P1, and P2 when known) -> messages; up to MAX_SENDERS addresses. */
  senders: Record<string, number>;
  /** Messages from addresses beyond the MAX_SENDERS cap. */
  otherSenderMessages: number;
  helos: string[];
  messages: number;
  /** Recipient deliveries (a message to three recipients counts three). */
  recipients: number;
  /** Messages whose sender is also one of its recipients (From == To, a spoofing pattern). */
  selfAddressed: number;
  /** Messages whose subject reads like a known Direct Send lure (voicemail, fax, invoice, payroll, ...). */
  lureSubjects: number;
  firstSeen?: number;
  lastSeen?: number;
  subjects: string[];
  /** "spf=fail", "dmarc=pass", ... -> messages. */
  auth: Record<string, number>;
  /** Classifier verdict code -> messages, for rows taken from reports and add-in classifications. */
  verdicts: Record<string, number>;
  /** Row origin (csv-summary, graph-trace, defender, ...) -> rows. */
  origins: Record<string, number>;
}

export const MAX_MEMBER_IPS = 256;
export const MAX_SENDERS = 100;
export const MAX_HELOS = 20;
export const MAX_SUBJECTS = 5;
export const MAX_SUBJECT_LENGTH = 200;

export function emptyAggregate(key: string, ipVersion: 0 | 4 | 6): SourceAggregate {
  return {
    key,
    ipVersion,
    ips: [],
    ipsTruncated: false,
    senders: {},
    otherSenderMessages: 0,
    helos: [],
    messages: 0,
    recipients: 0,
    selfAddressed: 0,
    lureSubjects: 0,
    subjects: [],
    auth: {},
    verdicts: {},
    origins: {},
  };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [name, count] of Object.entries(from)) into[name] = (into[name] ?? 0) + count;
}

function unionCapped(
  a: readonly string[],
  b: readonly string[],
  cap: number,
): { values: string[]; truncated: boolean } {
  const values = [...a];
  let truncated = false;
  for (const value of b) {
    if (values.includes(value)) continue;
    if (values.length >= cap) {
      truncated = true;
      continue;
    }
    values.push(value);
  }
  return { values, truncated };
}

/** Combines two aggregates of the same source (an earlier import and a new one); inputs are not changed. */
export function mergeAggregates(a: SourceAggregate, b: SourceAggregate): SourceAggregate {
  const ips = unionCapped(a.ips, b.ips, MAX_MEMBER_IPS);
  const senders: Record<string, number> = { ...a.senders };
  let otherSenderMessages = a.otherSenderMessages + b.otherSenderMessages;
  for (const [address, count] of Object.entries(b.senders)) {
    if (address in senders || Object.keys(senders).length < MAX_SENDERS)
      senders[address] = (senders[address] ?? 0) + count;
    else otherSenderMessages += count;
  }
  const auth = { ...a.auth };
  addCounts(auth, b.auth);
  const verdicts = { ...a.verdicts };
  addCounts(verdicts, b.verdicts);
  const origins = { ...a.origins };
  addCounts(origins, b.origins);
  const merged: SourceAggregate = {
    key: a.key,
    ipVersion: a.ipVersion,
    ips: ips.values,
    ipsTruncated: a.ipsTruncated || b.ipsTruncated || ips.truncated,
    senders,
    otherSenderMessages,
    helos: unionCapped(a.helos, b.helos, MAX_HELOS).values,
    messages: a.messages + b.messages,
    recipients: a.recipients + b.recipients,
    selfAddressed: a.selfAddressed + b.selfAddressed,
    lureSubjects: a.lureSubjects + b.lureSubjects,
    subjects: unionCapped(a.subjects, b.subjects, MAX_SUBJECTS).values,
    auth,
    verdicts,
    origins,
  };
  const firstSeen = minDefined(a.firstSeen, b.firstSeen);
  const lastSeen = maxDefined(a.lastSeen, b.lastSeen);
  if (firstSeen !== undefined) merged.firstSeen = firstSeen;
  if (lastSeen !== undefined) merged.lastSeen = lastSeen;
  return merged;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
