import type { ReadinessResult } from './evaluate-readiness.js';
import type { SmtpAuthExposure } from './smtp-auth.js';

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
  const count = exposure.mailboxes.length;
  const mailboxes = count ? `, on for ${count} mailbox${count === 1 ? '' : 'es'}` : '';
  return `${exposure.organizationEnabled ? 'on' : 'off'} for the organization${mailboxes}`;
}

export function readinessCardModel(result: ReadinessResult): ReadinessCardModel {
  const covered = result.sources.filter((s) => s.covered).length;
  return {
    title: `RejectDirectSend: ${result.ready ? 'ready' : 'not ready'}`,
    ready: result.ready,
    enforced: result.enforced,
    facts: [
      { title: 'RejectDirectSend', value: result.enforced ? 'on' : 'off' },
      { title: 'Accepted domains', value: String(result.acceptedDomains.length) },
      { title: 'Sources covered', value: `${covered} of ${result.sources.length}` },
      { title: 'Blockers', value: String(result.findings.filter((f) => f.level === 'blocker').length) },
      ...(result.domains.length
        ? [
            {
              title: 'SPF',
              value: result.domains.map((d) => `${d.domain} ${d.spf.record ? d.spf.all : 'missing'}`).join(', '),
            },
          ]
        : []),
      ...(result.smtpAuth ? [{ title: 'SMTP AUTH', value: smtpAuthSummary(result.smtpAuth) }] : []),
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
          ? `${s.coveredBy.connector} (${s.coveredBy.by}${s.coveredBy.requireTls ? ', TLS required' : ''})`
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
