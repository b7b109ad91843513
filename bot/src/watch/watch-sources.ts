import { domainMatcher, domainOf } from '../admin/inventory/aggregator.js';
import { RateLimiter, type FetchLike, type TokenProvider } from '../admin/clients/api-client.js';
import { runHuntingQuery, watchHuntingQuery, type HuntingCursor } from '../admin/clients/defender-hunting.js';
import { TRACE_HISTORY_DAYS, graphMessageTraces } from '../admin/clients/graph-message-trace.js';
import type { WatchSourceName } from './incident-types.js';
import { deliveryFromHunting, deliveryFromTrace, type WatchedDelivery } from './mail-events.js';

/** What a source read in one request (or one page of a request). */
export interface WatchPage {
  deliveries: WatchedDelivery[];
  /** Rows the source returned that could not be used (no NetworkMessageId or time). */
  skipped: number;
}

/** A mail-flow log the watcher reads: every delivery from `since` to `until`, page by page, oldest first. */
export interface WatchSource {
  readonly name: WatchSourceName;
  pages(since: Date, until: Date): AsyncGenerator<WatchPage>;
}

export interface SourceClientOptions {
  tokens: TokenProvider;
  graphUrl: string;
  acceptedDomains: readonly string[];
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** Rows per request (Defender: `take`, at most 100,000; message trace: `$top`, at most 5000). */
  pageSize?: number;
}

const DAY_MS = 86_400_000;

/** ISO 8601 duration covering `since` to now, as runHuntingQuery's Timespan (at most the 30 days hunting keeps). */
export function huntingTimespan(since: Date, now: Date): string {
  const hours = Math.ceil((now.getTime() - since.getTime()) / 3_600_000) + 1;
  return hours >= 30 * 24 ? 'P30D' : `PT${Math.max(1, hours)}H`;
}

/**
 * Defender advanced hunting over `EmailEvents` (ThreatHunting.Read.All). One query returns at most `pageSize` rows in
 * a stable order; a full page is followed by the next, starting strictly after its last row.
 */
export function defenderSource(options: SourceClientOptions): WatchSource {
  const take = Math.min(100_000, Math.max(1, options.pageSize ?? 10_000));
  return {
    name: 'defender',
    async *pages(since, until) {
      let after: HuntingCursor | undefined;
      for (;;) {
        const query = watchHuntingQuery({
          acceptedDomains: options.acceptedDomains,
          since,
          take,
          ...(after ? { after } : {}),
        });
        const result = await runHuntingQuery(
          {
            tokens: options.tokens,
            baseUrl: options.graphUrl,
            ...(options.fetch ? { fetch: options.fetch } : {}),
            ...(options.sleep ? { sleep: options.sleep } : {}),
          },
          query,
          huntingTimespan(since, until),
        );
        const deliveries: WatchedDelivery[] = [];
        for (const row of result.results) {
          const delivery = deliveryFromHunting(row);
          if (delivery) deliveries.push(delivery);
        }
        const count = result.results.length;
        const last = result.results[count - 1];
        result.results = []; // only the deliveries stay alive while the page is judged
        yield { deliveries, skipped: count - deliveries.length };
        if (count < take || !last) return;
        const next: HuntingCursor = {
          timestamp: String(last.Timestamp ?? ''),
          networkMessageId: String(last.NetworkMessageId ?? ''),
          recipient: String(last.RecipientEmailAddress ?? ''),
        };
        if (
          after &&
          next.timestamp === after.timestamp &&
          next.networkMessageId === after.networkMessageId &&
          next.recipient === after.recipient
        ) {
          throw new Error('advanced hunting returned the same page twice; stopping this poll');
        }
        after = next;
      }
    },
  };
}

/**
 * Graph message trace (ExchangeMessageTrace.Read.All) for tenants without Defender: inbound mail whose envelope sender
 * is in an accepted domain, to a recipient in one. Candidates only: message trace has no authentication results.
 */
export function traceSource(options: SourceClientOptions): WatchSource {
  const accepted = domainMatcher(options.acceptedDomains);
  // One budget for every poll: Graph allows 100 message trace requests per 5 minutes.
  const limiter = new RateLimiter(100, 5 * 60_000);
  const pageSize = Math.min(5000, Math.max(1, options.pageSize ?? 5000));
  return {
    name: 'trace',
    async *pages(since, until) {
      // Graph refuses a start older than its 90 days by its own clock: stay a few minutes inside.
      const start = new Date(Math.max(since.getTime(), until.getTime() - TRACE_HISTORY_DAYS * DAY_MS + 5 * 60_000));
      const traces = graphMessageTraces(
        {
          tokens: options.tokens,
          baseUrl: options.graphUrl,
          limiter,
          top: pageSize,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          ...(options.sleep ? { sleep: options.sleep } : {}),
        },
        start,
        until,
      );
      let page: WatchPage = { deliveries: [], skipped: 0 };
      for await (const trace of traces) {
        const delivery = deliveryFromTrace(trace);
        if (!delivery) page.skipped += 1;
        else if (accepted(domainOf(delivery.event.senderMailFromAddress)) && accepted(domainOf(delivery.recipient)))
          page.deliveries.push(delivery);
        if (page.deliveries.length + page.skipped >= pageSize) {
          yield page;
          page = { deliveries: [], skipped: 0 };
        }
      }
      if (page.deliveries.length || page.skipped) yield page;
    },
  };
}
