import { randomBytes } from 'node:crypto';

export interface DownloadFile {
  body: string;
  contentType: string;
  filename: string;
}

/**
 * Short-lived capability links for files the bot offers (the readiness plan): a browser opened from a Teams card
 * carries no bearer token, so the unguessable link itself is the permission. Kept in memory, on the instance that
 * made them; the oldest are dropped beyond `max`.
 */
export class DownloadLinks {
  private readonly files = new Map<string, DownloadFile & { expires: number }>();

  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 200,
    private readonly clock: () => number = Date.now,
  ) {}

  add(file: DownloadFile): string {
    const token = randomBytes(32).toString('base64url');
    this.files.set(token, { ...file, expires: this.clock() + this.ttlMs });
    while (this.files.size > this.max) this.files.delete(this.files.keys().next().value!);
    return token;
  }

  get(token: string): DownloadFile | undefined {
    const file = this.files.get(token);
    if (!file) return undefined;
    if (file.expires <= this.clock()) {
      this.files.delete(token);
      return undefined;
    }
    return file;
  }
}
