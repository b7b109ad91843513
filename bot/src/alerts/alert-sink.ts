import type { Report } from '../reports/report-types.js';
import type { IncidentAlert } from './incident-alert.js';

/**
 * One destination for alerts. `deliver` (a report), `deliverIncident` (a new watcher incident) and
 * `deliverIncidentUpdate` (an incident that grew, as it stands now) throw when it did not accept.
 */
export interface AlertSink {
  readonly kind: string;
  deliver(report: Report): Promise<void>;
  deliverIncident(alert: IncidentAlert): Promise<void>;
  deliverIncidentUpdate(alert: IncidentAlert): Promise<void>;
}

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

/** The fields SIEMs get, aligned with ASIM Email (DOMAIN.md section 7). */
export function alertRecord(report: Report): Record<string, unknown> {
  const f = report.verdict.facts;
  return {
    TimeGenerated: report.createdAt,
    ReportId: report.id,
    ReportStatus: report.status,
    ReportSource: report.source,
    Reporter: report.reporterId,
    ReporterName: report.reporterName ?? null,
    Verdict: report.verdict.verdict,
    Score: report.verdict.score,
    NetworkMessageId: report.networkMessageId ?? null,
    SenderFromAddress: f.fromAddress ?? null,
    SenderFromDomain: f.fromDomain ?? null,
    SenderMailFromDomain: f.mailFromDomain ?? null,
    RecipientEmailAddress: f.toAddresses?.[0] ?? null,
    SrcIpAddr: f.connectingIp ?? null,
    Subject: report.subject ?? null,
    Spf: f.spf ?? null,
    Dkim: f.dkim ?? null,
    Dmarc: f.dmarc ?? null,
    CompAuth: f.compauth ?? null,
    CompAuthReason: f.compauthReason ?? null,
    Reasons: report.verdict.reasons.map((r) => r.id),
    ThreatTechniques:
      report.verdict.verdict === 'spoof' || report.verdict.verdict === 'suspicious' ? ['T1566', 'T1672'] : [],
  };
}
