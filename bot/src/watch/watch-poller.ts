import type { MailEvent, TenantContext, Verdict } from '../classifier.js';
import { InventoryAggregator } from '../admin/inventory/aggregator.js';
import type { InventoryStore } from '../admin/inventory/inventory-store.js';
import type { Logger } from '../log/logger.js';
import type { Incident, WatchSourceName } from './incident-types.js';
import type { WatchSource } from './watch-sources.js';
import type { JudgedDelivery, WatchStore } from './watch-store.js';

/** Each poll starts this long before the watermark: rows the service indexes late are still read (and counted once). */
export const WATCH_OVERLAP_MS = 15 * 60_000;
/** Deliveries judged and recorded per transaction. */
const RECORD_SLICE = 10_000;
/** The first poll of a source (no watermark yet) looks back this far. */
export const WATCH_FIRST_LOOKBACK_MS = 60 * 60_000;

export interface SourcePollResult {
  source: WatchSourceName;
  /** Deliveries the source returned (read again in the overlap included). */
  events: number;
  newMessages: number;
  incidents: Incident[];
  /** Incidents that gained messages or recipients. */
  grown: string[];
  approved: number;
  error?: string;
}

export interface PollResult {
  startedAt: number;
  finishedAt: number;
  sources: SourcePollResult[];
  /**
   * Incidents that grew (in this poll, or in one a crash cut short), once each: their update is queued, or joins an
   * alert of theirs still waiting in the outbox.
   */
  updated: string[];
}

export interface PollerDeps {
  store: WatchStore;
  sources: readonly WatchSource[];
  /** The classifier's judgement of a logged message (`classifyMailEvent`). */
  judge: (event: MailEvent, context?: TenantContext) => Verdict;
  /** Accepted domains, approved sources and gateways, read once per poll. */
  tenantContext: () => Promise<TenantContext>;
  /** Approved sources' messages refresh its last seen and volume. */
  inventory?: InventoryStore;
  acceptedDomains: readonly string[];
  logger: Logger;
  /** Who polls, for `watch` (host and process). */
  instance: string;
  clock?: () => number;
  overlapMs?: number;
  firstLookbackMs?: number;
}

/** One poll of every source: read from the watermark, judge, record each page atomically. */
export class WatchPoller {
  constructor(private readonly deps: PollerDeps) {}

  async poll(): Promise<PollResult> {
    const clock = this.deps.clock ?? Date.now;
    const startedAt = clock();
    const context = await this.deps.tenantContext();
    const sources: SourcePollResult[] = [];
    for (const source of this.deps.sources) sources.push(await this.pollSource(source, context, clock));
    // After every source and page: a campaign that grew over many pages of this poll is one update per destination.
    const updated = await this.deps.store.queueIncidentUpdates(clock());
    if (updated.length) this.deps.logger.info('watch.updates-queued', { incidents: updated.length });
    return { startedAt, finishedAt: clock(), sources, updated };
  }

  private async pollSource(
    source: WatchSource,
    context: TenantContext,
    clock: () => number,
  ): Promise<SourcePollResult> {
    const { store, logger } = this.deps;
    const result: SourcePollResult = {
      source: source.name,
      events: 0,
      newMessages: 0,
      incidents: [],
      grown: [],
      approved: 0,
    };
    const now = clock();
    const watermark = await store.watermark(source.name);
    const since = new Date(
      watermark === undefined
        ? now - (this.deps.firstLookbackMs ?? WATCH_FIRST_LOOKBACK_MS)
        : watermark - (this.deps.overlapMs ?? WATCH_OVERLAP_MS),
    );
    const grown = new Set<string>();
    try {
      for await (const page of source.pages(since, new Date(now))) {
        // In slices: each is judged and committed on its own (rows come oldest first, so a crash between slices only
        // leaves rows after the watermark, which the next poll reads), and few verdicts are alive at once.
        for (let start = 0; start < page.deliveries.length; start += RECORD_SLICE) {
          const slice = page.deliveries.slice(start, start + RECORD_SLICE);
          const judged: JudgedDelivery[] = slice.map((delivery) => ({
            delivery,
            verdict: this.deps.judge(delivery.event, context),
          }));
          const outcome = await store.recordPage(source.name, judged, clock());
          result.events += slice.length;
          result.newMessages += outcome.newMessages;
          result.incidents.push(...outcome.newIncidents);
          for (const id of outcome.grownIncidents) grown.add(id);
          if (outcome.approvedRows.length && this.deps.inventory) {
            const aggregator = new InventoryAggregator({ acceptedDomains: this.deps.acceptedDomains });
            for (const row of outcome.approvedRows) aggregator.add(row);
            await this.deps.inventory.upsertSources(aggregator.drain());
            result.approved += outcome.approvedRows.length;
          }
        }
      }
      await store.recordPoll(source.name, { ok: true, events: result.events, by: this.deps.instance }, clock());
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
      logger.warn('watch.poll-failed', { source: source.name, error: result.error });
      await store
        .recordPoll(
          source.name,
          { ok: false, events: result.events, error: result.error, by: this.deps.instance },
          clock(),
        )
        .catch(() => undefined);
    }
    const created = new Set(result.incidents.map((i) => i.id));
    result.grown = [...grown].filter((id) => !created.has(id));
    // As they stand after the whole poll (later pages may have added to an incident created by an earlier one).
    const current = await Promise.all(result.incidents.map((i) => store.getIncident(i.id).catch(() => undefined)));
    result.incidents = result.incidents.map((incident, n) => current[n] ?? incident);
    logger.info('watch.polled', {
      source: source.name,
      events: result.events,
      newMessages: result.newMessages,
      incidents: result.incidents.length,
      approved: result.approved,
      ok: !result.error,
    });
    return result;
  }
}
