import type { TenantContext, Verdict } from '@dsguard/classifier';
import { RateLimiter, type FetchLike, type TokenProvider } from '../clients/api-client.js';
import { directSendHuntingQuery, rowFromHunting, runHuntingQuery } from '../clients/defender-hunting.js';
import {
  TRACE_HISTORY_DAYS,
  graphMessageTraces,
  rowFromGraphTrace,
  traceWindows,
} from '../clients/graph-message-trace.js';
import type { TraceRow } from '../trace/trace-row.js';
import { importTraceRows, type ImportOptions, type InventoryImportResult } from './import-into-store.js';
import type { InventoryStore } from './inventory-store.js';
import { rowFromVerdict } from './verdict-rows.js';
import { strings } from '../strings.js';

const DAY_MS = 86_400_000;
export const PULL_ORIGINS = ['graph', 'defender', 'reports'] as const;
export type PullOrigin = (typeof PULL_ORIGINS)[number];
/** Advanced hunting keeps 30 days; stored verdicts are read back at most this far. */
export const MAX_PULL_DAYS: Record<PullOrigin, number> = { graph: TRACE_HISTORY_DAYS, defender: 30, reports: 3650 };
export const DEFAULT_PULL_DAYS = 30;

/** Where a pull stands: `step` of `steps` (Graph: 10-day windows; Defender: the query; reports: pages) and rows so far. */
export interface PullProgress {
  origin: PullOrigin;
  step: number;
  steps: number;
  rows: number;
  /** What the step was, for a progress line (a window, a page). */
  detail: string;
}

export class PullInputError extends Error {}

/** The minimal read access to the server's database (its `reports` and `checks` tables). */
export interface VerdictSource {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface PullOptions {
  origin: PullOrigin;
  days: number;
  /** Only rows with a sender in these domains are kept; Defender's query needs them. */
  acceptedDomains: readonly string[];
  /** App-only credentials (Graph and Defender). */
  tokens?: TokenProvider;
  graphBaseUrl?: string;
  /** Message trace page size (default and maximum 5000). */
  graphPageSize?: number;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** The server's database (reports). */
  verdicts?: VerdictSource;
  classify?: (headers: string, context?: TenantContext) => Verdict;
  clock?: () => number;
  actor?: string;
  onProgress?(progress: PullProgress): void;
}

export interface PullResult extends InventoryImportResult {
  origin: PullOrigin;
  days: number;
  steps: number;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Checks what the pull needs before anything is called; throws PullInputError with the reason. */
export function validatePull(options: Pick<PullOptions, 'origin' | 'days' | 'acceptedDomains'>): void {
  if (!(PULL_ORIGINS as readonly string[]).includes(options.origin))
    throw new PullInputError(strings.pullSourceUnknown(PULL_ORIGINS));
  const max = MAX_PULL_DAYS[options.origin];
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > max)
    throw new PullInputError(strings.pullDaysOutOfRange(max, options.origin));
  if (options.origin === 'defender') directSendHuntingQuery(options.acceptedDomains, options.days);
}

async function* graphRows(
  options: PullOptions,
  now: number,
  emit: (step: number, steps: number, detail: string) => void,
): AsyncGenerator<TraceRow> {
  // Graph refuses a start older than 90 days by its own clock: a full 90-day pull starts a few minutes later.
  const start = Math.max(now - options.days * DAY_MS, now - TRACE_HISTORY_DAYS * DAY_MS + 5 * 60_000);
  const windows = traceWindows(new Date(start), new Date(now), now);
  // One budget across the windows: Graph allows 100 message trace requests per 5 minutes.
  const limiter = new RateLimiter(100, 5 * 60_000);
  for (const [index, window] of windows.entries()) {
    const traces = graphMessageTraces(
      {
        tokens: options.tokens!,
        limiter,
        clock: () => now,
        ...(options.graphPageSize ? { top: options.graphPageSize } : {}),
        ...(options.graphBaseUrl ? { baseUrl: options.graphBaseUrl } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      },
      window.start,
      window.end,
    );
    for await (const trace of traces) yield rowFromGraphTrace(trace);
    emit(index + 1, windows.length, `${day(window.start.getTime())}..${day(window.end.getTime())}`);
  }
}

async function* defenderRows(
  options: PullOptions,
  emit: (step: number, steps: number, detail: string) => void,
): AsyncGenerator<TraceRow> {
  const query = directSendHuntingQuery(options.acceptedDomains, options.days);
  const result = await runHuntingQuery(
    {
      tokens: options.tokens!,
      ...(options.graphBaseUrl ? { baseUrl: options.graphBaseUrl } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    },
    query,
    `P${options.days}D`,
  );
  for (const row of result.results) yield rowFromHunting(row);
  emit(1, 1, `${result.results.length} hunting results`);
}

const VERDICT_PAGE = 500;

/**
 * Reports filed to security (their stored verdict) and checks made in chat (their headers, classified again), newest
 * period only; a message reported or checked by several people counts once (by its network message id).
 */
async function* storedVerdictRows(
  options: PullOptions,
  now: number,
  emit: (step: number, steps: number, detail: string) => void,
): AsyncGenerator<TraceRow> {
  const db = options.verdicts!;
  const since = now - options.days * DAY_MS;
  const seen = new Set<string>();
  const fresh = (verdict: Verdict): boolean => {
    const id = verdict.facts.networkMessageId?.toLowerCase();
    if (!id) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
  const [{ n: reportCount } = { n: 0 }] = await db.query<{ n: number }>(
    'SELECT COUNT(*) AS n FROM reports WHERE created_at >= $1',
    [since],
  );
  const [{ n: checkCount } = { n: 0 }] = await db.query<{ n: number }>(
    'SELECT COUNT(*) AS n FROM checks WHERE created_at >= $1',
    [since],
  );
  const steps = Math.max(
    1,
    Math.ceil(Number(reportCount) / VERDICT_PAGE) + Math.ceil(Number(checkCount) / VERDICT_PAGE),
  );
  let step = 0;
  // Keyset pages (created_at, id): rows written or expired while the pull runs do not shift the pages.
  async function* pages<T extends { id: string; created_at: number }>(
    table: 'reports' | 'checks',
    column: 'verdict' | 'headers',
  ): AsyncGenerator<T[]> {
    let after: { at: number; id: string } = { at: since - 1, id: '' };
    for (;;) {
      const page = await db.query<T>(
        `SELECT id, ${column}, created_at FROM ${table} WHERE created_at >= $1 AND (created_at > $2 OR (created_at = $2 AND id > $3)) ORDER BY created_at, id LIMIT $4`,
        [since, after.at, after.id, VERDICT_PAGE],
      );
      if (page.length) yield page;
      if (page.length < VERDICT_PAGE) return;
      const last = page[page.length - 1]!;
      after = { at: Number(last.created_at), id: last.id };
    }
  }
  let done = 0;
  for await (const page of pages<{ id: string; verdict: string; created_at: number }>('reports', 'verdict')) {
    for (const row of page) {
      const verdict = JSON.parse(row.verdict) as Verdict;
      if (fresh(verdict)) yield rowFromVerdict(verdict, Number(row.created_at));
    }
    emit((step += 1), steps, `reports ${done + 1}-${(done += page.length)}`);
  }
  const classify = options.classify!;
  const context = options.acceptedDomains.length
    ? { acceptedDomains: options.acceptedDomains.map((d) => d.toLowerCase()) }
    : undefined;
  done = 0;
  for await (const page of pages<{ id: string; headers: string; created_at: number }>('checks', 'headers')) {
    for (const row of page) {
      const verdict = classify(row.headers, context);
      if (fresh(verdict)) yield rowFromVerdict(verdict, Number(row.created_at));
    }
    emit((step += 1), steps, `checks ${done + 1}-${(done += page.length)}`);
  }
  if (step === 0) emit(1, 1, strings.pullNothingInPeriod);
}

const KIND: Record<PullOrigin, string> = { graph: 'graph-trace', defender: 'defender', reports: 'verdicts' };
const LABEL: Record<PullOrigin, string> = strings.pullLabel;

/**
 * Pulls one source into the inventory. Rows are aggregated in memory and written in one transaction at the end, so a
 * service that fails part-way (after its retries) leaves the inventory untouched.
 */
export async function pullIntoInventory(store: InventoryStore, options: PullOptions): Promise<PullResult> {
  validatePull(options);
  if ((options.origin === 'graph' || options.origin === 'defender') && !options.tokens)
    throw new PullInputError(strings.pullNeedsCredentials(options.origin));
  if (options.origin === 'reports' && (!options.verdicts || !options.classify))
    throw new PullInputError(strings.pullNeedsServerDatabase);
  const now = (options.clock ?? Date.now)();
  let rows = 0;
  let steps = 1;
  const emit = (step: number, total: number, detail: string): void => {
    steps = total;
    options.onProgress?.({ origin: options.origin, step, steps: total, rows, detail });
  };
  const source =
    options.origin === 'graph'
      ? graphRows(options, now, emit)
      : options.origin === 'defender'
        ? defenderRows(options, emit)
        : storedVerdictRows(options, now, emit);
  async function* counted(): AsyncGenerator<TraceRow> {
    for await (const row of source) {
      rows += 1;
      yield row;
    }
  }
  const importOptions: ImportOptions = {
    ...(options.acceptedDomains.length ? { acceptedDomains: options.acceptedDomains } : {}),
    ...(options.actor ? { actor: options.actor } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  };
  const label = `${LABEL[options.origin]} ${day(now - options.days * DAY_MS)}..${day(now)}`;
  const result = await importTraceRows(counted(), store, { kind: KIND[options.origin], label }, importOptions);
  return { ...result, origin: options.origin, days: options.days, steps };
}
