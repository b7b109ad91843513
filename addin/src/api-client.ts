/** Calls to the Direct Send Guard server (same origin as the add-in pages unless configured otherwise). */
import type { TenantContext, Verdict } from '@dsguard/classifier';

export interface AuthConfig {
  clientId: string;
  scopes: string[];
  authority?: string;
}

/** `GET /api/tenant-context`. */
export interface TenantContextAnswer extends TenantContext {
  notifyDirectSend?: boolean;
  auth?: AuthConfig;
}

/** `POST /api/reports` body (shared contract). */
export interface ReportBody {
  clientReportId: string;
  headers: string;
  verdict: Verdict;
  note?: string;
  eml?: string;
  source: 'addin' | 'addin-spam-report';
  subject?: string;
}

export interface ReportAck {
  id: string;
  status?: string;
  duplicate?: boolean;
}

export type ApiFailure = {
  ok: false;
  /** HTTP status; absent when the server could not be reached. */
  status?: number;
  code: string;
  message: string;
  retryAfterMs?: number;
};
export type ApiResult<T> = { ok: true; status: number; body: T } | ApiFailure;

export type TokenSource = () => Promise<string | null>;

export interface ApiClientOptions {
  /** Origin (and optional path prefix) of the server; '' means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  getToken?: TokenSource;
  timeoutMs?: number;
}

export interface ApiClient {
  getTenantContext(): Promise<ApiResult<TenantContextAnswer>>;
  postReport(body: ReportBody): Promise<ApiResult<ReportAck>>;
  /** Any other call to the server's API, with the same token, timeout and error answers. */
  request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult<T>>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const token = options.getToken ? await options.getToken() : null;
      if (token) headers.Authorization = `Bearer ${token}`;
    } catch (error) {
      return { ok: false, code: 'auth', message: error instanceof Error ? error.message : String(error) };
    }
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    const timer = setTimeout(() => controller?.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(controller ? { signal: controller.signal } : {}),
      });
    } catch (error) {
      const aborted = controller?.signal.aborted;
      return {
        ok: false,
        code: aborted ? 'timeout' : 'network',
        message: aborted
          ? 'The server did not answer in time.'
          : error instanceof Error
            ? error.message
            : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
    let parsed: unknown;
    try {
      const text = await response.text();
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) return { ok: true, status: response.status, body: parsed as T };
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
    return {
      ok: false,
      status: response.status,
      code: typeof error?.code === 'string' ? error.code : `http-${response.status}`,
      message: typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }

  return {
    getTenantContext: () => request<TenantContextAnswer>('GET', '/api/tenant-context'),
    postReport: (body) => request<ReportAck>('POST', '/api/reports', body),
    request,
  };
}
