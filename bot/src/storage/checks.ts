import { randomUUID } from 'node:crypto';
import type { SqlClient } from './sql-client.js';

const CHECK_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** Expired checks are swept at most this often, not on every check. */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export interface Check {
  id: string;
  userId: string;
  headers: string;
  subject?: string;
}

/**
 * Headers a user checked in chat, kept so the card's "Report to security" button can carry a short id
 * instead of the headers (Teams caps card payloads at about 28 KB).
 */
export class CheckStore {
  private lastSweep = 0;

  constructor(
    private readonly db: SqlClient,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A check is short-lived convenience data (a lost one only means "paste it again"), so it skips the disk wait. */
  async save(userId: string, headers: string, subject?: string): Promise<string> {
    const id = randomUUID();
    const now = this.clock();
    await this.db.executeRelaxed(
      'INSERT INTO checks (id, user_id, headers, subject, created_at) VALUES ($1, $2, $3, $4, $5)',
      [id, userId, headers, subject ?? null, now],
    );
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      await this.db.executeRelaxed('DELETE FROM checks WHERE created_at < $1', [now - CHECK_LIFETIME_MS]);
    }
    return id;
  }

  /** Only the user who made the check may use it. */
  async get(id: string, userId: string): Promise<Check | undefined> {
    const rows = await this.db.query<{ id: string; user_id: string; headers: string; subject: string | null }>(
      'SELECT id, user_id, headers, subject FROM checks WHERE id = $1 AND user_id = $2',
      [id, userId],
    );
    const r = rows[0];
    if (!r) return undefined;
    return r.subject
      ? { id: r.id, userId: r.user_id, headers: r.headers, subject: r.subject }
      : { id: r.id, userId: r.user_id, headers: r.headers };
  }
}
