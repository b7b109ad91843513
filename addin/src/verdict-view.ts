/** Turns a Verdict into what the pane shows: tone, headline, ordered reasons, next steps and evidence rows. */
import {
  VERDICT_HEADLINE,
  type Hop,
  type Reason,
  type Severity,
  type Verdict,
  type VerdictCode,
  type VerdictFacts,
} from '@dsguard/classifier';
import { strings, verdictText } from './strings.js';

/** spoof is red, suspicious amber, legitimate direct send informational; the rest are neutral. */
export type Tone = 'danger' | 'warning' | 'info' | 'neutral';

export const toneOf: Record<VerdictCode, Tone> = {
  spoof: 'danger',
  suspicious: 'warning',
  'direct-send': 'info',
  internal: 'neutral',
  connector: 'neutral',
  external: 'neutral',
  unknown: 'neutral',
};

const severityRank: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

export interface FactRow {
  label: string;
  value: string;
}

export interface HopRow {
  index: number;
  from: string;
  by: string;
  delay: string;
  time: string;
  isFirstTenantHop: boolean;
}

export interface VerdictView {
  code: VerdictCode;
  tone: Tone;
  title: string;
  description: string;
  score: number;
  scoreLabel: string;
  reasons: Reason[];
  nextSteps: string[];
  senderFacts: FactRow[];
  authFacts: FactRow[];
  trustedAuthResults?: string;
  hops: HopRow[];
  tenantStamps: FactRow[];
  forgedStamps: { header: string; value: string; why: string }[];
}

/** Reasons most severe first; the classifier's own order breaks ties. */
export function orderReasons(reasons: readonly Reason[]): Reason[] {
  return reasons
    .map((reason, i) => ({ reason, i }))
    .sort((a, b) => severityRank[a.reason.severity] - severityRank[b.reason.severity] || a.i - b.i)
    .map(({ reason }) => reason);
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.length ? value.join(', ') : undefined;
  return String(value);
}

function hopEnd(name?: string, ip?: string): string {
  if (name && ip) return `${name} (${ip})`;
  return name ?? ip ?? '—';
}

function hopRows(facts: VerdictFacts): HopRow[] {
  const first = facts.firstTenantHop;
  return (facts.hops ?? []).map((hop: Hop) => ({
    index: hop.index,
    from: hopEnd(hop.from ?? hop.helo, hop.fromIp),
    by: hopEnd(hop.by, hop.byIp),
    delay: strings.delay(hop.delaySeconds),
    time:
      hop.time !== undefined
        ? new Date(hop.time)
            .toISOString()
            .replace('T', ' ')
            .replace(/\.\d+Z$/, ' UTC')
        : (hop.date ?? '—'),
    isFirstTenantHop: !!first && first.index === hop.index,
  }));
}

export function viewOf(verdict: Verdict, acceptedDomainsSourceOverride?: string): VerdictView {
  const facts = verdict.facts ?? {};
  const copy = verdictText[verdict.verdict] ?? verdictText.unknown;
  const senderKeys = [
    'fromAddress',
    'mailFromDomain',
    'replyToDomain',
    'connectingIp',
    'helo',
    'ptr',
    'country',
    'authAs',
    'fromEntity',
    'directionality',
    'knownSender',
    'deliveredTo',
    'networkMessageId',
  ] as const;
  const senderFacts: FactRow[] = [];
  for (const key of senderKeys) {
    const value = text(facts[key]);
    if (value) senderFacts.push({ label: strings.factLabels[key] ?? key, value });
  }
  const domains = text(facts.acceptedDomains);
  if (domains) {
    const source = acceptedDomainsSourceOverride ?? facts.acceptedDomainsSource;
    const sourceText = source ? strings.acceptedDomainsSource[source] : undefined;
    senderFacts.push({
      label: strings.factLabels.acceptedDomains ?? 'Domains',
      value: sourceText ? `${domains} (${sourceText})` : domains,
    });
  }
  const authFacts: FactRow[] = [];
  const auth: [string, string | undefined][] = [
    ['spf', text(facts.spf)],
    ['dkim', text(facts.dkim) && facts.dkimDomain ? `${facts.dkim} (${facts.dkimDomain})` : text(facts.dkim)],
    [
      'dmarc',
      text(facts.dmarc) && facts.dmarcAction ? `${facts.dmarc} (action ${facts.dmarcAction})` : text(facts.dmarc),
    ],
    [
      'compauth',
      text(facts.compauth) &&
        [
          facts.compauth,
          facts.compauthReason ? `reason ${facts.compauthReason}` : undefined,
          facts.compauthMeaning ? `— ${facts.compauthMeaning}` : undefined,
        ]
          .filter(Boolean)
          .join(' '),
    ],
  ];
  for (const [key, value] of auth) if (value) authFacts.push({ label: strings.authLabels[key] ?? key, value });
  const score = Math.max(0, Math.min(100, Math.round(verdict.score)));
  return {
    code: verdict.verdict,
    tone: toneOf[verdict.verdict] ?? 'neutral',
    title: VERDICT_HEADLINE[verdict.verdict] ?? VERDICT_HEADLINE.unknown,
    description: copy.description,
    score,
    scoreLabel: strings.scoreLabel(score),
    reasons: orderReasons(verdict.reasons ?? []),
    nextSteps: copy.nextSteps,
    senderFacts,
    authFacts,
    ...(text(facts.trustedAuthResults) ? { trustedAuthResults: text(facts.trustedAuthResults)! } : {}),
    hops: hopRows(facts),
    tenantStamps: (facts.tenantStamps ?? []).map(([label, value]) => ({ label, value })),
    forgedStamps: (facts.forgedStamps ?? []).map((s) => ({ header: s.header, value: s.value, why: s.why })),
  };
}
