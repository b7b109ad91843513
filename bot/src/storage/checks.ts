import { randomUUID } from 'node:crypto';
import type { SqlClient } from './sql-client.js';

const CHECK_LIFETIME_MS = 7 * 24 * 3600 * 1000;

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
  constructor(private readonly db: SqlClient) {}

  async save(userId: string, headers: string, subject?: string): Promise<string> {
    const id = randomUUID();
    const now = Date.now();
    await this.db.execute('INSERT INTO checks (id, user_id, headers, subject, created_at) VALUES ($1, $2, $3, $4, $5)', [id, userId, headers, subject ?? null, now]);
    await this.db.execute('DELETE FROM checks WHERE created_at < $1', [now - CHECK_LIFETIME_MS]);
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
    return r.subject ? { id: r.id, userId: r.user_id, headers: r.headers, subject: r.subject } : { id: r.id, userId: r.user_id, headers: r.headers };
  }
}
