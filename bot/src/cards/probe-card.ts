import type { ProbeResult, SmtpReply } from '../admin/probe/smtp-probe.js';
import { strings } from '../strings.js';
import type { AdaptiveCard } from './card-types.js';
import { markdownText } from './markdown-text.js';
import { executeAction } from './execute-action.js';

/** Buttons of the probe cards; Action.Submit fallbacks carry the same verb in their data. */
export const PROBE_VERBS = { run: 'dsg.probe.run', cancel: 'dsg.probe.cancel' } as const;

export interface ProbePlan {
  host: string;
  port: number;
  heloName: string;
  mailFrom: string;
  mailbox: string;
}

const card = (body: unknown[], actions?: unknown[]): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  ...(actions ? { actions } : {}),
});

const replyText = (reply: SmtpReply): string => `${reply.code} ${reply.text.split('\n').join(' / ')}`.slice(0, 300);

/** What the probe will do, step by step, with the button that runs it and one that cancels. */
export function probeConfirmCard(plan: ProbePlan): AdaptiveCard {
  return card(
    [
      {
        type: 'TextBlock',
        text: strings.probe.confirmTitle,
        weight: 'bolder',
        size: 'medium',
        style: 'heading',
        wrap: true,
      },
      { type: 'TextBlock', text: strings.probe.confirmIntro, wrap: true },
      {
        type: 'TextBlock',
        text: strings.probe.confirmSteps(plan).map(markdownText).join('\n\n'),
        wrap: true,
        fontType: 'monospace',
      },
      { type: 'TextBlock', text: strings.probe.confirmNever, wrap: true, weight: 'bolder' },
      { type: 'TextBlock', text: strings.probe.confirmPrimary, wrap: true, isSubtle: true, size: 'small' },
    ],
    [
      executeAction(strings.probe.runButton, PROBE_VERBS.run, { mailbox: plan.mailbox }, 'positive'),
      executeAction(strings.probe.cancelButton, PROBE_VERBS.cancel, { mailbox: plan.mailbox }),
    ],
  );
}

const outcomeColor: Record<string, string> = { enforced: 'good', open: 'attention', 'lockdown-connector': 'warning' };

/** The probe's answer, what it means (DOMAIN.md §5), and the SMTP conversation it rests on. */
export function probeResultCard(result: ProbeResult, plan: ProbePlan, runBy: string, at: number): AdaptiveCard {
  const facts = [
    { title: strings.probe.factHost, value: markdownText(`${plan.host}:${plan.port}`) },
    { title: strings.probe.factMailFrom, value: markdownText(plan.mailFrom) },
    { title: strings.probe.factRcptTo, value: markdownText(plan.mailbox) },
    ...(result.reply ? [{ title: strings.probe.factReply, value: markdownText(replyText(result.reply)) }] : []),
    {
      title: strings.probe.factRunBy,
      value: `${markdownText(runBy)}, ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    },
  ];
  const transcript = result.transcript
    .map((t) => (t.sent ? `> ${t.sent}` : t.reply ? `< ${replyText(t.reply)}` : ''))
    .filter(Boolean);
  return card([
    {
      type: 'TextBlock',
      text: strings.probe.resultTitle[result.outcome] ?? result.outcome,
      weight: 'bolder',
      size: 'medium',
      style: 'heading',
      color: outcomeColor[result.outcome] ?? 'warning',
      wrap: true,
    },
    { type: 'TextBlock', text: strings.probe.resultMeaning[result.outcome] ?? markdownText(result.detail), wrap: true },
    { type: 'FactSet', facts },
    ...(transcript.length
      ? [
          { type: 'TextBlock', text: strings.probe.transcriptTitle, weight: 'bolder', wrap: true, spacing: 'medium' },
          {
            type: 'TextBlock',
            text: transcript.map(markdownText).join('\n\n'),
            wrap: true,
            fontType: 'monospace',
            size: 'small',
          },
        ]
      : []),
    { type: 'TextBlock', text: strings.probe.confirmPrimary, wrap: true, isSubtle: true, size: 'small' },
  ]);
}

/** The confirmation card after Cancel: nothing left to press. */
export function probeCancelledCard(by: string): AdaptiveCard {
  return card([{ type: 'TextBlock', text: strings.probe.canceled(markdownText(by)), wrap: true }]);
}
