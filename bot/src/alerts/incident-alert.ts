import type { Incident } from '../watch/incident-types.js';

/** What a `watch.incident` (or `watch.incident.updated`) alert carries: the incident and its messages' NetworkMessageIds. */
export interface IncidentAlert {
  incident: Incident;
  networkMessageIds: string[];
}

/** Loads what an outbox item names (`{ incidentId }`, an update `{ incidentId, revision }`) at delivery time. */
export interface IncidentAlertSource extends IncidentRevisions {
  alertFor(incidentId: string): Promise<IncidentAlert | undefined>;
}

/** The incident revision each destination (outbox kind) last got: updates it already has are not sent again. */
export interface IncidentRevisions {
  deliveredRevision(incidentId: string, kind: string): Promise<number | undefined>;
  setDeliveredRevision(incidentId: string, kind: string, revision: number): Promise<void>;
}

/** The SIEM event of a new incident, and of one that grew (at most one per incident per poll). */
export type IncidentEvent = 'watch.incident' | 'watch.incident.updated';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The fields SIEMs get for a watcher incident, aligned with ASIM Email like a report's (DOMAIN.md section 7). An update
 * carries the same fields as they stand now; `Revision` orders the records of one incident (keep the highest).
 */
export function incidentAlertRecord(
  alert: IncidentAlert,
  event: IncidentEvent = 'watch.incident',
): Record<string, unknown> {
  const { incident } = alert;
  const f = incident.verdict.facts;
  return {
    TimeGenerated: iso(event === 'watch.incident' ? incident.createdAt : incident.updatedAt),
    EventType: event,
    IncidentId: incident.id,
    Revision: incident.revision,
    IncidentStatus: incident.status,
    IncidentSource: incident.origin,
    Verdict: incident.verdict.verdict,
    Score: incident.verdict.score,
    SourceRange: incident.sourceKey,
    SrcIpAddr: f.connectingIp ?? null,
    SenderFromAddress: f.fromAddress ?? incident.sender ?? null,
    SenderFromDomain: f.fromDomain ?? null,
    SenderMailFromDomain: f.mailFromDomain ?? null,
    Subject: incident.subject ?? null,
    Messages: incident.messages,
    Recipients: incident.recipients,
    FirstSeen: iso(incident.firstSeen),
    LastSeen: iso(incident.lastSeen),
    NetworkMessageIds: alert.networkMessageIds,
    Spf: f.spf ?? null,
    Dkim: f.dkim ?? null,
    Dmarc: f.dmarc ?? null,
    CompAuth: f.compauth ?? null,
    Reasons: incident.verdict.reasons.map((r) => r.id),
    ThreatTechniques: ['T1566', 'T1672'],
  };
}
