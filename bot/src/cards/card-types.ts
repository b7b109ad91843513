/** An Adaptive Card as plain JSON (schema 1.5). */
export type AdaptiveCard = {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [k: string]: unknown;
};

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Verbs of the card buttons; Action.Submit fallbacks carry the same verb in their data. */
export const VERBS = {
  report: 'dsg.report',
  confirm: 'dsg.confirm',
  falsePositive: 'dsg.falsePositive',
  resolve: 'dsg.resolve',
  addKnownSender: 'dsg.addKnownSender',
  sourceApprove: 'dsg.source.approve',
  sourceMigrate: 'dsg.source.migrate',
  sourceMalicious: 'dsg.source.malicious',
  sourceRetire: 'dsg.source.retire',
} as const;
export type Verb = (typeof VERBS)[keyof typeof VERBS];
