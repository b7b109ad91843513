import { Router } from 'express';
import { DAY_MS, type InventoryOverview } from '../../admin/inventory/inventory-overview.js';
import type { InventoryStore } from '../../admin/inventory/inventory-store.js';
import type { DailyCounts, DayWindow } from '../../reports/daily-counts.js';
import { requireAdmin } from '../api-auth.js';
import { sendError } from '../errors.js';

/** Incidents per day by verdict, from the tenant watcher once it is wired in. */
export type IncidentSeriesProvider = (window: DayWindow) => Promise<DailyCounts>;

export interface DashboardDeps {
  inventory: InventoryStore;
  reportsPerDay: (window: DayWindow) => Promise<DailyCounts>;
  /** Absent until the tenant watcher is wired: the answer then carries an empty incidents series, marked so. */
  incidents?: IncidentSeriesProvider;
  clock?: () => number;
}

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;

const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const labels = (fromDay: number, count: number, step = 1): string[] =>
  Array.from({ length: count }, (_, i) => isoDay(fromDay + i * step));

function dailyJson(counts: DailyCounts): {
  from: string;
  labels: string[];
  series: { verdict: string; values: number[] }[];
} {
  return {
    from: isoDay(counts.fromDay),
    labels: labels(counts.fromDay, counts.days),
    series: counts.series.map((s) => ({ verdict: s.key, values: s.values })),
  };
}

function volumeJson(volume: InventoryOverview['volume']): Record<string, unknown> | null {
  if (!volume) return null;
  return {
    // The inventory keeps totals per source: each source's messages are spread evenly from its first to last sighting.
    estimated: true,
    from: isoDay(volume.fromDay),
    bucketDays: volume.bucketDays,
    labels: labels(volume.fromDay, volume.buckets, volume.bucketDays),
    series: Object.entries(volume.byCategory).map(([category, values]) => ({ category, values })),
  };
}

/**
 * GET /api/dashboard[?days=N] (admins): the admin dashboard's series, each summed by the database. Sources per status
 * and category, the Direct Send volume over time per category, reports per day by verdict over the last N days
 * (default 30) and incidents per day by verdict (empty, with `wired: false`, until the tenant watcher provides them).
 * Readiness is not here: it reads the tenant and is served, cached, by GET /api/readiness.
 */
export function dashboardRoute(deps: DashboardDeps): Router {
  const router = Router();
  const clock = deps.clock ?? Date.now;
  router.get('/api/dashboard', requireAdmin, async (req, res) => {
    const days = req.query.days === undefined ? DEFAULT_DAYS : Number(req.query.days);
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
      return sendError(res, 400, 'bad-request', `days must be an integer from 1 to ${MAX_DAYS}`);
    const now = clock();
    const window: DayWindow = { fromDay: Math.floor(now / DAY_MS) - days + 1, days };
    const emptyIncidents: DailyCounts = { ...window, series: [] };
    const [overview, reports, incidents] = await Promise.all([
      deps.inventory.overview(),
      deps.reportsPerDay(window),
      deps.incidents ? deps.incidents(window) : Promise.resolve(emptyIncidents),
    ]);
    res.json({
      generatedAt: new Date(now).toISOString(),
      sources: {
        total: overview.statuses.reduce((n, s) => n + s.sources, 0),
        statuses: overview.statuses.map((s) => ({ status: s.key, sources: s.sources, messages: s.messages })),
        categories: overview.categories.map((c) => ({ category: c.key, sources: c.sources, messages: c.messages })),
      },
      volume: volumeJson(overview.volume),
      reports: dailyJson(reports),
      incidents: { wired: !!deps.incidents, ...dailyJson(incidents) },
    });
  });
  return router;
}
