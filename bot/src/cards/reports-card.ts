import type { Report } from '../reports/report-types.js';
import { strings } from '../strings.js';
import type { AdaptiveCard } from './card-types.js';
import { markdownText } from './markdown-text.js';
import { shortId } from './verdict-card.js';

export function reportsCard(reports: Report[], all: boolean): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'TextBlock',
        text: strings.reportsTitle(reports.length, all),
        weight: 'bolder',
        size: 'medium',
        wrap: true,
      },
      {
        type: 'FactSet',
        facts: reports.map((r) => ({
          title: shortId(r.id),
          value: `${strings.reportStatus[r.status] ?? r.status} · ${strings.verdictTitle[r.verdict.verdict]} · ${r.createdAt.slice(0, 16).replace('T', ' ')}${r.subject ? ` · ${markdownText(r.subject)}` : ''}${all ? ` · ${markdownText(r.reporterName ?? r.reporterId)}` : ''}`,
        })),
      },
    ],
  };
}
