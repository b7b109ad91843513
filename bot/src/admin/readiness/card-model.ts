import type { ReadinessResult } from './evaluate-readiness.js';
import type { SmtpAuthExposure } from './smtp-auth.js';
import { strings } from '../strings.js';

/** Plain data for the bot's Adaptive Card: no card JSON here, only what the card shows. */
export interface ReadinessCardModel {
  title: string;
  ready: boolean;
  enforced: boolean;
  facts: { title: string; value: string }[];
  blockers: string[];
  warnings: string[];
  sources: { key: string; name: string; covered: boolean; detail: string }[];
  plan: { title: string; detail: string; powershell?: string; warning?: string }[];
  rollback: { title: string; powershell?: string }[];
}

function smtpAuthSummary(exposure: SmtpAuthExposure): string {
  return strings.smtpAuthSummary(exposure.organizationEnabled, exposure.mailboxes.length);
}

export function readinessCardModel(result: ReadinessResult): ReadinessCardModel {
  const covered = result.sources.filter((s) => s.covered).length;
  const r = strings.readinessReport;
  return {
    title: r.cardTitle(result.ready),
    ready: result.ready,
    enforced: result.enforced,
    facts: [
      { title: r.enforcedFact, value: r.onOff(result.enforced) },
      { title: r.acceptedDomainsFact, value: String(result.acceptedDomains.length) },
      { title: r.sourcesCoveredFact, value: r.ofTotal(covered, result.sources.length) },
      { title: r.blockersFact, value: String(result.findings.filter((f) => f.level === 'blocker').length) },
      ...(result.domains.length
        ? [
            {
              title: r.spfFact,
              value: result.domains.map((d) => `${d.domain} ${d.spf.record ? d.spf.all : r.missing}`).join(', '),
            },
          ]
        : []),
      ...(result.smtpAuth ? [{ title: r.smtpAuthFact, value: smtpAuthSummary(result.smtpAuth) }] : []),
    ],
    blockers: result.findings
      .filter((f) => f.level === 'blocker')
      .map((f) => (f.domain ? `${f.domain}: ${f.message}` : f.message)),
    warnings: result.findings
      .filter((f) => f.level !== 'blocker')
      .map((f) => (f.domain ? `${f.domain}: ${f.message}` : f.message)),
    sources: result.sources.map((s) => ({
      key: s.key,
      name: s.name,
      covered: s.covered,
      detail:
        s.covered && s.coveredBy
          ? r.coveredBy(s.coveredBy.connector, s.coveredBy.by, s.coveredBy.requireTls === true)
          : (s.reason ?? ''),
    })),
    plan: result.plan.map((s) => ({
      title: s.title,
      detail: s.detail,
      ...(s.powershell ? { powershell: s.powershell } : {}),
      ...(s.warning ? { warning: s.warning } : {}),
    })),
    rollback: result.rollback.map((s) => ({ title: s.title, ...(s.powershell ? { powershell: s.powershell } : {}) })),
  };
}
