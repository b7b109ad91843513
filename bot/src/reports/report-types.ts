import type { Verdict } from '../classifier.js';

export const REPORT_STATUSES = ['new', 'confirmed-spoof', 'false-positive', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_SOURCES = ['addin', 'addin-spam-report', 'teams', 'api'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

export interface Reporter {
  /** Entra object id when known, else the channel's user id. */
  id: string;
  name?: string;
}

export interface NewReport {
  clientReportId: string;
  reporter: Reporter;
  source: ReportSource;
  headers: string;
  /** The server's own classification of `headers`. */
  verdict: Verdict;
  clientVerdict?: unknown;
  subject?: string;
  note?: string;
  emlBase64?: string;
}

export interface Report {
  id: string;
  clientReportId: string;
  reporterId: string;
  reporterName?: string;
  source: ReportSource;
  networkMessageId?: string;
  subject?: string;
  note?: string;
  headers: string;
  hasEml: boolean;
  verdict: Verdict;
  status: ReportStatus;
  statusBy?: string;
  createdAt: string;
  updatedAt: string;
  securityMessage?: { conversationId: string; activityId: string };
}

/** What lists and the API show: no headers, no message content. */
export type ReportSummary = Omit<Report, 'headers' | 'verdict'> & { verdict: Verdict['verdict']; score: number };

export interface FiledReport {
  report: Report;
  duplicate: boolean;
}
