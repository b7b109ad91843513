import type { TraceRow } from '../trace/trace-row.js';
import { normalizeAddress } from '../trace/trace-row.js';
import {
  RateLimiter,
  callJson,
  nextPageUrl,
  type ApiClientOptions,
  type FetchLike,
  type TokenProvider,
} from './api-client.js';
import { strings } from '../strings.js';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const DAY_MS = 86_400_000;
export const TRACE_WINDOW_DAYS = 10;
export const TRACE_HISTORY_DAYS = 90;

export interface GraphMessageTrace {
  id: string;
  senderAddress?: string;
  recipientAddress?: string;
  messageId?: string;
  receivedDateTime?: string;
  subject?: string;
  size?: number;
  fromIP?: string;
  toIP?: string;
  status?: string;
}

export interface GraphTraceOptions {
  tokens: TokenProvider;
  baseUrl?: string;
  fetch?: FetchLike;
  /** Shared across calls: Graph allows 100 message trace requests per 5 minutes. */
  limiter?: RateLimiter;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
  /** Page size, at most 5000. */
  top?: number;
}

export class TraceWindowError extends Error {}

/** Splits [start, end] into windows of at most 10 days; refuses anything older than 90 days. */
export function traceWindows(start: Date, end: Date, now: number): { start: Date; end: Date }[] {
  if (!(start.getTime() < end.getTime())) throw new TraceWindowError(strings.traceWindowReversed);
  if (start.getTime() < now - TRACE_HISTORY_DAYS * DAY_MS) {
    throw new TraceWindowError(strings.traceWindowTooOld(TRACE_HISTORY_DAYS, start.toISOString()));
  }
  const windows: { start: Date; end: Date }[] = [];
  for (let from = start.getTime(); from < end.getTime(); from += TRACE_WINDOW_DAYS * DAY_MS) {
    windows.push({ start: new Date(from), end: new Date(Math.min(end.getTime(), from + TRACE_WINDOW_DAYS * DAY_MS)) });
  }
  return windows;
}

const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Pulls message traces from Graph v1.0 (`/admin/exchange/tracing/messageTraces`), window by window, with
 * both date bounds in every filter (one bound alone silently returns only the last 48 hours), following
 * `@odata.nextLink`, within the 100-requests-per-5-minutes budget and honoring 429 Retry-After.
 */
export async function* graphMessageTraces(
  options: GraphTraceOptions,
  start: Date,
  end: Date,
): AsyncGenerator<GraphMessageTrace> {
  const base = (options.baseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/$/, '');
  const api: ApiClientOptions = {
    service: 'Graph message trace',
    scope: GRAPH_SCOPE,
    tokens: options.tokens,
    limiter: options.limiter ?? new RateLimiter(100, 5 * 60_000, options.clock),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  const top = Math.min(5000, Math.max(1, options.top ?? 5000));
  for (const window of traceWindows(start, end, (options.clock ?? Date.now)())) {
    const filter = `receivedDateTime ge ${iso(window.start)} and receivedDateTime le ${iso(window.end)}`;
    let url: string | undefined =
      `${base}/admin/exchange/tracing/messageTraces?$filter=${encodeURIComponent(filter)}&$top=${top}`;
    while (url) {
      const page = (await callJson(api, url, { method: 'GET' })) as {
        value?: GraphMessageTrace[];
        '@odata.nextLink'?: string;
      };
      for (const trace of page.value ?? []) yield trace;
      url = nextPageUrl(api.service, base, page['@odata.nextLink']);
    }
  }
}

/** Message trace has no connector or authentication fields: rows are candidates, keyed by the sending IP. */
export function rowFromGraphTrace(trace: GraphMessageTrace): TraceRow {
  const recipient = normalizeAddress(trace.recipientAddress);
  const row: TraceRow = { origin: 'graph-trace', recipients: recipient ? [recipient] : [] };
  const received = trace.receivedDateTime ? Date.parse(trace.receivedDateTime) : NaN;
  if (!Number.isNaN(received)) row.receivedAt = received;
  const sender = normalizeAddress(trace.senderAddress);
  if (sender) row.senderAddress = sender;
  if (trace.subject) row.subject = trace.subject;
  if (trace.fromIP) row.clientIp = trace.fromIP;
  return row;
}
