import type { SqlClient } from './sql-client.js';

/**
 * "At most once per interval" for work every instance must agree on (the SMTP probe of the tenant's MX): the
 * first caller takes the key with one atomic upsert; others learn how long to wait.
 */
export class Cooldowns {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: () => number = Date.now,
  ) {}

  /** 0 when `key` was free (and is now taken for `intervalMs`), else the ms until it frees. */
  async tryAcquire(key: string, intervalMs: number): Promise<number> {
    const now = this.clock();
    const taken = await this.db.execute(
      `INSERT INTO cooldowns (key, ready_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET ready_at = excluded.ready_at WHERE cooldowns.ready_at <= $3`,
      [key, now + intervalMs, now],
    );
    if (taken > 0) return 0;
    const rows = await this.db.query<{ ready_at: number }>('SELECT ready_at FROM cooldowns WHERE key = $1', [key]);
    return Math.max(1, Number(rows[0]?.ready_at ?? now) - now);
  }
}
