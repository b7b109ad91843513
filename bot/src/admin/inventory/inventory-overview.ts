/**
 * The inventory summed up for the admin dashboard: sources and messages per status and per category, and the
 * Direct Send volume over time per category. The inventory keeps totals per source with its first and last
 * sighting, not a count per day, so the volume over time spreads each source's messages evenly over the days
 * from its first to its last sighting (an estimate, and said so wherever it is shown).
 * The SQL stores compute this in the database; `overviewOf` is the same arithmetic for the in-memory store.
 */
import { SOURCE_CATEGORIES, type SourceCategory } from './categorize.js';
import { ADMIN_ACTIONS, STATUS_AFTER, type InventorySource, type SourceStatus } from './inventory-store.js';

export const DAY_MS = 86_400_000;

/** SQL: the sources that have a first and last sighting and messages (the ones the volume over time covers). */
export const DATED_SOURCES_WHERE = 'WHERE first_seen IS NOT NULL AND last_seen IS NOT NULL AND messages > 0';

/** SQL (both databases): sources and messages per status or per category. */
export const groupCountSql = (column: 'status' | 'category'): string =>
  `SELECT ${column} AS key, COUNT(*) AS sources, SUM(messages) AS messages FROM inventory_sources GROUP BY ${column}`;

/** SQL (both databases): the first and last day any dated source was seen. */
export const DAY_RANGE_SQL = `SELECT MIN(first_seen / ${DAY_MS}) AS f, MAX(last_seen / ${DAY_MS}) AS l
  FROM inventory_sources ${DATED_SOURCES_WHERE}`;
export const DEFAULT_MAX_BUCKETS = 60;

/** Every status a source may have, in the order the dashboard shows them. */
export const OVERVIEW_STATUSES: readonly SourceStatus[] = [
  'new',
  ...ADMIN_ACTIONS.map((action) => STATUS_AFTER[action]),
];

export interface GroupCount<K extends string> {
  key: K;
  sources: number;
  messages: number;
}

export interface VolumeOverTime {
  /** First day of the first bucket, in days since the epoch (UTC). */
  fromDay: number;
  /** Days per bucket (1 while the data spans at most `maxBuckets` days). */
  bucketDays: number;
  buckets: number;
  /** Estimated messages per bucket, per category (every category, zeros included). */
  byCategory: Record<SourceCategory, number[]>;
}

export interface InventoryOverview {
  /** Every status, zeros included. */
  statuses: GroupCount<SourceStatus>[];
  /** Every category, zeros included. */
  categories: GroupCount<SourceCategory>[];
  /** Absent when no source has a first and last sighting. */
  volume?: VolumeOverTime;
}

export interface OverviewQuery {
  /** At most this many buckets in the volume series (wider buckets beyond); default 60. */
  maxBuckets?: number;
}

export interface VolumeWindow {
  fromDay: number;
  bucketDays: number;
  buckets: number;
}

/** The buckets that cover the days from `firstDay` to `lastDay`, at most `maxBuckets` of them. */
export function volumeWindow(firstDay: number, lastDay: number, maxBuckets: number): VolumeWindow {
  const days = lastDay - firstDay + 1;
  const bucketDays = Math.max(1, Math.ceil(days / maxBuckets));
  return { fromDay: firstDay, bucketDays, buckets: Math.ceil(days / bucketDays) };
}

export function maxBucketsOf(query: OverviewQuery): number {
  const max = query.maxBuckets ?? DEFAULT_MAX_BUCKETS;
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    throw new RangeError('maxBuckets must be an integer from 1 to 1000');
  return max;
}

/** Rows of `GROUP BY status|category` (numbers may come as strings) into every key, zeros included. */
export function countsOf<K extends string>(
  keys: readonly K[],
  rows: readonly { key: string; sources: number | string; messages: number | string | null }[],
): GroupCount<K>[] {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return keys.map((key) => {
    const row = byKey.get(key);
    return { key, sources: Number(row?.sources ?? 0), messages: Number(row?.messages ?? 0) };
  });
}

/** Rows of (bucket, category, estimated messages) into the per-category series, rounded to one decimal. */
export function volumeOf(
  window: VolumeWindow,
  rows: readonly { bucket: number | string; category: string; messages: number | string }[],
): VolumeOverTime {
  const byCategory = Object.fromEntries(
    SOURCE_CATEGORIES.map((c) => [c, new Array<number>(window.buckets).fill(0)]),
  ) as Record<SourceCategory, number[]>;
  for (const row of rows) {
    const series = byCategory[row.category as SourceCategory];
    const bucket = Number(row.bucket);
    if (series && bucket >= 0 && bucket < window.buckets) series[bucket] = Math.round(Number(row.messages) * 10) / 10;
  }
  return { ...window, byCategory };
}

/** The overview computed over sources in memory (the in-memory store; the SQL stores do this in SQL). */
export function overviewOf(sources: readonly InventorySource[], query: OverviewQuery = {}): InventoryOverview {
  const maxBuckets = maxBucketsOf(query);
  const group = <K extends string>(keys: readonly K[], keyOf: (s: InventorySource) => string): GroupCount<K>[] => {
    const rows = new Map<string, { key: string; sources: number; messages: number }>();
    for (const source of sources) {
      const row = rows.get(keyOf(source)) ?? { key: keyOf(source), sources: 0, messages: 0 };
      row.sources += 1;
      row.messages += source.messages;
      rows.set(row.key, row);
    }
    return countsOf(keys, [...rows.values()]);
  };
  const overview: InventoryOverview = {
    statuses: group(OVERVIEW_STATUSES, (s) => s.status),
    categories: group(SOURCE_CATEGORIES, (s) => s.category),
  };
  const dated = sources.filter((s) => s.firstSeen !== undefined && s.lastSeen !== undefined && s.messages > 0);
  if (dated.length === 0) return overview;
  const spans = dated.map((s) => ({
    category: s.category,
    messages: s.messages,
    f: Math.floor(s.firstSeen! / DAY_MS),
    l: Math.floor(s.lastSeen! / DAY_MS),
  }));
  const window = volumeWindow(Math.min(...spans.map((s) => s.f)), Math.max(...spans.map((s) => s.l)), maxBuckets);
  const sums = new Map<string, { bucket: number; category: string; messages: number }>();
  for (let bucket = 0; bucket < window.buckets; bucket += 1) {
    const start = window.fromDay + bucket * window.bucketDays;
    const end = start + window.bucketDays - 1;
    for (const s of spans) {
      if (s.f > end || s.l < start) continue;
      const overlap = Math.min(s.l, end) - Math.max(s.f, start) + 1;
      const key = `${bucket}\0${s.category}`;
      const sum = sums.get(key) ?? { bucket, category: s.category, messages: 0 };
      sum.messages += (s.messages * overlap) / (s.l - s.f + 1);
      sums.set(key, sum);
    }
  }
  overview.volume = volumeOf(window, [...sums.values()]);
  return overview;
}
