import type { SqlClient } from './sql-client.js';

/** Conversation references (opaque JSON from the channel adapter), kept for proactive messages. */
export class ConversationRefStore {
  constructor(private readonly db: SqlClient) {}

  async save(key: string, reference: unknown): Promise<void> {
    await this.db.execute(
      `INSERT INTO conversation_refs (key, reference, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      [key, JSON.stringify(reference), Date.now()],
    );
  }

  async get(key: string): Promise<unknown> {
    const rows = await this.db.query<{ reference: string }>('SELECT reference FROM conversation_refs WHERE key = $1', [
      key,
    ]);
    return rows[0] ? (JSON.parse(rows[0].reference) as unknown) : undefined;
  }
}
