import { scanComment } from '../headers/comments.js';
import { ipText } from '../net/ip.js';
import type { Hop } from '../types.js';
import { parseMailDate } from './dates.js';

/** Hosts of Exchange Online's inbound frontends (commercial, GCC High/DoD, 21Vianet) and the newer MX namespace. */
const FRONTEND_HOST =
  /\.(mail\.protection\.outlook\.com|mail\.protection\.office365\.us|mail\.protection\.partner\.outlook\.cn|mx\.microsoft)$/i;

type ClauseName = 'from' | 'by' | 'via' | 'with' | 'id' | 'for';
type Clause = { words: string[]; comments: string[] };

/** The clause keyword `text.slice(start, end)` spells (any case), if any: read without slicing or lower-casing. */
function clauseAt(text: string, start: number, end: number): ClauseName | undefined {
  const length = end - start;
  if (length < 2 || length > 4) return undefined;
  const a = text.charCodeAt(start) | 0x20;
  const b = text.charCodeAt(start + 1) | 0x20;
  if (length === 2) return a === 98 && b === 121 ? 'by' : a === 105 && b === 100 ? 'id' : undefined;
  const c = text.charCodeAt(start + 2) | 0x20;
  if (length === 3) {
    if (a === 118 && b === 105 && c === 97) return 'via';
    return a === 102 && b === 111 && c === 114 ? 'for' : undefined;
  }
  const d = text.charCodeAt(start + 3) | 0x20;
  if (a === 102 && b === 114 && c === 111 && d === 109) return 'from';
  return a === 119 && b === 105 && c === 116 && d === 104 ? 'with' : undefined;
}

/** Clauses whose every word is kept ("with Microsoft SMTP Server", "via Frontend Transport"); others keep the first. */
const ALL_WORDS: ReadonlySet<ClauseName> = new Set(['with', 'via']);
/** Clauses whose comments are read (the connecting and receiving hosts' addresses). */
const WITH_COMMENTS: ReadonlySet<ClauseName> = new Set(['from', 'by']);

/**
 * Splits `text.slice(0, end)` into its clauses (the first of each keyword), keeping only what `parseReceived` reads:
 * Received headers are the longest structured fields most messages carry, several per message.
 */
/** A word's characters. Sticky: the word is read as a native run. */
const WORD = /[^ \t\r\n(]*/y;

type Clauses = Record<ClauseName, Clause | undefined>;

function tokenize(text: string, end: number): Clauses {
  const clauses: Clauses = {
    from: undefined,
    by: undefined,
    via: undefined,
    with: undefined,
    id: undefined,
    for: undefined,
  };
  let current: Clause | null = null;
  let keepWords = false;
  let keepComments = false;
  let i = 0;
  while (i < end) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 13 || ch === 10) {
      i++;
      continue;
    }
    if (ch === 40 /* ( */) {
      const comment = scanComment(text, i);
      // A comment still open at the date's semicolon ends there, as it would in the text before the date.
      if (keepComments) current?.comments.push(comment.end > end ? text.slice(i + 1, end) : comment.text);
      i = comment.end > end ? end : comment.end;
      continue;
    }
    WORD.lastIndex = i;
    WORD.test(text);
    const j = WORD.lastIndex > end ? end : WORD.lastIndex;
    const keyword = clauseAt(text, i, j);
    if (keyword !== undefined && clauses[keyword] === undefined) {
      current = { words: [], comments: [] };
      clauses[keyword] = current;
      keepWords = ALL_WORDS.has(keyword);
      keepComments = WITH_COMMENTS.has(keyword);
    } else if (current && (keepWords || current.words.length === 0)) current.words.push(text.slice(i, j));
    i = j;
  }
  return clauses;
}

/** A comment that is an address alone: "10.13.173.109", "2603:10b6:5:333::23", "[192.0.2.1]", "[IPv6:2001:db8::1]". */
const WHOLE_IP = /^\s*\[?(ipv6:)?[0-9a-f:.]{2,45}\]?\s*$/i;

/** The first IP address in a comment such as "(91.243.58.162)", "(host [192.0.2.1])" or "(helo=x; [2001:db8::1])". */
const IP_CANDIDATE = /\[[^\]\s]{2,50}\]|[0-9a-fA-F:.]{7,45}/g;

/** Three dots (IPv4) or two colons (IPv6) at least: most words of a comment ("cipher=TLS_...") are not worth parsing. */
function mayBeIp(candidate: string): boolean {
  let dots = 0;
  let colons = 0;
  for (let i = 0; i < candidate.length; i++) {
    const c = candidate.charCodeAt(i);
    if (c === 46) dots++;
    else if (c === 58) colons++;
  }
  return dots >= 3 || colons >= 2;
}

function ipInComments(comments: string[]): string | undefined {
  for (const comment of comments) {
    // Most comments are the address alone; a cut-off one ("[fe80::7b77:6807:323") is not an address to report.
    if (WHOLE_IP.test(comment)) {
      const ip = ipText(comment);
      if (ip) return ip;
      continue;
    }
    for (const candidate of comment.match(IP_CANDIDATE) ?? []) {
      const ip = mayBeIp(candidate) ? ipText(candidate) : undefined;
      if (ip) return ip;
    }
  }
  return undefined;
}

/** Parses one Received header value. `index` is the header's position in the block (0 = top). */
export function parseReceived(value: string, index: number): Hop {
  const semicolon = value.lastIndexOf(';');
  const datePart = semicolon === -1 ? '' : value.slice(semicolon + 1).trim();
  const time = datePart ? parseMailDate(datePart) : undefined;
  const clauses = tokenize(value, semicolon === -1 || time === undefined ? value.length : semicolon);
  const from = clauses.from;
  const host = from?.words[0];
  const by = clauses.by?.words[0] ? clauses.by : undefined;
  const withClause = clauses.with;
  const forWord = clauses.for?.words[0];
  const via = clauses.via;
  // Every property in one literal, in one order: hops then share one shape (absent values stay undefined, which
  // JSON leaves out), instead of a shape per combination of clauses.
  return {
    index,
    exchangeFrontend: by ? FRONTEND_HOST.test(by.words[0] as string) : false,
    raw: value,
    from: host || undefined,
    helo: host || undefined,
    fromIp: from ? (ipInComments(from.comments) ?? (host ? ipText(host) : undefined)) : undefined,
    by: by?.words[0],
    byIp: by ? ipInComments(by.comments) : undefined,
    with: withClause?.words.length ? withClause.words.join(' ') : undefined,
    id: clauses.id?.words[0] || undefined,
    for: forWord ? forWord.replace(/^<|>$/g, '') : undefined,
    via: via?.words.length ? via.words.join(' ') : undefined,
    date: datePart && time !== undefined ? datePart : undefined,
    time: datePart ? time : undefined,
    delaySeconds: undefined,
  };
}

/** Received headers (top first in the block) as hops oldest first, with per-hop delays. */
export function parseHops(received: readonly { value: string; index: number }[]): Hop[] {
  const hops = received.map((field) => parseReceived(field.value, field.index)).reverse();
  let previous: number | undefined;
  for (const hop of hops) {
    if (hop.time !== undefined && previous !== undefined) hop.delaySeconds = Math.round((hop.time - previous) / 1000);
    if (hop.time !== undefined) previous = hop.time;
  }
  return hops;
}
