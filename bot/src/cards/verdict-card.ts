import * as ACData from 'adaptivecards-templating';
import type { Verdict } from '../classifier.js';
import { strings } from '../strings.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, VERBS, type AdaptiveCard } from './card-types.js';
import { markdownText } from './markdown-text.js';
import { executeAction } from './execute-action.js';

export { ADAPTIVE_CARD_CONTENT_TYPE };

const colorOf: Record<Verdict['verdict'], string> = {
  spoof: 'attention',
  suspicious: 'warning',
  'direct-send': 'accent',
  internal: 'good',
  connector: 'good',
  external: 'default',
  unknown: 'default',
};
const severityColor: Record<string, string> = { high: 'attention', medium: 'warning', low: 'default', info: 'default' };
const FACT_KEYS = [
  'fromAddress',
  'mailFromDomain',
  'connectingIp',
  'helo',
  'authAs',
  'directionality',
  'spf',
  'dkim',
  'dmarc',
  'compauth',
  'compauthReason',
  'networkMessageId',
] as const;
const MAX_EVIDENCE_CHARS = 400;

const template = new ACData.Template({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    {
      type: 'TextBlock',
      text: '${title}',
      weight: 'bolder',
      size: 'large',
      color: '${color}',
      wrap: true,
      style: 'heading',
    },
    { type: 'TextBlock', text: '${scoreLabel}', spacing: 'none', isSubtle: true, wrap: true },
    { type: 'TextBlock', text: '${advice}', wrap: true },
    { type: 'TextBlock', text: '${subjectLine}', wrap: true, isSubtle: true, $when: '${subjectLine != null}' },
    { type: 'TextBlock', text: '${reasonsTitle}', weight: 'bolder', spacing: 'medium', $when: '${count(reasons) > 0}' },
    {
      type: 'Container',
      $data: '${reasons}',
      items: [
        { type: 'TextBlock', text: '${summary}', wrap: true, color: '${color}' },
        {
          type: 'TextBlock',
          text: '${evidence}',
          wrap: true,
          fontType: 'monospace',
          size: 'small',
          isSubtle: true,
          spacing: 'none',
          $when: '${evidence != null}',
        },
      ],
    },
    {
      type: 'Container',
      id: 'evidence',
      isVisible: false,
      $when: '${count(facts) > 0}',
      items: [
        { type: 'TextBlock', text: '${evidenceTitle}', weight: 'bolder' },
        { type: 'FactSet', facts: [{ $data: '${facts}', title: '${title}', value: '${value}' }] },
      ],
    },
  ],
  actions: [
    {
      type: 'Action.ToggleVisibility',
      title: '${evidenceTitle}',
      targetElements: ['evidence'],
      $when: '${count(facts) > 0}',
    },
  ],
});

export interface VerdictCardOptions {
  /** The stored check the "Report to security" button refers to; no button without it. */
  checkId?: string;
  subject?: string;
  /** Already reported: show that instead of the button. */
  reportedId?: string;
}

/** The verdict as an Adaptive Card; the bot's answer and the security channel both use it. */
export function verdictCard(verdict: Verdict, options: VerdictCardOptions = {}): AdaptiveCard {
  const data = {
    title: strings.verdictTitle[verdict.verdict],
    color: colorOf[verdict.verdict],
    scoreLabel: strings.scoreLabel(verdict.score),
    advice: strings.verdictAdvice[verdict.verdict],
    subjectLine: options.subject ? `Subject: ${markdownText(options.subject)}` : null,
    reasonsTitle: strings.reasonsTitle,
    evidenceTitle: strings.evidenceTitle,
    reasons: verdict.reasons.slice(0, 8).map((r) => ({
      summary: markdownText(r.summary),
      color: severityColor[r.severity] ?? 'default',
      evidence: r.evidence ? markdownText(truncate(r.evidence, MAX_EVIDENCE_CHARS)) : null,
    })),
    facts: FACT_KEYS.flatMap((key) => {
      const value = verdict.facts[key];
      return value === undefined || value === null || value === ''
        ? []
        : [{ title: strings.factLabels[key] ?? key, value: markdownText(String(value)) }];
    }),
  };
  const card = template.expand({ $root: data }) as AdaptiveCard;
  const actions = [...(card.actions ?? [])];
  if (options.reportedId) {
    card.body.push({
      type: 'TextBlock',
      text: strings.reportFiled(shortId(options.reportedId)),
      wrap: true,
      color: 'good',
    });
  } else if (options.checkId) {
    actions.unshift(
      executeAction(
        strings.reportButton,
        VERBS.report,
        { checkId: options.checkId },
        verdict.verdict === 'spoof' ? 'destructive' : undefined,
      ),
    );
  }
  card.actions = actions;
  return card;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export const cardAttachment = (card: AdaptiveCard): { contentType: string; content: AdaptiveCard } => ({
  contentType: ADAPTIVE_CARD_CONTENT_TYPE,
  content: card,
});
