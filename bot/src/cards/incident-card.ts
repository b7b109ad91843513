import type { Incident } from '../watch/incident-types.js';
import { strings } from '../strings.js';
import type { AdaptiveCard } from './card-types.js';
import { executeAction } from './execute-action.js';
import { shortId, verdictCard } from './verdict-card.js';

/** Buttons of the incident card; the bot checks the caller is an admin, then replaces the card for everyone. */
export const INCIDENT_VERBS = {
  confirm: 'dsg.incident.confirm',
  falsePositive: 'dsg.incident.falsePositive',
  resolve: 'dsg.incident.resolve',
  approveSource: 'dsg.incident.approveSource',
} as const;

const when = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');

/** The card posted to the security channel for a new watcher incident; rebuilt whenever its status changes. */
export function incidentCard(incident: Incident, note?: string): AdaptiveCard {
  const card = verdictCard(incident.verdict, incident.subject ? { subject: incident.subject } : {});
  card.body.unshift(
    { type: 'TextBlock', text: strings.watch.cardTitle(shortId(incident.id)), weight: 'bolder', wrap: true },
    { type: 'TextBlock', text: strings.watch.cardIntro(incident.origin), isSubtle: true, spacing: 'none', wrap: true },
    {
      type: 'TextBlock',
      text: strings.securityStatus(strings.reportStatus[incident.status] ?? incident.status, incident.statusBy),
      spacing: 'none',
      wrap: true,
      weight: incident.status === 'new' ? 'default' : 'bolder',
    },
    {
      type: 'FactSet',
      facts: [
        { title: strings.watch.factSender, value: incident.sender || '-' },
        { title: strings.watch.factSourceRange, value: incident.sourceKey },
        { title: strings.watch.factMessages, value: String(incident.messages) },
        { title: strings.watch.factRecipients, value: String(incident.recipients) },
        { title: strings.watch.factFirstSeen, value: when(incident.firstSeen) },
        { title: strings.watch.factLastSeen, value: when(incident.lastSeen) },
      ],
    },
  );
  if (note) card.body.push({ type: 'TextBlock', text: note, wrap: true, color: 'good' });
  const data = { incidentId: incident.id };
  const actions: unknown[] = [];
  if (incident.status !== 'confirmed-spoof')
    actions.push(executeAction(strings.securityConfirm, INCIDENT_VERBS.confirm, data, 'destructive'));
  if (incident.status !== 'false-positive')
    actions.push(executeAction(strings.securityFalsePositive, INCIDENT_VERBS.falsePositive, data));
  if (incident.status !== 'resolved')
    actions.push(executeAction(strings.securityResolve, INCIDENT_VERBS.resolve, data, 'positive'));
  if (incident.verdict.facts.connectingIp)
    actions.push(executeAction(strings.watch.approveSource, INCIDENT_VERBS.approveSource, data));
  card.actions = [...actions, ...(card.actions ?? [])];
  return card;
}
