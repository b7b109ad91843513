import { randomUUID } from 'node:crypto';
import type { SqlClient } from './sql-client.js';

export interface OutboxItem {
  id: string;
  kind: string;
  payload: unknown;
  /** Deliveries tried so far, this one included. */
  attempts: number;
}

interface OutboxRow {
  id: string;
  kind: string;
  payload: string;
  attempts: number;
}

export async function enqueue(db: SqlClient, kind: string, payload: unknown, now = Date.now()): Promise<string> {
  const id = randomUUID();
  await db.execute(
    'INSERT INTO outbox (id, kind, payload, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, 0, $4, $4)',
    [id, kind, JSON.stringify(payload), now],
  );
  return id;
}

/**
 * Leases up to `limit` due items for `leaseMs`. A lease that runs out (its holder died) makes the item due
 * again, so a crash between claim and delivery costs a retry, not the alert. Several instances may claim
 * at once: PostgreSQL skips rows another instance holds; SQLite's write lock serializes claims.
 */
export async function claimDue(db: SqlClient, limit: number, leaseMs: number, now = Date.now()): Promise<OutboxItem[]> {
  const skipLocked = db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const rows = await db.transaction((tx) =>
    tx.query<OutboxRow>(
      `UPDATE outbox SET locked_until = $1, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM outbox
         WHERE delivered_at IS NULL AND next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until <= $2)
         ORDER BY next_attempt_at, created_at LIMIT $3 ${skipLocked}
       )
       RETURNING id, kind, payload, attempts`,
      [now + leaseMs, now, limit],
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    payload: JSON.parse(r.payload) as unknown,
    attempts: Number(r.attempts),
  }));
}

export async function markDelivered(db: SqlClient, id: string, now = Date.now()): Promise<void> {
  await db.execute('UPDATE outbox SET delivered_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2', [
    now,
    id,
  ]);
}

export async function markFailed(db: SqlClient, id: string, error: string, retryAt: number): Promise<void> {
  await db.execute('UPDATE outbox SET next_attempt_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3', [
    retryAt,
    error.slice(0, 500),
    id,
  ]);
}

export interface OutboxStats {
  pending: number;
  delivered: number;
  failing: number;
}

export async function outboxStats(db: SqlClient): Promise<OutboxStats> {
  const rows = await db.query<{ pending: number; delivered: number; failing: number }>(
    `SELECT
       SUM(CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END) AS pending,
       SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END) AS delivered,
       SUM(CASE WHEN delivered_at IS NULL AND last_error IS NOT NULL THEN 1 ELSE 0 END) AS failing
     FROM outbox`,
  );
  const r = rows[0];
  return { pending: Number(r?.pending ?? 0), delivered: Number(r?.delivered ?? 0), failing: Number(r?.failing ?? 0) };
}
