import type { InventorySource, SourceStatus } from '../admin/inventory/inventory-store.js';
import { strings as adminStrings } from '../admin/strings.js';
import { strings } from '../strings.js';
import { VERBS, type AdaptiveCard } from './card-types.js';
import { markdownText } from './markdown-text.js';
import { executeAction } from './execute-action.js';

const categoryColor: Record<string, string> = {
  'attack-like': 'attention',
  suspicious: 'warning',
  device: 'default',
  application: 'default',
  'saas-sender': 'default',
};
const MAX_EVIDENCE = 4;
const MAX_SENDERS_SHOWN = 3;

const day = (ms: number | undefined): string => (ms === undefined ? '?' : new Date(ms).toISOString().slice(0, 10));

/** The buttons for a source, except the one for the status it already has (and Approve while it is unverified). */
function sourceActions(source: InventorySource, data: Record<string, unknown>): unknown[] {
  const buttons: [SourceStatus, string, string, ('positive' | 'destructive')?][] = [
    ['approved', strings.admin.buttonApprove, VERBS.sourceApprove, 'positive'],
    ['to-migrate', strings.admin.buttonMigrate, VERBS.sourceMigrate],
    ['malicious', strings.admin.buttonMalicious, VERBS.sourceMalicious, 'destructive'],
    ['retired', strings.admin.buttonRetire, VERBS.sourceRetire],
  ];
  return buttons
    .filter(([status]) => status !== source.status && (status !== 'approved' || source.verified))
    .map(([, title, verb, style]) => executeAction(title, verb, { ...data, sourceKey: source.key }, style));
}

/** One source: name, category and status, the figures, the evidence for the category; buttons when `actionData` is given. */
export function sourceContainer(
  source: InventorySource,
  actionData?: Record<string, unknown>,
): Record<string, unknown> {
  const senders = Object.entries(source.senders)
    .sort((a, b) => b[1] - a[1])
    .map(([address]) => address);
  const extraSenders = senders.length - MAX_SENDERS_SHOWN + (source.otherSenderMessages > 0 ? 1 : 0);
  const facts: { title: string; value: string }[] = [
    {
      title: strings.admin.factMessages,
      value: strings.admin.messagesToRecipients(source.messages, source.recipients),
    },
    { title: strings.admin.factSeen, value: strings.admin.seenRange(day(source.firstSeen), day(source.lastSeen)) },
  ];
  if (senders.length) {
    const shown = markdownText(senders.slice(0, MAX_SENDERS_SHOWN).join(', '));
    facts.push({ title: strings.admin.factSenders, value: `${shown}${extraSenders > 0 ? ` +${extraSenders}` : ''}` });
  }
  if (source.ips.length && source.ips.length <= 4)
    facts.push({ title: strings.admin.factIps, value: markdownText(source.ips.join(', ')) });
  if (source.helos.length)
    facts.push({ title: strings.admin.factHelo, value: markdownText(source.helos.slice(0, 3).join(', ')) });
  if (!source.verified) facts.push({ title: adminStrings.unverifiedLabel, value: adminStrings.unverifiedDetail });
  const items: unknown[] = [
    {
      type: 'TextBlock',
      text: markdownText(source.name && source.name !== source.key ? `${source.name} (${source.key})` : source.key),
      weight: 'bolder',
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: `${source.verified ? '' : `${adminStrings.unverifiedLabel} · `}${strings.admin.categoryLabel[source.category] ?? source.category} · ${strings.admin.statusBy(strings.admin.statusLabel[source.status] ?? source.status, source.statusBy && markdownText(source.statusBy), source.statusAt)}`,
      color: source.verified ? (categoryColor[source.category] ?? 'default') : 'warning',
      spacing: 'none',
      wrap: true,
    },
    { type: 'FactSet', facts },
  ];
  if (source.evidence.length) {
    items.push({
      type: 'TextBlock',
      text: `${strings.admin.evidenceTitle}:\n${source.evidence
        .slice(0, MAX_EVIDENCE)
        .map((e) => `- ${markdownText(e.detail)}`)
        .join('\n')}`,
      wrap: true,
      size: 'small',
      isSubtle: true,
    });
  }
  if (actionData) items.push({ type: 'ActionSet', actions: sourceActions(source, actionData) });
  return { type: 'Container', separator: true, spacing: 'medium', items };
}

export interface InventoryCardOptions {
  /** More sources match than are shown. */
  more: boolean;
  /** The filter text shown in the title. */
  filter: string;
  /** The list's arguments, kept in the buttons so that a press refreshes the same list. */
  args: string;
  /** A line on top, e.g. what the last button press did. */
  notice?: string;
}

/** The top sources, each with buttons to approve, mark to migrate, mark malicious or retire. */
export function inventoryCard(sources: readonly InventorySource[], options: InventoryCardOptions): AdaptiveCard {
  const body: unknown[] = [];
  if (options.notice) body.push({ type: 'TextBlock', text: markdownText(options.notice), color: 'good', wrap: true });
  body.push(
    {
      type: 'TextBlock',
      text: strings.admin.inventoryTitle(sources.length, options.more, options.filter),
      weight: 'bolder',
      size: 'medium',
      wrap: true,
      style: 'heading',
    },
    { type: 'TextBlock', text: strings.admin.inventoryHint, isSubtle: true, spacing: 'none', wrap: true },
  );
  for (const source of sources) body.push(sourceContainer(source, { list: options.args }));
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
}

/** One source after a typed decision (approve, retire, ...), with the buttons to change it again. */
export function sourceCard(source: InventorySource, notice: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: markdownText(notice), color: 'good', wrap: true },
      sourceContainer(source, { single: true }),
    ],
  };
}
