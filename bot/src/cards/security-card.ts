import type { Report } from '../reports/report-types.js';
import { strings } from '../strings.js';
import { VERBS, type AdaptiveCard } from './card-types.js';
import { markdownText } from './markdown-text.js';
import { executeAction } from './execute-action.js';
import { shortId, verdictCard } from './verdict-card.js';

/** The card posted to the security channel for a report; rebuilt and re-sent whenever its status changes. */
export function securityCard(report: Report, note?: string): AdaptiveCard {
  const card = verdictCard(report.verdict, report.subject ? { subject: report.subject } : {});
  const header = [
    { type: 'TextBlock', text: strings.securityCardTitle(shortId(report.id)), weight: 'bolder', wrap: true },
    {
      type: 'TextBlock',
      text: strings.securityReportedBy(markdownText(report.reporterName ?? report.reporterId)),
      isSubtle: true,
      spacing: 'none',
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: strings.securityStatus(
        strings.reportStatus[report.status] ?? report.status,
        report.statusBy && markdownText(report.statusBy),
      ),
      spacing: 'none',
      wrap: true,
      weight: report.status === 'new' ? 'default' : 'bolder',
    },
  ];
  card.body.unshift(...header);
  if (report.note)
    card.body.push({ type: 'TextBlock', text: strings.reporterNote(markdownText(report.note)), wrap: true });
  if (note) card.body.push({ type: 'TextBlock', text: markdownText(note), wrap: true, color: 'good' });
  const data = { reportId: report.id };
  const actions: unknown[] = [];
  if (report.status !== 'confirmed-spoof')
    actions.push(executeAction(strings.securityConfirm, VERBS.confirm, data, 'destructive'));
  if (report.status !== 'false-positive')
    actions.push(executeAction(strings.securityFalsePositive, VERBS.falsePositive, data));
  if (report.status !== 'resolved')
    actions.push(executeAction(strings.securityResolve, VERBS.resolve, data, 'positive'));
  if (report.verdict.facts.connectingIp || report.verdict.facts.fromAddress)
    actions.push(executeAction(strings.securityAddKnownSender, VERBS.addKnownSender, data));
  card.actions = [...actions, ...(card.actions ?? [])];
  return card;
}
