import { scanComment } from '../headers/comments.js';
import { parseIp } from '../net/ip.js';
import type { Hop } from '../types.js';
import { parseMailDate } from './dates.js';

const CLAUSES = new Set(['from', 'by', 'via', 'with', 'id', 'for']);
/** Hosts of Exchange Online's inbound frontends (commercial, GCC High/DoD, 21Vianet) and the newer MX namespace. */
const FRONTEND_HOST =
  /\.(mail\.protection\.outlook\.com|mail\.protection\.office365\.us|mail\.protection\.partner\.outlook\.cn|mx\.microsoft)$/i;

type Clause = { words: string[]; comments: string[] };

function tokenize(text: string): { clauses: Map<string, Clause>; order: string[] } {
  const clauses = new Map<string, Clause>();
  const order: string[] = [];
  let current: Clause | null = null;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 13 || ch === 10) {
      i++;
      continue;
    }
    if (ch === 40 /* ( */) {
      const scan = scanComment(text, i);
      current?.comments.push(scan.text);
      i = scan.end;
      continue;
    }
    let j = i;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 40) break;
      j++;
    }
    const word = text.slice(i, j);
    i = j;
    // Clause keywords are at most four letters: lower-casing only those saves an allocation per word.
    const keyword = word.length <= 4 ? word.toLowerCase() : '';
    if (CLAUSES.has(keyword) && !clauses.has(keyword)) {
      current = { words: [], comments: [] };
      clauses.set(keyword, current);
      order.push(keyword);
    } else current?.words.push(word);
  }
  return { clauses, order };
}

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

/** Most comments are the address alone: "(10.13.173.109)", "(2603:10b6:5:333::23)", "([192.0.2.1])". */
const WHOLE_IP = /^\[?(ipv6:)?[0-9a-fA-F:.]{2,45}\]?$/i;

function ipInComments(comments: string[]): string | undefined {
  for (const comment of comments) {
    const whole = comment.trim();
    if (WHOLE_IP.test(whole)) {
      if (parseIp(whole)) return whole.replace(/^\[(ipv6:)?|\]$/gi, '').toLowerCase();
      continue;
    }
    for (const candidate of comment.match(IP_CANDIDATE) ?? []) {
      if (mayBeIp(candidate) && parseIp(candidate)) return candidate.replace(/^\[(ipv6:)?|\]$/gi, '').toLowerCase();
    }
  }
  return undefined;
}

/** Parses one Received header value. `index` is the header's position in the block (0 = top). */
export function parseReceived(value: string, index: number): Hop {
  const semicolon = value.lastIndexOf(';');
  const datePart = semicolon === -1 ? '' : value.slice(semicolon + 1).trim();
  const time = datePart ? parseMailDate(datePart) : undefined;
  const body = semicolon === -1 || time === undefined ? value : value.slice(0, semicolon);
  const { clauses } = tokenize(body);
  const hop: Hop = { index, exchangeFrontend: false, raw: value };

  const from = clauses.get('from');
  if (from) {
    const host = from.words[0];
    if (host) {
      hop.from = host;
      hop.helo = host;
    }
    const literal = host && parseIp(host) ? host.replace(/^\[(ipv6:)?|\]$/gi, '').toLowerCase() : undefined;
    hop.fromIp = ipInComments(from.comments) ?? literal;
  }
  const by = clauses.get('by');
  if (by?.words[0]) {
    hop.by = by.words[0];
    hop.byIp = ipInComments(by.comments);
    hop.exchangeFrontend = FRONTEND_HOST.test(hop.by);
  }
  const withClause = clauses.get('with');
  if (withClause?.words.length) hop.with = withClause.words.join(' ');
  const id = clauses.get('id');
  if (id?.words[0]) hop.id = id.words[0];
  const forClause = clauses.get('for');
  if (forClause?.words[0]) hop.for = forClause.words[0].replace(/^<|>$/g, '');
  const via = clauses.get('via');
  if (via?.words.length) hop.via = via.words.join(' ');
  if (datePart && time !== undefined) {
    hop.date = datePart;
    hop.time = time;
  }
  return hop;
}

/** Received headers (top first in the block) as hops oldest first, with per-hop delays. */
export function parseHops(received: { value: string; index: number }[]): Hop[] {
  const hops = received.map((field) => parseReceived(field.value, field.index)).reverse();
  let previous: number | undefined;
  for (const hop of hops) {
    if (hop.time !== undefined && previous !== undefined) hop.delaySeconds = Math.round((hop.time - previous) / 1000);
    if (hop.time !== undefined) previous = hop.time;
  }
  return hops;
}
