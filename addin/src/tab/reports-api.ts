/** `GET /api/reports` for the tab: the signed-in user's reports, or everyone's for admins. */
import { strings } from '../strings.js';
import type { TokenAnswer } from './teams-host.js';

/** One row of `GET /api/reports` (the server's report summary; fields the tab does not show are left out). */
export interface ReportSummary {
  id: string;
  createdAt: string;
  subject?: string;
  /** Verdict code (spoof, suspicious, ...). */
  verdict: string;
  score: number;
  status: string;
  reporterId: string;
  reporterName?: string;
}

export interface ReportList {
  reports: ReportSummary[];
  /** "all" only for admins who did not ask for their own. */
  scope: 'own' | 'all';
}

export type ListResult = { ok: true; list: ReportList } | { ok: false; message: string };

export interface ReportsApiOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Absent outside Teams: the local server serves loopback callers without a token. */
  getToken?: () => Promise<TokenAnswer>;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
export const PAGE_SIZE = 100;

function isSummary(value: unknown): value is ReportSummary {
  const r = value as Partial<ReportSummary> | null;
  return (
    !!r &&
    typeof r.id === 'string' &&
    typeof r.createdAt === 'string' &&
    typeof r.verdict === 'string' &&
    typeof r.score === 'number' &&
    typeof r.status === 'string' &&
    (r.subject === undefined || typeof r.subject === 'string')
  );
}

function parseList(body: unknown): ReportList | null {
  const b = body as { reports?: unknown; scope?: unknown } | null;
  if (!b || !Array.isArray(b.reports) || (b.scope !== 'own' && b.scope !== 'all')) return null;
  if (!b.reports.every(isSummary)) return null;
  return { reports: b.reports, scope: b.scope };
}

export function createReportsApi(options: ReportsApiOptions = {}): { list(mine: boolean): Promise<ListResult> } {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function list(mine: boolean): Promise<ListResult> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const answer = options.getToken ? await options.getToken() : null;
    if (answer?.token) headers.Authorization = `Bearer ${answer.token}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      const query = `limit=${PAGE_SIZE}${mine ? '&mine=1' : ''}`;
      response = await doFetch(`${baseUrl}/api/reports?${query}`, {
        headers,
        credentials: 'same-origin',
        signal: controller.signal,
      });
    } catch {
      return { ok: false, message: controller.signal.aborted ? strings.tab.timeout : strings.tab.unreachable };
    } finally {
      clearTimeout(timer);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      if (response.status === 401 && answer && answer.token === null)
        return { ok: false, message: strings.tab.signInFailed(answer.reason) };
      const error = (body as { error?: { message?: unknown } } | undefined)?.error;
      return {
        ok: false,
        message: strings.tab.serverError(
          typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
        ),
      };
    }
    const parsed = parseList(body);
    return parsed ? { ok: true, list: parsed } : { ok: false, message: strings.tab.badAnswer };
  }

  return { list };
}
