export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A failed call to a Microsoft API, with the service's own message (never the token). */
export class ApiError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly code: string,
    message: string,
    /** After 429/503: how long the service asked us to wait (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(`${service}: ${message}${code ? ` (${code}, HTTP ${status})` : ` (HTTP ${status})`}`);
    this.name = 'ApiError';
  }
}

export interface TokenProvider {
  getToken(scope: string): Promise<string>;
}

/** At most `limit` calls per `windowMs` (Graph message trace: 100 per 5 minutes), waiting when over. */
export class RateLimiter {
  private readonly calls: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = delay,
  ) {}

  async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock();
      while (this.calls.length && this.calls[0]! <= now - this.windowMs) this.calls.shift();
      if (this.calls.length < this.limit) {
        this.calls.push(now);
        return;
      }
      await this.sleep(this.calls[0]! + this.windowMs - now);
    }
  }
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface ApiClientOptions {
  service: string;
  scope: string;
  tokens: TokenProvider;
  fetch?: FetchLike;
  limiter?: RateLimiter;
  sleep?: (ms: number) => Promise<void>;
  /** Retries after 429/503 (default 5), each waiting Retry-After (capped at maxRetryWaitMs). */
  maxRetries?: number;
  maxRetryWaitMs?: number;
  /**
   * For calls inside a chat turn: a Retry-After longer than maxRetryWaitMs fails at once (the ApiError carries it)
   * instead of waiting maxRetryWaitMs and asking again too early.
   */
  retryOnlyWithinMaxWait?: boolean;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** Retry-After as seconds or an HTTP date; a missing or unreadable header waits an escalating default. */
export function retryAfterMs(header: string | null, attempt: number, now = Date.now()): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return Math.min(60_000, 2 ** attempt * 1000);
}

interface ErrorBody {
  error?: string | { code?: string; message?: string; details?: { code?: string; message?: string }[] };
  error_description?: string;
}

async function errorOf(service: string, response: Response, retryAfter?: number): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not JSON: fall back to the status line
  }
  if (typeof body.error === 'object' && body.error) {
    const details = (body.error.details ?? []).map((d) => d.message).filter((m): m is string => !!m);
    const message = details.length ? details.join('; ') : (body.error.message ?? response.statusText);
    return new ApiError(service, response.status, body.error.code ?? '', message, retryAfter);
  }
  if (typeof body.error === 'string') {
    return new ApiError(
      service,
      response.status,
      body.error,
      (body.error_description ?? body.error).split('\r\n')[0]!,
      retryAfter,
    );
  }
  return new ApiError(service, response.status, '', response.statusText || text.slice(0, 200), retryAfter);
}

/**
 * The next page of a paged answer (`@odata.nextLink`), followed only on the origin the client calls: the link comes
 * from the answer, and callJson sends the bearer token wherever it points. Anything else is an ApiError.
 */
export function nextPageUrl(service: string, base: string, nextLink: unknown): string | undefined {
  if (nextLink === undefined || nextLink === null) return undefined;
  const origin = new URL(base).origin;
  let next: URL | undefined;
  try {
    next = typeof nextLink === 'string' ? new URL(nextLink, base) : undefined;
  } catch {
    next = undefined;
  }
  if (!next || next.origin !== origin) {
    const where = next ? next.origin : 'an unreadable address';
    throw new ApiError(
      service,
      502,
      'foreign-next-link',
      `the next page link points to ${where}, not ${origin}; not followed, the token stays here`,
    );
  }
  return next.toString();
}

/** One JSON call with the bearer token, throttling (limiter + Retry-After on 429/503) and a timeout. */
export async function callJson(
  options: ApiClientOptions,
  url: string,
  init: { method: 'GET' | 'POST' | 'PATCH'; body?: unknown },
): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? delay;
  const maxRetries = options.maxRetries ?? 5;
  for (let attempt = 0; ; attempt += 1) {
    await options.limiter?.acquire();
    const token = await options.tokens.getToken(options.scope);
    const response = await doFetch(url, {
      method: init.method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    });
    if (response.status === 429 || response.status === 503) {
      const wait = retryAfterMs(response.headers.get('retry-after'), attempt);
      const maxWait = options.maxRetryWaitMs ?? 300_000;
      if (attempt < maxRetries && (wait <= maxWait || !options.retryOnlyWithinMaxWait)) {
        await response.body?.cancel();
        await sleep(Math.min(maxWait, wait));
        continue;
      }
      throw await errorOf(options.service, response, wait);
    }
    if (!response.ok) throw await errorOf(options.service, response);
    return (await response.json()) as unknown;
  }
}
