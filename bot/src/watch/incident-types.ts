import type { Verdict } from '../classifier.js';
import type { ReportStatus } from '../reports/report-types.js';

export const WATCH_SOURCES = ['defender', 'trace'] as const;
export type WatchSourceName = (typeof WATCH_SOURCES)[number];

/** Verdicts that raise an incident; everything else is only counted (and approved sources refresh the inventory). */
export const ALERTING_VERDICTS: readonly string[] = ['spoof', 'suspicious'];

/** Spoofs of the tenant's domains from one source range and one sender, close together in time: one campaign. */
export interface Incident {
  id: string;
  groupKey: string;
  /** The inventory source key of the sending IP: "203.0.113.0/24", an IPv6 /64, or "no-ip". */
  sourceKey: string;
  sender: string;
  origin: WatchSourceName;
  /** The judgement of the incident's first message. */
  verdict: Verdict;
  subject?: string;
  /** Distinct messages (NetworkMessageId). */
  messages: number;
  /** Distinct recipients over those messages. */
  recipients: number;
  firstSeen: number;
  lastSeen: number;
  status: ReportStatus;
  statusBy?: string;
  /** Grows by one each time a poll adds messages or recipients (0 = as first recorded); orders its updates. */
  revision: number;
  securityMessage?: { conversationId: string; activityId: string };
  createdAt: number;
  updatedAt: number;
}

export interface WatchState {
  source: WatchSourceName;
  /** The newest event time recorded (ms); the next poll starts an overlap before it. */
  watermark?: number;
  lastPollAt?: number;
  lastOkAt?: number;
  lastError?: string;
  /** Deliveries read by the last poll. */
  lastEvents: number;
  polledBy?: string;
}
