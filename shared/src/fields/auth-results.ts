import { scanComment } from '../headers/comments.js';
import type { AuthenticationResults, AuthResult } from '../types.js';

const KNOWN_METHODS = new Set([
  'spf',
  'dkim',
  'dmarc',
  'compauth',
  'arc',
  'iprev',
  'auth',
  'smime',
  'bimi',
  'sender-id',
  'dkim-atps',
  'dkim-adsp',
  'vbr',
  'rrvs',
  'dnswl',
  'x-tls',
  'domainkeys',
]);

type Token = { kind: 'word'; text: string } | { kind: 'comment'; text: string } | { kind: 'semicolon' };

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < value.length) {
    const ch = value.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 13 || ch === 10) {
      i++;
    } else if (ch === 59 /* ; */) {
      tokens.push({ kind: 'semicolon' });
      i++;
    } else if (ch === 40 /* ( */) {
      const scan = scanComment(value, i);
      tokens.push({ kind: 'comment', text: scan.text.trim() });
      i = scan.end;
    } else {
      // A word runs to whitespace, ';' or '('; a quoted string inside it (reason="a b") is kept whole, unquoted.
      // Text is copied in runs: `from` marks the start of the run not yet copied.
      let j = i;
      let from = i;
      let text = '';
      while (j < value.length) {
        const c = value.charCodeAt(j);
        if (c === 34 /* " */) {
          let k = j + 1;
          while (k < value.length && value.charCodeAt(k) !== 34) k += value.charCodeAt(k) === 92 /* \ */ ? 2 : 1;
          text += value.slice(from, j) + value.slice(j + 1, Math.min(k, value.length));
          j = k + 1;
          from = j;
          continue;
        }
        if (c === 32 || c === 9 || c === 13 || c === 10 || c === 59 || c === 40) break;
        j++;
      }
      tokens.push({ kind: 'word', text: text + value.slice(from, j) });
      i = j;
    }
  }
  return tokens;
}

function splitPair(word: string): [string, string] | null {
  const eq = word.indexOf('=');
  if (eq <= 0) return null;
  return [word.slice(0, eq).toLowerCase(), word.slice(eq + 1)];
}

/** "dkim" for "dkim/1" (a method's version); the key itself when unversioned. */
function methodOf(key: string): string {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash);
}

function isMethodResult(key: string): boolean {
  const method = methodOf(key);
  return KNOWN_METHODS.has(method) || method.startsWith('x-');
}

/**
 * RFC 8601 Authentication-Results, tolerant of Exchange Online's dialect: no authserv-id, bare domain tokens between
 * results, missing semicolons, comments anywhere, quoted values.
 */
export function parseAuthenticationResults(value: string): AuthenticationResults {
  const parsed: AuthenticationResults = { results: [], bareTokens: [], raw: value };
  let current: AuthResult | null = null;
  let segmentStart = true;
  let firstSegment = true;
  for (const token of tokenize(value)) {
    if (token.kind === 'semicolon') {
      current = null;
      segmentStart = true;
      firstSegment = false;
      continue;
    }
    if (token.kind === 'comment') {
      if (current && token.text) current.comment = current.comment ? `${current.comment}; ${token.text}` : token.text;
      continue;
    }
    const pair = splitPair(token.text);
    if (pair && isMethodResult(pair[0]) && (segmentStart || current === null || KNOWN_METHODS.has(pair[0]))) {
      current = {
        method: methodOf(pair[0]),
        result: pair[1].toLowerCase(),
        modifiers: Object.create(null),
        properties: Object.create(null),
      };
      parsed.results.push(current);
    } else if (pair && current) {
      const [key, val] = pair;
      if (key.includes('.')) current.properties[key] = val;
      else current.modifiers[key] = val;
    } else if (!pair) {
      if (firstSegment && segmentStart && parsed.results.length === 0 && parsed.authservId === undefined) {
        if (token.text.toLowerCase() !== 'none') parsed.authservId = token.text;
      } else if (current === null || segmentStart) {
        if (token.text && !/^\d+$/.test(token.text)) parsed.bareTokens.push(token.text.toLowerCase());
      }
    }
    segmentStart = false;
  }
  return parsed;
}

/** The first result for a method, if any. */
export function resultFor(results: AuthenticationResults | undefined, method: string): AuthResult | undefined {
  return results?.results.find((r) => r.method === method);
}
