import type { ReadinessCardModel } from '../admin/readiness/card-model.js';
import { strings } from '../strings.js';
import type { AdaptiveCard } from './card-types.js';
import { markdownText } from './markdown-text.js';

const MAX_FINDINGS = 8;
const MAX_SOURCES = 10;
const MAX_STEPS = 6;

function list(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).map((item) => `- ${markdownText(item)}`);
  if (items.length > max) shown.push(strings.admin.readinessMore(items.length - max));
  return shown.join('\n');
}

export interface ReadinessCardOptions {
  /** Where the Markdown and CSV plans can be downloaded. */
  downloads?: { md: string; csv: string };
  /** A line about what the answer is based on (e.g. no inventory). */
  note?: string;
}

/** A generated script as card text: shown verbatim, one command per paragraph (Markdown joins single lines). */
const script = (powershell: string): string => markdownText(powershell).split('\n').join('\n\n');

/** The readiness answer: ready or not, why, the sources' coverage and the first plan steps; the rest is downloadable. */
export function readinessCard(model: ReadinessCardModel, options: ReadinessCardOptions = {}): AdaptiveCard {
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: model.title,
      weight: 'bolder',
      size: 'large',
      color: model.ready ? 'good' : 'attention',
      wrap: true,
      style: 'heading',
    },
    { type: 'FactSet', facts: model.facts },
  ];
  if (options.note) body.push({ type: 'TextBlock', text: markdownText(options.note), isSubtle: true, wrap: true });
  if (model.blockers.length) {
    body.push(
      {
        type: 'TextBlock',
        text: strings.admin.readinessBlockers,
        weight: 'bolder',
        color: 'attention',
        spacing: 'medium',
      },
      { type: 'TextBlock', text: list(model.blockers, MAX_FINDINGS), wrap: true },
    );
  }
  if (model.warnings.length) {
    body.push(
      {
        type: 'TextBlock',
        text: strings.admin.readinessWarnings,
        weight: 'bolder',
        color: 'warning',
        spacing: 'medium',
      },
      { type: 'TextBlock', text: list(model.warnings, MAX_FINDINGS), wrap: true },
    );
  }
  if (model.sources.length) {
    body.push(
      { type: 'TextBlock', text: strings.admin.readinessSources, weight: 'bolder', spacing: 'medium' },
      {
        type: 'FactSet',
        facts: model.sources.slice(0, MAX_SOURCES).map((s) => ({
          title: markdownText(s.name === s.key ? s.key : `${s.name} (${s.key})`),
          value: `${s.covered ? strings.admin.covered : strings.admin.notCovered}${s.detail ? `: ${markdownText(s.detail)}` : ''}`,
        })),
      },
    );
    if (model.sources.length > MAX_SOURCES)
      body.push({
        type: 'TextBlock',
        text: strings.admin.readinessMore(model.sources.length - MAX_SOURCES),
        isSubtle: true,
        wrap: true,
      });
  }
  if (model.plan.length) {
    body.push({ type: 'TextBlock', text: strings.admin.readinessPlan, weight: 'bolder', spacing: 'medium' });
    model.plan.slice(0, MAX_STEPS).forEach((step, i) => {
      const items: unknown[] = [
        { type: 'TextBlock', text: `${i + 1}. ${markdownText(step.title)}`, weight: 'bolder', wrap: true },
        { type: 'TextBlock', text: markdownText(step.detail), wrap: true, spacing: 'none' },
      ];
      if (step.warning)
        items.push({
          type: 'TextBlock',
          text: markdownText(step.warning),
          color: 'warning',
          wrap: true,
          spacing: 'none',
        });
      if (step.powershell)
        items.push({
          type: 'TextBlock',
          text: script(step.powershell),
          fontType: 'monospace',
          size: 'small',
          wrap: true,
        });
      body.push({ type: 'Container', items, spacing: 'small' });
    });
    if (model.plan.length > MAX_STEPS)
      body.push({
        type: 'TextBlock',
        text: strings.admin.readinessMore(model.plan.length - MAX_STEPS),
        isSubtle: true,
        wrap: true,
      });
  }
  if (model.rollback.length) {
    body.push(
      { type: 'TextBlock', text: strings.admin.readinessRollback, weight: 'bolder', spacing: 'medium' },
      ...model.rollback.flatMap((step) => [
        { type: 'TextBlock', text: markdownText(step.title), wrap: true, size: 'small' },
        ...(step.powershell
          ? [
              {
                type: 'TextBlock',
                text: script(step.powershell),
                fontType: 'monospace',
                size: 'small',
                wrap: true,
                spacing: 'none',
              },
            ]
          : []),
      ]),
    );
  }
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
  };
  if (options.downloads) {
    card.actions = [
      { type: 'Action.OpenUrl', title: strings.admin.readinessDownloadMd, url: options.downloads.md },
      { type: 'Action.OpenUrl', title: strings.admin.readinessDownloadCsv, url: options.downloads.csv },
    ];
  }
  return card;
}
