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

export function securityChannelSink(channel: SecurityChannel, reports: ReportStore): AlertSink {
  return {
    kind: 'teams-channel',
    async deliver(report: Report): Promise<void> {
      if (report.securityMessage) return; // posted before a crash lost the outbox acknowledgement
      const posted = await channel.post(securityCard(report));
      if (!posted) throw new DeliveryError('the bot has not been added to the security channel yet');
      await reports.setSecurityMessage(report.id, posted.conversationId, posted.activityId);
    },
  };
}
