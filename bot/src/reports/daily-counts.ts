/** Counts per day and per key (a verdict), for the dashboard's charts of reports and incidents. */
import { DAY_MS } from '../admin/inventory/inventory-overview.js';
import type { SqlClient } from '../storage/sql-client.js';

export interface DayWindow {
  /** First day, in days since the epoch (UTC). */
  fromDay: number;
  days: number;
}

export interface DailyCounts extends DayWindow {
  /** One series per key that occurs in the window, each with `days` counts (zeros included). */
  series: { key: string; values: number[] }[];
}

/** Rows of (day, key, count) into one series per key over the window; rows outside it are ignored. */
export function dailyCountsOf(
  window: DayWindow,
  rows: readonly { day: number | string; key: string; n: number | string }[],
): DailyCounts {
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const index = Number(row.day) - window.fromDay;
    if (index < 0 || index >= window.days) continue;
    const values = byKey.get(row.key) ?? new Array<number>(window.days).fill(0);
    values[index]! += Number(row.n);
    byKey.set(row.key, values);
  }
  const series = [...byKey].map(([key, values]) => ({ key, values })).sort((a, b) => a.key.localeCompare(b.key));
  return { ...window, series };
}

/** Rows of `table` per day of `created_at`, by `verdict_code`, counted by the database. */
async function perDay(db: SqlClient, table: 'reports' | 'watch_incidents', window: DayWindow): Promise<DailyCounts> {
  const rows = await db.query<{ day: number | string; key: string; n: number | string }>(
    `SELECT created_at / ${DAY_MS} AS day, verdict_code AS key, COUNT(*) AS n FROM ${table}
     WHERE created_at >= $1 AND created_at < $2 GROUP BY created_at / ${DAY_MS}, verdict_code`,
    [window.fromDay * DAY_MS, (window.fromDay + window.days) * DAY_MS],
  );
  return dailyCountsOf(window, rows);
}

/** Reports filed per day, by the verdict the server gave them. */
export const reportsPerDay = (db: SqlClient, window: DayWindow): Promise<DailyCounts> => perDay(db, 'reports', window);

/** Incidents the tenant watcher raised per day, by verdict. */
export const incidentsPerDay = (db: SqlClient, window: DayWindow): Promise<DailyCounts> =>
  perDay(db, 'watch_incidents', window);
