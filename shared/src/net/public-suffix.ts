/**
 * Registrable domains under the Public Suffix List, with tldts-core's parser (hostname extraction, IP literals,
 * the "*" default rule) and the list kept as strings (public-suffix-data.ts). A top-level label's rules are decoded
 * the first time a name under it is looked up: loading the module parses a string array, not 10,000 object
 * literals, which is what a page pays for before its first verdict.
 */
import { fastPathLookup, getEmptyResult, parseImpl, resetResult } from 'tldts-core';
import type { FLAG, IPublicSuffix, ISuffixLookupOptions } from 'tldts-core';
import { PUBLIC_SUFFIX_EXCEPTIONS, PUBLIC_SUFFIX_RULES } from './public-suffix-data.js';

const ICANN = 1;
const PRIVATE = 2;
const RULE_TYPES: Record<string, number> = { '': ICANN, '+': PRIVATE, '&': ICANN | PRIVATE, '?': 0 };

interface SuffixNode {
  /** ICANN and/or PRIVATE when the path to this node is a rule; 0 when it only leads to deeper rules. */
  ruleType: number;
  children: Map<string, SuffixNode>;
}

/** Decodes `label[mark][(child,...)]` from `text` at `at`; returns the node and where its text ends. */
function decode(text: string, at: number): { label: string; node: SuffixNode; end: number } {
  let i = at;
  while (i < text.length && !'+&?(),'.includes(text[i]!)) i++;
  const label = text.slice(at, i);
  const mark = text[i] === '+' || text[i] === '&' || text[i] === '?' ? text[i++]! : '';
  const node: SuffixNode = { ruleType: RULE_TYPES[mark]!, children: new Map() };
  if (text[i] === '(') {
    i++;
    for (;;) {
      const child = decode(text, i);
      node.children.set(child.label, child.node);
      i = child.end;
      if (text[i] === ',') i++;
      else if (text[i] === ')') {
        i++;
        break;
      } else throw new Error(`public suffix data: unexpected end at ${i} of ${JSON.stringify(text.slice(0, 40))}`);
    }
  }
  return { label, node, end: i };
}

const labelOf = (entry: string): string => entry.slice(0, entry.search(/[+&?(]|$/));

/** A trie whose top-level nodes are decoded on first use. */
class LazySuffixTrie {
  private readonly encoded = new Map<string, string>();
  private readonly decoded = new Map<string, SuffixNode | undefined>();

  constructor(private readonly entries: readonly string[]) {}

  topLevel(label: string): SuffixNode | undefined {
    if (this.encoded.size === 0) for (const entry of this.entries) this.encoded.set(labelOf(entry), entry);
    if (!this.decoded.has(label)) {
      const entry = this.encoded.get(label);
      this.decoded.set(label, entry === undefined ? undefined : decode(entry, 0).node);
    }
    return this.decoded.get(label);
  }
}

const rules = new LazySuffixTrie(PUBLIC_SUFFIX_RULES);
const exceptions = new LazySuffixTrie(PUBLIC_SUFFIX_EXCEPTIONS);

/** The longest rule matching `parts` read right to left (tldts's lookupInTrie over the lazy trie). */
function lookup(
  parts: string[],
  trie: LazySuffixTrie,
  allowedMask: number,
): { index: number; isIcann: boolean; isPrivate: boolean } | null {
  let result: { index: number; isIcann: boolean; isPrivate: boolean } | null = null;
  let index = parts.length - 1;
  let node = trie.topLevel(parts[index]!) ?? trie.topLevel('*');
  index -= 1;
  while (node !== undefined) {
    if ((node.ruleType & allowedMask) !== 0) {
      result = {
        index: index + 1,
        isIcann: (node.ruleType & ICANN) !== 0,
        isPrivate: (node.ruleType & PRIVATE) !== 0,
      };
    }
    if (index === -1) break;
    node = node.children.get(parts[index]!) ?? node.children.get('*');
    index -= 1;
  }
  return result;
}

function suffixLookup(hostname: string, options: ISuffixLookupOptions, out: IPublicSuffix): void {
  if (fastPathLookup(hostname, options, out)) return;
  const parts = hostname.split('.');
  const allowedMask = (options.allowPrivateDomains ? PRIVATE : 0) | (options.allowIcannDomains ? ICANN : 0);
  const exception = lookup(parts, exceptions, allowedMask);
  if (exception !== null) {
    out.isIcann = exception.isIcann;
    out.isPrivate = exception.isPrivate;
    out.publicSuffix = parts.slice(exception.index + 1).join('.');
    return;
  }
  const rule = lookup(parts, rules, allowedMask);
  if (rule !== null) {
    out.isIcann = rule.isIcann;
    out.isPrivate = rule.isPrivate;
    out.publicSuffix = parts.slice(rule.index).join('.');
    return;
  }
  // No rule: the prevailing rule "*" makes the last label the public suffix.
  out.isIcann = false;
  out.isPrivate = false;
  out.publicSuffix = parts[parts.length - 1] ?? null;
}

const result = getEmptyResult();
/** tldts-core's FLAG.DOMAIN (a const enum, which isolated modules cannot import): stop once the domain is known. */
const DOMAIN_STEP = 3 as FLAG;

/** The registrable domain of `hostname` (ICANN and private sections), or null (an IP, a public suffix itself). */
export function registrableDomain(hostname: string): string | null {
  resetResult(result);
  return parseImpl(hostname, DOMAIN_STEP, suffixLookup, { allowPrivateDomains: true, validateHostname: false }, result)
    .domain;
}
