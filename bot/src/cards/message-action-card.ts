import type { Verdict } from '../classifier.js';
import { strings } from '../strings.js';
import type { AdaptiveCard } from './card-types.js';
import { verdictCard } from './verdict-card.js';

/** The task module of the "Report to Direct Send Guard" message action: the verdict, a note field, a send button. */
export function messageActionCard(verdict: Verdict): AdaptiveCard {
  const card = verdictCard(verdict);
  card.body.unshift({ type: 'TextBlock', text: strings.messageActionIntro, wrap: true });
  card.body.push({
    type: 'Input.Text',
    id: 'note',
    label: strings.messageActionNoteLabel,
    isMultiline: true,
    maxLength: 1000,
  });
  card.actions = [
    { type: 'Action.Submit', title: strings.messageActionSubmit, data: { action: 'submit-report' } },
    ...(card.actions ?? []),
  ];
  return card;
}
