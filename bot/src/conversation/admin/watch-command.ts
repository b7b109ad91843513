import { emptyAggregate } from '../../admin/inventory/source-aggregate.js';
import type { InventoryStore } from '../../admin/inventory/inventory-store.js';
import { sourceKeyFor } from '../../admin/inventory/source-key.js';
import { INCIDENT_VERBS, incidentCard } from '../../cards/incident-card.js';
import { shortId } from '../../cards/verdict-card.js';
import type { Logger } from '../../log/logger.js';
import type { ReportStatus } from '../../reports/report-types.js';
import { strings } from '../../strings.js';
import type { Incident } from '../../watch/incident-types.js';
import type { WatchStatus } from '../../watch/watch-service.js';
import type { WatchStore } from '../../watch/watch-store.js';
import type { AdminCardAction, AdminCommand } from '../bot-types.js';

export interface WatchCommandDeps {
  store: WatchStore;
  /** Undefined when the watcher is off in this server. */
  status(): WatchStatus | undefined;
  inventory: InventoryStore;
  onKnownSendersChanged(): void;
  /** Removes the warning category from the incident's messages (WATCH_TAG); answers how many. */
  untag?(incident: Incident): Promise<number>;
  logger: Logger;
  clock?: () => number;
}

const STATUS_BY_VERB: Record<string, ReportStatus> = {
  [INCIDENT_VERBS.confirm]: 'confirmed-spoof',
  [INCIDENT_VERBS.falsePositive]: 'false-positive',
  [INCIDENT_VERBS.resolve]: 'resolved',
};

/** A link that opens the incident's card in the security channel. */
export function cardLink(incident: Incident): string | undefined {
  const message = incident.securityMessage;
  if (!message) return undefined;
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(message.conversationId)}/${encodeURIComponent(message.activityId)}`;
}

const time = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `watch` (running or not, last poll per source, today's incidents with links to their cards) and the card's buttons. */
export function watchCommands(deps: WatchCommandDeps): {
  command: AdminCommand;
  cardActions: Map<string, AdminCardAction>;
} {
  const command: AdminCommand = async () => {
    const status = deps.status();
    if (!status) return [{ text: strings.watch.off }];
    const now = (deps.clock ?? Date.now)();
    const midnight = now - (now % 86_400_000);
    const states = new Map((await deps.store.states()).map((s) => [s.source, s]));
    const incidents = await deps.store.listIncidents({ since: midnight, limit: 20 });
    const total = await deps.store.countIncidents(midnight);
    const lines = [
      strings.watch.status({
        running: status.enabled,
        leader: status.leader,
        sources: status.sources,
        intervalS: Math.round(status.intervalMs / 1000),
      }),
      ...status.sources.map((source) => {
        const state = states.get(source);
        return strings.watch.lastPoll(
          source,
          time(state?.lastPollAt),
          !state?.lastError,
          state?.lastEvents ?? 0,
          state?.lastError,
        );
      }),
      '',
      strings.watch.incidentsToday(total),
      ...incidents.map((incident) => {
        const link = cardLink(incident);
        return strings.watch.incidentLine({
          id: shortId(incident.id),
          verdict: incident.verdict.verdict,
          sender: incident.sender,
          source: incident.sourceKey,
          messages: incident.messages,
          recipients: incident.recipients,
          ...(link ? { link } : {}),
        });
      }),
    ];
    return [{ text: lines.join('\n') }];
  };

  const cardActions = new Map<string, AdminCardAction>();
  for (const [verb, status] of Object.entries(STATUS_BY_VERB)) {
    cardActions.set(verb, async (data, { user }) => {
      const id = typeof data.incidentId === 'string' ? data.incidentId : '';
      if (!(await deps.store.getIncident(id))) return { message: strings.watch.incidentNotFound };
      const updated = (await deps.store.setStatus(id, status, user.name ?? user.id))!;
      deps.logger.info('watch.incident-status', { incidentId: id, status });
      let note: string | undefined;
      if (status === 'false-positive' && deps.untag) note = strings.watch.tagsRemoved(await deps.untag(updated));
      return { card: incidentCard(updated, note) };
    });
  }
  cardActions.set(INCIDENT_VERBS.approveSource, async (data, { user }) => {
    const id = typeof data.incidentId === 'string' ? data.incidentId : '';
    const incident = await deps.store.getIncident(id);
    if (!incident) return { message: strings.watch.incidentNotFound };
    const source = sourceKeyFor(incident.verdict.facts.connectingIp);
    if (!source.ip) return { message: strings.watch.sourceMissing };
    const known = await deps.inventory.getSource(source.key);
    if (!known?.verified) {
      // The watcher saw it in Defender or message trace (evidence no user wrote), so the inventory learns it as verified:
      // the member IP and the message count, not the sender addresses (they may be forged).
      const origin = incident.origin === 'trace' ? 'graph-trace' : 'defender';
      const seen = { ...emptyAggregate(source.key, source.ipVersion), ips: [source.ip], messages: incident.messages };
      await deps.inventory.upsertSources([{ ...seen, origins: { [origin]: incident.messages } }]);
    }
    await deps.inventory.recordAction({
      sourceKey: source.key,
      action: 'approve',
      actor: user.name ?? user.id,
      at: Date.now(),
      name: `${incident.sender || source.ip} (${source.key})`,
    });
    deps.onKnownSendersChanged();
    deps.logger.info('watch.source-approved', { incidentId: id, source: source.key });
    return { card: incidentCard(incident, strings.watch.sourceApproved(source.key)) };
  });
  return { command, cardActions };
}
