import type { FileImportResult } from '../admin/inventory/import-into-store.js';
import { strings } from '../strings.js';
import type { AdaptiveCard } from './card-types.js';
import { markdownText } from './markdown-text.js';

const MAX_ISSUES_SHOWN = 10;
const n = (value: number): string => value.toLocaleString('en');

/** What an import did: rows, candidates, sources, and the skipped rows by line number. */
export function importSummaryCard(result: FileImportResult): AdaptiveCard {
  const { trace, counts, record } = result;
  const t = strings.admin.importFacts;
  const leftOut = counts.outbound + counts.viaConnector + counts.otherDomain + trace.otherEvents;
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: strings.admin.importTitle(markdownText(record.label)),
      weight: 'bolder',
      size: 'medium',
      wrap: true,
      style: 'heading',
    },
    {
      type: 'FactSet',
      facts: [
        { title: t.format, value: `${trace.format} (${trace.encoding}${trace.bom ? ', BOM' : ''})` },
        { title: t.rows, value: n(trace.rows) },
        { title: t.messages, value: n(counts.added) },
        { title: t.sources, value: n(record.sources) },
        { title: t.skipped, value: n(trace.badRows) },
        { title: t.leftOut, value: n(leftOut) },
      ],
    },
  ];
  if (trace.issues.length) {
    const shown = trace.issues.slice(0, MAX_ISSUES_SHOWN);
    body.push(
      {
        type: 'TextBlock',
        text: strings.admin.importIssuesTitle(shown.length, trace.badRows),
        weight: 'bolder',
        spacing: 'medium',
        wrap: true,
      },
      {
        type: 'TextBlock',
        text: shown.map((i) => `- ${markdownText(strings.admin.importIssue(i.line, i.message))}`).join('\n'),
        wrap: true,
        size: 'small',
      },
    );
  }
  body.push({ type: 'TextBlock', text: strings.admin.importNext, isSubtle: true, wrap: true });
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
}
