import { scanComment } from '../headers/comments.js';
import { decodeEncodedWords } from '../headers/encoded-words.js';
import { domainOf } from '../net/domains.js';
import type { Address } from '../types.js';

type Token =
  | { kind: 'atom'; text: string }
  | { kind: 'quoted'; text: string }
  | { kind: 'comment'; text: string }
  | { kind: 'angle'; text: string }
  | { kind: 'special'; text: ',' | ':' | ';' };

/** An atom's characters: all but whitespace and " ( < > ) , : ; (sticky: read as one native run). */
const ATOM = /[^ \t\n\r\v\f\u00a0"(<>),:;]*/y;

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < value.length) {
    const ch = value.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 13 || ch === 10) {
      i++;
    } else if (ch === 34 /* " */) {
      let j = i + 1;
      let text = '';
      let from = j;
      // Copy runs between backslash escapes rather than one character at a time.
      while (j < value.length && value.charCodeAt(j) !== 34) {
        if (value.charCodeAt(j) === 92 && j + 1 < value.length) {
          text += value.slice(from, j);
          from = j + 1;
          j += 2;
        } else j++;
      }
      text += value.slice(from, Math.min(j, value.length));
      tokens.push({ kind: 'quoted', text });
      i = j + 1;
    } else if (ch === 40 /* ( */) {
      const scan = scanComment(value, i);
      tokens.push({ kind: 'comment', text: scan.text });
      i = scan.end;
    } else if (ch === 60 /* < */) {
      const close = value.indexOf('>', i + 1);
      const reopen = value.indexOf('<', i + 1);
      // An unclosed "<" ends where the next "<" starts, so that one stray bracket cannot swallow the address.
      const unclosed = reopen !== -1 && (close === -1 || reopen < close);
      const end = unclosed ? reopen : close === -1 ? value.length : close;
      tokens.push({ kind: 'angle', text: value.slice(i + 1, end).trim() });
      i = unclosed ? end : end + 1;
    } else if (ch === 44 || ch === 58 || ch === 59) {
      tokens.push({ kind: 'special', text: ch === 44 ? ',' : ch === 58 ? ':' : ';' });
      i++;
    } else {
      ATOM.lastIndex = i;
      ATOM.test(value);
      const j = ATOM.lastIndex;
      // "a@b.c" may be followed by a comment or quoted text; an atom never contains those.
      tokens.push({ kind: 'atom', text: value.slice(i, j) });
      i = j === i ? i + 1 : j;
    }
  }
  return tokens;
}

/** Mailboxes written as "Name user@example.com", without the angle brackets a display name requires. */
const UNBRACKETED = new WeakSet<Address>();
/** Entries that are only a quoted string ("Transport@GLS.de"): a display name, never the address Outlook shows. */
const QUOTED_ONLY = new WeakSet<Address>();

function toMailbox(tokens: Token[], group: string | undefined): Address | null {
  if (tokens.length === 0) return null;
  const angleIndex = tokens.findIndex((t) => t.kind === 'angle');
  let address: string;
  let name: string | undefined;
  let unbracketed = false;
  let quotedOnly = false;
  if (angleIndex !== -1) {
    // Drop an obsolete source route ("<@relay:user@example.com>").
    address = (tokens[angleIndex]?.text ?? '').replace(/^(@[^:]*:)/, '');
    const phrase = tokens
      .slice(0, angleIndex)
      .filter((t) => t.kind === 'atom' || t.kind === 'quoted')
      .map((t) => t.text)
      .join(' ');
    if (phrase) name = decodeEncodedWords(phrase).trim();
  } else {
    const words = tokens.filter((t) => t.kind === 'atom' || t.kind === 'quoted');
    const at = words.findIndex((t) => t.kind === 'atom' && t.text.includes('@'));
    if (words.length > 1 && at !== -1 && words[at]?.text.indexOf('@') !== 0) {
      // "Name user@example.com": a display name without angle brackets; the word with the @ is the address.
      address = words[at]?.text ?? '';
      const phrase = words
        .filter((_t, i) => i !== at)
        .map((t) => t.text)
        .join(' ');
      if (phrase) name = decodeEncodedWords(phrase).trim();
      unbracketed = true;
    } else {
      quotedOnly = words.length > 0 && words.every((t) => t.kind === 'quoted');
      address = words.map((t) => (t.kind === 'quoted' && !t.text.includes('@') ? `"${t.text}"` : t.text)).join('');
      const comment = tokens.find((t) => t.kind === 'comment');
      if (comment?.text.trim()) name = decodeEncodedWords(comment.text).trim();
    }
  }
  address = address.trim();
  if (!address) return null;
  const mailbox: Address = { address };
  const domain = domainOf(address.includes('@') ? address : undefined);
  if (domain) mailbox.domain = domain;
  if (name) mailbox.name = name;
  if (group) mailbox.group = group;
  if (unbracketed) UNBRACKETED.add(mailbox);
  if (quotedOnly) QUOTED_ONLY.add(mailbox);
  return mailbox;
}

/** RFC 5322 address-list: display names, quoting, comments, groups ("Team: a@x, b@x;"), encoded words. */
export function parseAddressList(value: string): Address[] {
  const tokens = tokenize(value);
  const addresses: Address[] = [];
  let pending: Token[] = [];
  let group: string | undefined;
  const flush = () => {
    const mailbox = toMailbox(pending, group);
    if (mailbox) addresses.push(mailbox);
    pending = [];
  };
  for (const token of tokens) {
    if (token.kind === 'special') {
      if (
        token.text === ':' &&
        group === undefined &&
        !pending.some((t) => t.kind === 'angle' || (t.kind === 'atom' && t.text.includes('@')))
      ) {
        group = decodeEncodedWords(pending.map((t) => t.text).join(' ')).trim();
        pending = [];
      } else if (token.text === ';') {
        flush();
        group = undefined;
      } else if (token.text === ',') flush();
      else pending.push({ kind: 'atom', text: token.text });
      continue;
    }
    pending.push(token);
  }
  flush();
  return addresses;
}

/** The first mailbox of an address header (From, Sender, Return-Path). */
export function parseMailbox(value: string): Address | undefined {
  return parseAddressList(value)[0];
}

/** The From header as Outlook shows it: the address the user sees, and what is malformed about the header. */
export interface FromHeader {
  mailbox?: Address;
  /** Short descriptions of each malformation, in the order found; empty for a well-formed From. */
  malformations: string[];
}

const GLUED_ENCODED_WORD = /[^\s"(=?]=\?[\w-]+\?[bq]\?|\?[bq]\?[^?\s]*\?=[^\s"),<;=]/i;
/** A domain as Outlook would still show it ("notifica@bradesco" included): labels free of structuring characters. */
const LABEL = '[^\\s<>()[\\]\\\\,;:@".=?]+';
const DOMAIN_SHAPE = new RegExp(`^${LABEL}(\\.${LABEL})*\\.?$`, 'u');
const LOOSE_ADDRESS = new RegExp(`[^\\s<>"(),;:@[\\]\\\\]+@${LABEL}(\\.${LABEL})*`, 'u');
const ANGLED_ADDRESS = new RegExp(`<\\s*(${LOOSE_ADDRESS.source})\\s*>`, 'u');

const hasDomain = (a: Address): boolean =>
  !!a.domain && !QUOTED_ONLY.has(a) && DOMAIN_SHAPE.test(a.domain) && /^[^@\s]+@[^@\s]+$/.test(a.address);

/**
 * Recovers the address of a From header even when it is malformed on purpose (an unquoted comma in the name, an
 * encoded word glued to text, an empty quoted name, several addresses, no angle brackets, the address only inside a
 * comment), as Outlook still shows one for such headers; each malformation is reported.
 */
export function parseFrom(value: string): FromHeader {
  const entries = parseAddressList(value);
  const valid = entries.filter(hasDomain);
  const malformations: string[] = [];
  let mailbox = valid[0];
  if (!mailbox) {
    // An address in angle brackets (even inside a comment) is what a reader takes for the address; then any.
    const loose = ANGLED_ADDRESS.exec(value)?.[1] ?? LOOSE_ADDRESS.exec(value)?.[0];
    const domain = loose ? domainOf(loose) : undefined;
    if (!loose || !domain) return { malformations };
    mailbox = { address: loose, domain };
    malformations.push('the address is hidden in a comment or quoted text');
  } else if (entries.length > valid.length) {
    malformations.push('the display name is split by an unquoted comma');
  }
  const distinct = new Set(valid.map((a) => a.address.toLowerCase().replace(/\.$/, '')));
  if (distinct.size > 1) malformations.push(`it lists ${distinct.size} addresses`);
  else if (valid.length > 1) malformations.push('it repeats the address');
  if (UNBRACKETED.has(mailbox)) malformations.push('the address has no angle brackets around it');
  if (/^\s*""\s*</.test(value)) malformations.push('the display name is an empty quoted string');
  if (GLUED_ENCODED_WORD.test(value)) malformations.push('an encoded word is glued to other text');
  if (!mailbox.name) {
    const name = entries.find((a) => a !== mailbox && !hasDomain(a))?.address.replace(/^"|"$/g, '');
    if (name) mailbox = { ...mailbox, name: decodeEncodedWords(name) };
  }
  return { mailbox, malformations };
}
