import type { Incident } from '../watch/incident-types.js';

/** What a `watch.incident` alert carries: the incident and its messages' NetworkMessageIds. */
export interface IncidentAlert {
  incident: Incident;
  networkMessageIds: string[];
}

/** Loads what an outbox item names (`{ incidentId }`) at delivery time. */
export interface IncidentAlertSource {
  alertFor(incidentId: string): Promise<IncidentAlert | undefined>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The fields SIEMs get for a watcher incident, aligned with ASIM Email like a report's (DOMAIN.md section 7). */
export function incidentAlertRecord(alert: IncidentAlert): Record<string, unknown> {
  const { incident } = alert;
  const f = incident.verdict.facts;
  return {
    TimeGenerated: iso(incident.createdAt),
    EventType: 'watch.incident',
    IncidentId: incident.id,
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
