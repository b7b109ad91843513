import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../log/logger.js';
import type { SqlClient } from '../storage/sql-client.js';

export interface DownloadFile {
  body: string;
  contentType: string;
  filename: string;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Short-lived capability links for files the bot offers (the readiness plan): a browser opened from a Teams card
 * carries no bearer token, so the unguessable link itself is the permission. Stored in the database (by the
 * token's SHA-256, never the token) so any instance behind the public URL serves them, with a copy in this
 * instance's memory (the oldest dropped beyond `max`) that serves its own links at once.
 */
export class DownloadLinks {
  private readonly files = new Map<string, DownloadFile & { expires: number }>();

  constructor(
    private readonly db: SqlClient,
    private readonly logger: Logger,
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 200,
    private readonly clock: () => number = Date.now,
  ) {}

  add(file: DownloadFile): string {
    const token = randomBytes(32).toString('base64url');
    const expires = this.clock() + this.ttlMs;
    this.files.set(token, { ...file, expires });
    while (this.files.size > this.max) this.files.delete(this.files.keys().next().value!);
    this.db
      .transaction(async (tx) => {
        await tx.execute('DELETE FROM download_links WHERE expires_at <= $1', [this.clock()]);
        await tx.execute(
          'INSERT INTO download_links (token_hash, body, content_type, filename, expires_at) VALUES ($1, $2, $3, $4, $5)',
          [hashOf(token), file.body, file.contentType, file.filename, expires],
        );
      })
      .catch((error: unknown) => this.logger.warn('downloads.link-not-shared', { error }));
    return token;
  }

  async get(token: string): Promise<DownloadFile | undefined> {
    const local = this.files.get(token);
    if (local && local.expires > this.clock()) return local;
    if (local) this.files.delete(token);
    const rows = await this.db.query<{ body: string; content_type: string; filename: string }>(
      'SELECT body, content_type, filename FROM download_links WHERE token_hash = $1 AND expires_at > $2',
      [hashOf(token), this.clock()],
    );
    const row = rows[0];
    return row ? { body: row.body, contentType: row.content_type, filename: row.filename } : undefined;
  }
}
