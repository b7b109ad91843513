import { parseIp, parseIpRange } from '@dsguard/classifier';
import { SOURCE_CATEGORIES, type SourceCategory } from '../../admin/inventory/categorize.js';
import type { SourceStatus } from '../../admin/inventory/inventory-store.js';
import { PULL_ORIGINS, type PullOrigin } from '../../admin/inventory/pull-sources.js';

/** What a sentence says besides its intent: sources, mailboxes, a time span, filters. */
export interface ExtractedArguments {
  /** IPv4/IPv6 addresses and CIDR ranges as written; a range "a - b" gives its first address. */
  addresses: string[];
  mailboxes: string[];
  days?: number;
  /** Numbers standing alone ("import graph 7"). */
  numbers: number[];
  /** "top 20", "20 sources". */
  count?: number;
  category?: SourceCategory;
  status?: SourceStatus;
  /** Where a pull reads from: Graph message trace, Defender advanced hunting, the stored reports. */
  origin?: PullOrigin;
  /** A name given to a source: "203.0.113.0/24 is our copier" -> "copier". */
  name?: string;
  /** "all reports", "everyone's". */
  all: boolean;
  /** The text with the extracted addresses and mailboxes blanked, lower-case, for the intent scorer. */
  rest: string;
}

const MAILBOX = /[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
const TRIM = /^[\s"'`([{<]+|[\s"'`)\]}>,;:.!?]+$/g;
const RANGE = /(\d{1,3}(?:\.\d{1,3}){3})\s*(?:-|–|to|through|thru)\s*(\d{1,3}(?:\.\d{1,3}){3})/gi;

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  fourteen: 14,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};
const UNIT_DAYS: Record<string, number> = { day: 1, days: 1, d: 1, week: 7, weeks: 7, w: 7, month: 30, months: 30 };

const CATEGORY_WORDS: [RegExp, SourceCategory][] = [
  [/\b(?:printers?|copiers?|scanners?|mfps?|multi-?function|devices?|appliances?|faxe?s?|hardware|ups)\b/, 'device'],
  [/\b(?:apps?|applications?|erp|crm|scripts?|line-of-business|lob|in-house|servers?)\b/, 'application'],
  [
    /\b(?:saas|newsletters?|marketing|mailchimp|sendgrid|cloud services?|third[- ]party services?|vendors?)\b/,
    'saas-sender',
  ],
  [/\bsuspicious\b/, 'suspicious'],
  [/\b(?:attack-?like|attacks?|attackers?|spoofers?|phishers?)\b/, 'attack-like'],
];

const STATUS_WORDS: [RegExp, SourceStatus][] = [
  [/\b(?:unreviewed|unapproved|not (?:yet )?reviewed|undecided|pending|new|untriaged)\b/, 'new'],
  [/\b(?:to[- ]migrate|migrating|marked for migration)\b/, 'to-migrate'],
  [/\b(?:approved|allowed|known senders?|trusted)\b/, 'approved'],
  [/\b(?:malicious|marked bad|blocked)\b/, 'malicious'],
  [/\b(?:retired|decommissioned)\b/, 'retired'],
];

const ORIGIN_WORDS: [RegExp, PullOrigin][] = [
  [/\b(?:defender|advanced hunting|hunting|kql|mdo)\b/, 'defender'],
  [/\bgraph\b/, 'graph'],
  [/\b(?:(?:stored|user|our|the|filed) reports|reports and checks|from reports)\b/, 'reports'],
];

const FILE_WORDS = /\b(?:upload|attach|attached|csv|export|exported|file)\b/;

function isAddress(token: string): boolean {
  if (!/[.:]/.test(token) || !/\d/.test(token)) return false;
  const range = parseIpRange(token);
  if (!range) return false;
  // "1.2" or a time "10:30" are not addresses.
  return range.version === 6 ? token.split(':').length >= 3 : true;
}

function daysIn(text: string): number | undefined {
  const numeric = /\b(\d{1,3})\s*-?\s*(days?|d|weeks?|w|months?)\b/.exec(text);
  if (numeric) return Number(numeric[1]) * UNIT_DAYS[numeric[2]!]!;
  const worded =
    /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|twenty|thirty|sixty|ninety)\s+(days?|weeks?|months?)\b/.exec(
      text,
    );
  if (worded) return NUMBER_WORDS[worded[1]!]! * UNIT_DAYS[worded[2]!]!;
  const last = /\b(?:last|past|previous|this)\s+(day|week|fortnight|month|quarter)\b/.exec(text);
  if (last) return { day: 1, week: 7, fortnight: 14, month: 30, quarter: 90 }[last[1]!]!;
  if (/\b(?:yesterday|today|last 24 hours)\b/.test(text)) return 1;
  return undefined;
}

function countIn(text: string): number | undefined {
  const match =
    /\b(?:top|first|biggest|largest|busiest)\s+(\d{1,3})\b/.exec(text) ??
    /\b(\d{1,3})\s+(?:biggest |largest |busiest |top )?(?:sources?|senders?|printers?|copiers?|scanners?|devices?|apps?|applications?|ips?|entries|rows)\b/.exec(
      text,
    );
  return match ? Number(match[1]) : undefined;
}

function firstOf<T>(text: string, table: [RegExp, T][]): T | undefined {
  for (const [pattern, value] of table) if (pattern.test(text)) return value;
  return undefined;
}

/** "... is our copier", "... called Front desk scanner", "name it ERP". */
function nameIn(original: string): string | undefined {
  const text = original.replace(MAILBOX, ' ');
  const patterns = [
    /\b(?:called|named|name it|label(?:led)? it|as|belongs? to)\s+(?:the\s+)?["'“]?([^"'”,.;!?\n]{2,60})/i,
    /\b(?:is|it's|its|it is|that's|thats|are|=)\s+(?:our|the|my|a|an)\s+([^,.;!?\n]{2,60})/i,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const name = match[1]!
      .replace(/\s+(?:so|and|please|pls|then|but|which|that)\b.*$/i, '')
      .replace(/\s+(?:approve|allow|trust|mark|add)\b.*$/i, '')
      .trim();
    if (name && !/^(?:it|this|that|them|one|known|fine|ok|okay|legit|good|us|ours|bad|malicious|spam)$/i.test(name))
      return name.slice(0, 100);
  }
  return undefined;
}

/** Pulls the arguments out of a sentence; what is left (`rest`) goes to the intent scorer. */
export function extractArguments(text: string): ExtractedArguments {
  const addresses: string[] = [];
  const mailboxes = [...text.matchAll(MAILBOX)].map((m) => m[0].toLowerCase());
  let rest = text.replace(MAILBOX, ' ');
  rest = rest.replace(RANGE, (whole, start: string, end: string) => {
    if (!parseIp(start) || !parseIp(end)) return whole;
    addresses.push(start);
    return ' ';
  });
  rest = rest
    .split(/\s+/)
    .map((word) => {
      const token = word.replace(TRIM, '');
      if (!isAddress(token)) return word;
      addresses.push(token.toLowerCase());
      return ' ';
    })
    .join(' ');
  const lower = rest.toLowerCase().replace(/[’‘]/g, "'");
  const numbers = [...lower.matchAll(/(?:^|\s)(\d{1,4})(?=\s|$|[,.;!?])/g)].map((m) => Number(m[1]));
  const out: ExtractedArguments = {
    addresses,
    mailboxes,
    numbers,
    all: /\b(?:all|everyone|everybody|every|whole|team's|company)\b/.test(lower),
    rest: lower,
  };
  const days = daysIn(lower);
  if (days !== undefined) out.days = days;
  const count = countIn(lower);
  if (count !== undefined) out.count = count;
  const category = firstOf(lower, CATEGORY_WORDS);
  if (category && (SOURCE_CATEGORIES as readonly string[]).includes(category)) out.category = category;
  const status = firstOf(lower, STATUS_WORDS);
  if (status) out.status = status;
  // "pull the message trace" reads Graph; "upload a message trace (export)" is a file to attach.
  const traceFromGraph =
    /\b(?:message|exchange) trace\b/.test(lower) &&
    /\b(?:pull|fetch|get|sync|refresh|read|load)\b/.test(lower) &&
    !FILE_WORDS.test(lower);
  const origin = firstOf(lower, ORIGIN_WORDS) ?? (traceFromGraph ? 'graph' : undefined);
  if (origin && (PULL_ORIGINS as readonly string[]).includes(origin)) out.origin = origin;
  const name = addresses.length ? nameIn(rest) : undefined;
  if (name) out.name = name;
  return out;
}
