import { incidentCard } from '../cards/incident-card.js';
import { securityCard } from '../cards/security-card.js';
import type { AdaptiveCard } from '../cards/card-types.js';
import type { Logger } from '../log/logger.js';
import type { ReportStore } from '../reports/report-store.js';
import type { Report } from '../reports/report-types.js';
import type { Incident } from '../watch/incident-types.js';
import { DeliveryError, type AlertSink } from './alert-sink.js';

/** A card the bot posted: the conversation and the activity id the channel gave it. */
export interface PostedMessage {
  conversationId: string;
  activityId: string;
}

/** Posts and replaces cards in the security channel; implemented by the channel adapter (proactive messages). */
export interface SecurityChannel {
  /** Undefined when no conversation reference for the channel is stored yet (the bot was never added there). */
  post(card: AdaptiveCard): Promise<PostedMessage | undefined>;
  /**
   * Replaces a posted card for everyone. "missing" when the channel no longer has the message (someone deleted it);
   * undefined when no conversation reference is stored. Throws when the channel did not accept (retried later).
   */
  update(message: PostedMessage, card: AdaptiveCard): Promise<'updated' | 'missing' | undefined>;
}

/** Where the post of an incident's card is remembered, so its buttons can replace it and a retry does not repeat it. */
export interface IncidentMessages {
  setSecurityMessage(incidentId: string, conversationId: string, activityId: string): Promise<void>;
  getIncident(incidentId: string): Promise<Incident | undefined>;
}

const NOT_IN_CHANNEL = 'the bot has not been added to the security channel yet';
/** Replacements of one card in one delivery before it gives up (and the outbox retries) on a still-changing incident. */
const MAX_CARD_WRITES = 3;

export function securityChannelSink(
  channel: SecurityChannel,
  reports: ReportStore,
  incidents: IncidentMessages,
  logger?: Logger,
): AlertSink {
  /**
   * Makes the incident's card show the incident as it stands. `shown` is the card the channel has, if known. After
   * each write the incident is read again: a poll or a triage button that changed it meanwhile (whose own write may
   * have landed before this one) gets its state written too, so the last write always carries the newest state.
   */
  const settle = async (first: Incident | undefined, shown: string | undefined): Promise<void> => {
    let incident = first;
    for (let writes = 0; incident?.securityMessage; writes += 1) {
      const card = incidentCard(incident);
      const text = JSON.stringify(card);
      if (text === shown) return;
      if (writes === MAX_CARD_WRITES) throw new DeliveryError('the incident kept changing while its card was replaced');
      const result = await channel.update(incident.securityMessage, card);
      if (result === undefined) throw new DeliveryError(NOT_IN_CHANNEL);
      if (result === 'missing') {
        // Deleted in the channel: someone removed it on purpose, so it is not posted again.
        logger?.warn('watch.card-missing', { incidentId: incident.id });
        return;
      }
      shown = text;
      incident = await incidents.getIncident(incident.id);
    }
  };

  return {
    kind: 'teams-channel',
    async deliver(report: Report): Promise<void> {
      if (report.securityMessage) return; // posted before a crash lost the outbox acknowledgement
      const posted = await channel.post(securityCard(report));
      if (!posted) throw new DeliveryError(NOT_IN_CHANNEL);
      await reports.setSecurityMessage(report.id, posted.conversationId, posted.activityId);
    },
    async deliverIncident({ incident }): Promise<void> {
      // Posted before a crash lost the outbox acknowledgement: the card may show older counts.
      if (incident.securityMessage) return settle(incident, undefined);
      const card = incidentCard(incident);
      const posted = await channel.post(card);
      if (!posted) throw new DeliveryError(NOT_IN_CHANNEL);
      await incidents.setSecurityMessage(incident.id, posted.conversationId, posted.activityId);
      await settle(await incidents.getIncident(incident.id), JSON.stringify(card));
    },
    async deliverIncidentUpdate({ incident }): Promise<void> {
      // Not posted yet (the bot is not in the channel, or the post is queued): the post will show the current counts.
      if (!incident.securityMessage) return;
      await settle(incident, undefined);
    },
  };
}
