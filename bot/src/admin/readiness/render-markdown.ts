import { markdownText } from '../../cards/markdown-text.js';
import type { ReadinessResult } from './evaluate-readiness.js';
import { strings } from '../strings.js';

/** Untrusted text (names, addresses, findings) as literal Markdown on one line (a table cell, a list item). */
const cell = (value: string): string => markdownText(value.replace(/\r\n?|\n/g, ' '));

/** The readiness answer as a Markdown document (downloadable from the bot, printed by the CLI). */
export function renderReadinessMarkdown(result: ReadinessResult): string {
  const r = strings.readinessReport;
  const lines: string[] = [];
  const tenant = result.tenant.domain ?? result.tenant.id ?? 'tenant';
  lines.push(`# ${r.heading(cell(tenant))}`, '');
  lines.push(`**${r.verdict(result.ready)}.** ${r.enforcedSentence(result.enforced)}`, '');
  const blockers = result.findings.filter((f) => f.level === 'blocker');
  const warnings = result.findings.filter((f) => f.level !== 'blocker');
  if (blockers.length) {
    lines.push(`## ${r.blockersFact}`, '');
    for (const f of blockers) lines.push(`- ${f.domain ? `**${cell(f.domain)}**: ` : ''}${cell(f.message)}`);
    lines.push('');
  }
  if (warnings.length) {
    lines.push(`## ${r.warningsHeading}`, '');
    for (const f of warnings) lines.push(`- ${f.domain ? `**${cell(f.domain)}**: ` : ''}${cell(f.message)}`);
    lines.push('');
  }
  if (result.sources.length) {
    lines.push(`## ${r.sourcesHeading}`, '', `| ${r.sourcesColumns.join(' | ')} |`, '|---|---|---|---|---|');
    for (const s of result.sources) {
      const covered =
        s.covered && s.coveredBy ? `${s.coveredBy.connector} (${s.coveredBy.by})` : r.notCovered(s.reason ?? '');
      lines.push(
        `| ${cell(s.name)} | ${cell(s.ips.join(', ') || s.key)} | ${cell(s.senders.join(', '))} | ${s.status} | ${cell(covered)} |`,
      );
    }
    lines.push('');
  }
  if (result.domains.length) {
    lines.push(`## ${r.dnsHeading}`, '', `| ${r.dnsColumns.join(' | ')} |`, '|---|---|---|---|---|');
    for (const d of result.domains) {
      const mx = d.mx.hosts.map((h) => h.exchange).join(', ') || d.mx.kind;
      const spf = d.spf.record ? r.spfCell(d.spf.all, d.spf.includesExchangeOnline, d.spf.lookups) : r.missing;
      const dmarc = d.dmarc.record ? `p=${d.dmarc.policy ?? 'none'}` : r.missing;
      const dkim =
        d.dkim.selector1 || d.dkim.selector2 ? (d.dkim.microsoftManaged ? r.dkimMicrosoft : r.dkimPresent) : r.missing;
      lines.push(`| ${cell(d.domain)} | ${cell(mx)} (${d.mx.kind}) | ${cell(spf)} | ${cell(dmarc)} | ${dkim} |`);
    }
    lines.push('');
  }
  lines.push(`## ${r.planHeading}`, '');
  result.plan.forEach((step, i) => {
    lines.push(`${i + 1}. **${cell(step.title)}**: ${cell(step.detail)}`);
    if (step.warning) lines.push(`   > ${r.warningLabel}: ${cell(step.warning)}`);
    if (step.powershell)
      lines.push('', '   ```powershell', ...step.powershell.split('\n').map((l) => `   ${l}`), '   ```', '');
  });
  lines.push('', `## ${r.rollbackHeading}`, '');
  for (const step of result.rollback) {
    lines.push(`- **${cell(step.title)}**: ${cell(step.detail)}`);
    if (step.powershell)
      lines.push('', '  ```powershell', ...step.powershell.split('\n').map((l) => `  ${l}`), '  ```', '');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
