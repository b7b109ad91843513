/**
 * The compact Public Suffix List (src/net/public-suffix-data.ts, generated) answers exactly as tldts, the package it
 * is generated from, for every rule of both sections, wildcards and exceptions included.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDomain } from 'tldts';
import { sameOrganization } from '../src/index.js';
import { PUBLIC_SUFFIX_SOURCE } from '../src/net/public-suffix-data.js';
import { registrableDomain } from '../src/net/public-suffix.js';

type TrieNode = [number, Record<string, TrieNode>];
const require = createRequire(__filename);
const tldtsDir = dirname(require.resolve('tldts/package.json'));
const tldtsData = require(join(tldtsDir, 'dist', 'cjs', 'src', 'data', 'trie.js')) as {
  rules: TrieNode;
  exceptions: TrieNode;
};

/** Every rule of a tldts trie as a dotted name ("*.kawasaki.jp"), with its rule type (1 ICANN, 2 private). */
function rulesOf(node: TrieNode, suffix: string[] = []): { name: string; type: number }[] {
  return Object.entries(node[1]).flatMap(([label, child]) => {
    const labels = [label, ...suffix];
    return [...(child[0] ? [{ name: labels.join('.'), type: child[0] }] : []), ...rulesOf(child, labels)];
  });
}

const tldts = (hostname: string) => getDomain(hostname, { allowPrivateDomains: true, validateHostname: false });

describe('the compact Public Suffix List', () => {
  const rules = rulesOf(tldtsData.rules);
  const exceptions = rulesOf(tldtsData.exceptions);

  test('is generated from the tldts release installed (npm run psl -w shared after a bump)', () => {
    const version = JSON.parse(readFileSync(join(tldtsDir, 'package.json'), 'utf8')).version;
    expect(PUBLIC_SUFFIX_SOURCE).toBe(`tldts ${version}`);
    expect(rules.length).toBeGreaterThan(9000);
    expect(rules.filter((r) => r.type & 2).length).toBeGreaterThan(2000);
    expect(exceptions.length).toBeGreaterThan(0);
  });

  test('gives the registrable domain tldts gives, for every rule and names under it', () => {
    const differences: string[] = [];
    for (const { name } of [...rules, ...exceptions]) {
      const base = name.replace(/\*/g, 'wild');
      for (const hostname of [base, `org1.${base}`, `host.org1.${base}`]) {
        const ours = registrableDomain(hostname);
        const theirs = tldts(hostname);
        if (ours !== theirs) differences.push(`${hostname}: ${ours} != ${theirs}`);
      }
    }
    expect(differences.slice(0, 20)).toEqual([]);
  });

  test.each([
    '',
    '.',
    'localhost',
    'contoso',
    '192.0.2.10',
    '[2001:db8::1]',
    '2001:db8::1',
    'exa mple.com',
    'ex_ample.co.uk',
    'a..b.co.uk',
    'MAIL.Contoso.CO.UK',
    'www.ck',
    'a.www.ck',
    'city.kawasaki.jp',
    'a.b.kawasaki.jp',
    'x.y.z.unknown-tld',
    'mail.xn--p1ai',
    'почта.рф',
    '__proto__.com',
    'a.__proto__',
    'user@contoso.com',
    'https://mail.contoso.com/path',
  ])('agrees with tldts on %j', (hostname) => {
    expect(registrableDomain(hostname)).toBe(tldts(hostname));
  });

  test('keeps tenants of one shared suffix apart, private section included', () => {
    expect(registrableDomain('trust-a.nhs.uk')).toBe('trust-a.nhs.uk');
    expect(sameOrganization('trust-a.nhs.uk', 'evil.nhs.uk')).toBe(false);
    expect(sameOrganization('victim.onmicrosoft.com', 'attacker.onmicrosoft.com')).toBe(false);
    expect(sameOrganization('alice.blogspot.com', 'mallory.blogspot.com')).toBe(false);
    expect(registrableDomain('a.b.alice.github.io')).toBe('alice.github.io');
    expect(sameOrganization('mail.contoso.co.uk', 'contoso.co.uk')).toBe(true);
  });
});
