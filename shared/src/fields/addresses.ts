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

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < value.length) {
    const ch = value[i] ?? '';
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < value.length && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < value.length) j++;
        text += value[j];
        j++;
      }
      tokens.push({ kind: 'quoted', text });
      i = j + 1;
    } else if (ch === '(') {
      const scan = scanComment(value, i);
      tokens.push({ kind: 'comment', text: scan.text });
      i = scan.end;
    } else if (ch === '<') {
      const close = value.indexOf('>', i + 1);
      const end = close === -1 ? value.length : close;
      tokens.push({ kind: 'angle', text: value.slice(i + 1, end).trim() });
      i = end + 1;
    } else if (ch === ',' || ch === ':' || ch === ';') {
      tokens.push({ kind: 'special', text: ch });
      i++;
    } else {
      let j = i;
      while (j < value.length && !/[\s"(<,:;]/.test(value[j] ?? ' ')) j++;
      // "a@b.c" may be followed by a comment or quoted text; an atom never contains those.
      tokens.push({ kind: 'atom', text: value.slice(i, j) });
      i = j === i ? i + 1 : j;
    }
  }
  return tokens;
}

function toMailbox(tokens: Token[], group: string | undefined): Address | null {
  if (tokens.length === 0) return null;
  const angleIndex = tokens.findIndex((t) => t.kind === 'angle');
  let address: string;
  let name: string | undefined;
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
    address = tokens
      .filter((t) => t.kind === 'atom' || t.kind === 'quoted')
      .map((t) => (t.kind === 'quoted' && !t.text.includes('@') ? `"${t.text}"` : t.text))
      .join('');
    const comment = tokens.find((t) => t.kind === 'comment');
    if (comment?.text.trim()) name = decodeEncodedWords(comment.text).trim();
  }
  address = address.trim();
  if (!address) return null;
  const mailbox: Address = { address };
  const domain = domainOf(address.includes('@') ? address : undefined);
  if (domain) mailbox.domain = domain;
  if (name) mailbox.name = name;
  if (group) mailbox.group = group;
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
      if (token.text === ':' && group === undefined && !pending.some((t) => t.kind === 'angle' || (t.kind === 'atom' && t.text.includes('@')))) {
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
