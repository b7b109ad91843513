import { incidentCard } from '../cards/incident-card.js';
import { securityCard } from '../cards/security-card.js';
import type { AdaptiveCard } from '../cards/card-types.js';
import type { ReportStore } from '../reports/report-store.js';
import type { Report } from '../reports/report-types.js';
import { DeliveryError, type AlertSink } from './alert-sink.js';

/** Posts a card to the security channel; implemented by the channel adapter (proactive message). */
export interface SecurityChannel {
  /** Undefined when no conversation reference for the channel is stored yet (the bot was never added there). */
  post(card: AdaptiveCard): Promise<{ conversationId: string; activityId: string } | undefined>;
}

/** Where the post of an incident's card is remembered, so its buttons can replace it and a retry does not repeat it. */
export interface IncidentMessages {
  setSecurityMessage(incidentId: string, conversationId: string, activityId: string): Promise<void>;
}

export function securityChannelSink(
  channel: SecurityChannel,
  reports: ReportStore,
  incidents: IncidentMessages,
): AlertSink {
  return {
    kind: 'teams-channel',
    async deliver(report: Report): Promise<void> {
      if (report.securityMessage) return; // posted before a crash lost the outbox acknowledgement
      const posted = await channel.post(securityCard(report));
      if (!posted) throw new DeliveryError('the bot has not been added to the security channel yet');
      await reports.setSecurityMessage(report.id, posted.conversationId, posted.activityId);
    },
    async deliverIncident({ incident }): Promise<void> {
      if (incident.securityMessage) return;
      const posted = await channel.post(incidentCard(incident));
      if (!posted) throw new DeliveryError('the bot has not been added to the security channel yet');
      await incidents.setSecurityMessage(incident.id, posted.conversationId, posted.activityId);
    },
  };
}
