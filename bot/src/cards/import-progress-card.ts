import type { PullResult } from '../admin/inventory/pull-sources.js';
import { strings } from '../strings.js';
import type { AdaptiveCard } from './card-types.js';
import { markdownText } from './markdown-text.js';

export interface ImportProgressState {
  rows: number;
  /** 0-1 when the total is known (a file's declared size). */
  share?: number;
  /** For pulls: the window or page being read. */
  step?: { step: number; steps: number };
  elapsedMs: number;
}

const card = (body: unknown[]): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
});

/** The card posted when an import starts and replaced as it advances. */
export function importProgressCard(label: string, state: ImportProgressState): AdaptiveCard {
  const status = [strings.admin.importProgressRows(state.rows)];
  if (state.share !== undefined) status.push(strings.admin.importProgressShare(Math.floor(state.share * 100)));
  if (state.step) status.push(strings.admin.pullStep(state.step.step, state.step.steps));
  return card([
    {
      type: 'TextBlock',
      text: strings.admin.importProgressTitle(markdownText(label)),
      weight: 'bolder',
      size: 'medium',
      wrap: true,
      style: 'heading',
    },
    { type: 'TextBlock', text: status.join(' · '), wrap: true },
    {
      type: 'TextBlock',
      text: strings.admin.importProgressElapsed(Math.round(state.elapsedMs / 1000)),
      isSubtle: true,
      wrap: true,
    },
  ]);
}

/** What a pull (Graph, Defender, stored verdicts) did. */
export function pullSummaryCard(result: PullResult): AdaptiveCard {
  const t = strings.admin.importFacts;
  const n = (value: number): string => value.toLocaleString('en');
  const { counts, record } = result;
  return card([
    {
      type: 'TextBlock',
      text: strings.admin.pullTitle(markdownText(record.label)),
      weight: 'bolder',
      size: 'medium',
      wrap: true,
      style: 'heading',
    },
    {
      type: 'FactSet',
      facts: [
        { title: t.rows, value: n(record.rows) },
        { title: t.messages, value: n(counts.added) },
        { title: t.sources, value: n(record.sources) },
        { title: t.leftOut, value: n(counts.outbound + counts.viaConnector + counts.otherDomain) },
      ],
    },
    { type: 'TextBlock', text: strings.admin.importNext, isSubtle: true, wrap: true },
  ]);
}
