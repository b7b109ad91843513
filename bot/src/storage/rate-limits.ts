import type { SqlClient } from './sql-client.js';

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

const PRUNE_EVERY_MS = 60_000;
/** Counters of windows that ended this long ago are deleted (longer than any window in use). */
const KEEP_MS = 2 * 60 * 60_000;

/**
 * Fixed-window request counters in the database, so every instance on one PostgreSQL (or the one SQLite file)
 * counts the same requests. One upsert per request, committed without waiting for the disk: a counter lost in a
 * power failure only forgives a few requests.
 */
export class RateLimits {
  private lastPrune = 0;

  constructor(
    private readonly db: SqlClient,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one request of `key`; refused (with the wait until the window ends) beyond `limit` per `windowMs`. */
  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = this.clock();
    const windowStart = now - (now % windowMs);
    await this.db.executeRelaxed(
      `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1`,
      [key, windowStart],
    );
    const rows = await this.db.query<{ count: number }>(
      'SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2',
      [key, windowStart],
    );
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.db.executeRelaxed('DELETE FROM rate_limits WHERE window_start < $1', [now - KEEP_MS]);
    }
    if (Number(rows[0]?.count ?? 0) <= limit) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
  }
}
