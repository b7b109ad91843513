/** The dashboard's calls: its series, a page of sources, readiness, and an admin's decision on a source. */
import { createApiClient, type ApiResult, type TokenSource } from '../api-client.js';

export type SourceStatus = 'new' | 'approved' | 'to-migrate' | 'malicious' | 'retired';
/** The store's decisions, as `POST /api/inventory/<source>/decision` takes them. */
export type Decision = 'approve' | 'mark-to-migrate' | 'mark-malicious' | 'retire';
export const DECISIONS: readonly Decision[] = ['approve', 'mark-to-migrate', 'mark-malicious', 'retire'];
export const STATUS_AFTER: Record<Decision, SourceStatus> = {
  approve: 'approved',
  'mark-to-migrate': 'to-migrate',
  'mark-malicious': 'malicious',
  retire: 'retired',
};

export interface DailySeries<K extends string> {
  from: string;
  labels: string[];
  series: ({ values: number[] } & Record<K, string>)[];
}

/** `GET /api/dashboard`. */
export interface DashboardData {
  generatedAt: string;
  sources: {
    total: number;
    statuses: { status: SourceStatus; sources: number; messages: number }[];
    categories: { category: string; sources: number; messages: number }[];
  };
  volume: (DailySeries<'category'> & { estimated: boolean; bucketDays: number }) | null;
  reports: DailySeries<'verdict'>;
  incidents: DailySeries<'verdict'> & { wired: boolean };
}

/** One row of `GET /api/inventory` (fields the dashboard shows). */
export interface SourceRow {
  ip: string;
  name: string | null;
  category: string;
  status: SourceStatus;
  messages: number;
  senders: string[];
  lastSeen: string | null;
  statusBy: string | null;
}

/** `GET /api/readiness` (the part the dashboard shows). */
export interface ReadinessData {
  ready: boolean;
  enforced: boolean;
  findings: {
    id: string;
    level: 'blocker' | 'warning' | 'info';
    message: string;
    domain?: string;
    sourceKey?: string;
  }[];
  plan: { id: string; title: string; detail: string; powershell?: string; sourceKey?: string }[];
}

export interface DashboardApi {
  dashboard(): Promise<ApiResult<DashboardData>>;
  sources(offset: number, limit: number): Promise<ApiResult<{ sources: SourceRow[] }>>;
  /** `fresh`: read the tenant again rather than the server's answer of the last few minutes. */
  readiness(fresh: boolean): Promise<ApiResult<ReadinessData>>;
  decide(key: string, decision: Decision): Promise<ApiResult<{ source: SourceRow }>>;
}

export function createDashboardApi(
  options: { baseUrl?: string; getToken?: TokenSource; fetch?: typeof fetch } = {},
): DashboardApi {
  const client = createApiClient(options);
  return {
    dashboard: () => client.request<DashboardData>('GET', '/api/dashboard'),
    sources: (offset, limit) =>
      client.request<{ sources: SourceRow[] }>('GET', `/api/inventory?limit=${limit}&offset=${offset}`),
    readiness: (fresh) => client.request<ReadinessData>('GET', `/api/readiness${fresh ? '?fresh=1' : ''}`),
    decide: (key, decision) =>
      client.request<{ source: SourceRow }>('POST', `/api/inventory/${encodeURIComponent(key)}/decision`, {
        action: decision,
      }),
  };
}
