import { dmarc } from 'mailauth/lib/dmarc/index.js';
import { spf } from 'mailauth/lib/spf/index.js';
import type { DnsResolve } from './dns-resolver.js';

export type MxKind = 'exchange-online' | 'third-party' | 'mixed' | 'none' | 'error';
export type SpfAll = '-all' | '~all' | '?all' | '+all' | 'none';

export interface DomainPosture {
  domain: string;
  mx: { hosts: { exchange: string; priority: number; exchangeOnline: boolean }[]; kind: MxKind; error?: string };
  spf: {
    record?: string;
    /** The verdict for an address nobody authorizes (TEST-NET-1): what the record's "all" does. */
    all: SpfAll;
    includesExchangeOnline: boolean;
    lookups?: number;
    /** temperror / permerror from the evaluation (e.g. more than 10 lookups). */
    error?: string;
  };
  dmarc: { record?: string; policy?: string; subdomainPolicy?: string; pct?: number; error?: string };
  dkim: { selector1?: string; selector2?: string; microsoftManaged: boolean };
}

export const EXCHANGE_ONLINE_MX = /\.(?:mail\.protection\.outlook\.com|mx\.microsoft)$/i;
const MICROSOFT_DKIM = /(?:\._domainkey\.[a-z0-9-]+\.onmicrosoft\.com|\.dkim\.mail\.microsoft)$/i;
const UNAUTHORISED_IP = '192.0.2.1';

const code = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;
const absent = (error: unknown): boolean => code(error) === 'ENOTFOUND' || code(error) === 'ENODATA';
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function mxOf(domain: string, resolve: DnsResolve): Promise<DomainPosture['mx']> {
  try {
    const answers = (await resolve(domain, 'MX')) as { exchange: string; priority: number }[];
    const hosts = answers
      .map((mx) => ({ exchange: mx.exchange.toLowerCase().replace(/\.$/, ''), priority: mx.priority }))
      .sort((a, b) => a.priority - b.priority)
      .map((mx) => ({ ...mx, exchangeOnline: EXCHANGE_ONLINE_MX.test(mx.exchange) }));
    const online = hosts.filter((h) => h.exchangeOnline).length;
    const kind: MxKind =
      hosts.length === 0
        ? 'none'
        : online === hosts.length
          ? 'exchange-online'
          : online === 0
            ? 'third-party'
            : 'mixed';
    return { hosts, kind };
  } catch (error) {
    if (absent(error)) return { hosts: [], kind: 'none' };
    return { hosts: [], kind: 'error', error: message(error) };
  }
}

async function cnameOf(name: string, resolve: DnsResolve): Promise<string | undefined> {
  try {
    const [target] = (await resolve(name, 'CNAME')) as string[];
    return target?.toLowerCase().replace(/\.$/, '');
  } catch (error) {
    if (absent(error)) return undefined;
    throw error;
  }
}

const SPF_ALL: Record<string, SpfAll> = { fail: '-all', softfail: '~all', neutral: '?all', pass: '+all', none: 'none' };

/** MX, SPF (with mailauth), DMARC (with mailauth) and DKIM CNAMEs of one accepted domain. */
export async function domainPosture(domain: string, resolve: DnsResolve): Promise<DomainPosture> {
  const name = domain.toLowerCase();
  const [mx, spfResult, dmarcResult, selector1, selector2] = await Promise.all([
    mxOf(name, resolve),
    spf({ sender: `postmaster@${name}`, ip: UNAUTHORISED_IP, helo: name, mta: 'dsguard', resolver: resolve }),
    dmarc({ headerFrom: name, spfDomains: [], dkimDomains: [], resolver: resolve }).catch((error: unknown) => ({
      error: message(error),
    })),
    cnameOf(`selector1._domainkey.${name}`, resolve).catch(() => undefined),
    cnameOf(`selector2._domainkey.${name}`, resolve).catch(() => undefined),
  ]);

  const result = spfResult.status.result;
  const spfPosture: DomainPosture['spf'] = {
    all: SPF_ALL[result] ?? 'none',
    includesExchangeOnline: /\binclude:spf\.protection\.outlook\.com\b/i.test(spfResult.rr ?? ''),
  };
  if (spfResult.rr) spfPosture.record = spfResult.rr;
  const lookups = (spfResult as { lookups?: { count?: number } }).lookups?.count;
  if (lookups !== undefined && spfResult.rr) spfPosture.lookups = lookups;
  if (result === 'permerror' || result === 'temperror') {
    spfPosture.error = `${result}${spfResult.status.comment ? `: ${String(spfResult.status.comment).replace(/^dsguard: /, '')}` : ''}`;
  }

  const dmarcPosture: DomainPosture['dmarc'] = {};
  if (dmarcResult && 'error' in dmarcResult && typeof dmarcResult.error === 'string')
    dmarcPosture.error = dmarcResult.error;
  if (dmarcResult && 'rr' in dmarcResult && dmarcResult.rr) {
    dmarcPosture.record = dmarcResult.rr;
    if (dmarcResult.p) dmarcPosture.policy = dmarcResult.p.toLowerCase();
    if (dmarcResult.sp) dmarcPosture.subdomainPolicy = dmarcResult.sp.toLowerCase();
    if (typeof dmarcResult.pct === 'number') dmarcPosture.pct = dmarcResult.pct;
  }

  const dkim: DomainPosture['dkim'] = {
    microsoftManaged: [selector1, selector2].some((target) => !!target && MICROSOFT_DKIM.test(target)),
  };
  if (selector1) dkim.selector1 = selector1;
  if (selector2) dkim.selector2 = selector2;
  return { domain: name, mx, spf: spfPosture, dmarc: dmarcPosture, dkim };
}
