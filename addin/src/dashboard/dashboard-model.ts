/** The dashboard's state: the series, a page of the sources table, readiness, and the admin's last decision. */
import type { ApiFailure } from '../api-client.js';
import { strings } from '../strings.js';
import type { DashboardApi, DashboardData, Decision, ReadinessData, SourceRow } from './dashboard-api.js';

export const PAGE_SIZE = 25;

export type ReadinessState =
  | { phase: 'loading' }
  | { phase: 'ready'; data: ReadinessData }
  | { phase: 'not-configured'; message: string }
  | { phase: 'error'; message: string };

export interface DashboardState {
  /** `forbidden`: the server says the caller is not an admin. */
  phase: 'loading' | 'ready' | 'forbidden' | 'error';
  data?: DashboardData;
  error?: string;
  sources: SourceRow[];
  offset: number;
  hasMore: boolean;
  sourcesError?: string;
  readiness: ReadinessState;
  /** The last decision's outcome, announced to screen readers. */
  notice?: { intent: 'success' | 'error'; text: string };
  /** The source whose decision is being recorded. */
  pending?: string;
}

function failureText(failure: ApiFailure): string {
  if (failure.status !== undefined) return strings.tab.serverError(failure.message);
  if (failure.code === 'auth') return strings.tab.signInFailed(failure.message);
  return failure.code === 'timeout' ? strings.tab.timeout : strings.tab.unreachable;
}

export class DashboardModel {
  private current: DashboardState = {
    phase: 'loading',
    sources: [],
    offset: 0,
    hasMore: false,
    readiness: { phase: 'loading' },
  };
  private readonly listeners = new Set<() => void>();
  private generation = 0;

  constructor(private readonly api: DashboardApi) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DashboardState => this.current;

  /**
   * Loads everything; the charts show as soon as their series arrive, readiness and the table fill in beside them.
   * `fresh` (the Refresh button): readiness reads the tenant again.
   */
  async load(fresh = false): Promise<void> {
    const generation = ++this.generation;
    this.set({ phase: 'loading', error: undefined, notice: undefined, readiness: { phase: 'loading' } });
    const series = this.api.dashboard().then((result) => {
      if (generation !== this.generation) return;
      if (result.ok) this.set({ phase: 'ready', data: result.body });
      else if (result.status === 403) this.set({ phase: 'forbidden' });
      else this.set({ phase: 'error', error: failureText(result) });
    });
    const readiness = this.api.readiness(fresh).then((result) => {
      if (generation !== this.generation) return;
      if (result.ok) this.set({ readiness: { phase: 'ready', data: result.body } });
      else if (result.code === 'tenant-not-configured')
        this.set({ readiness: { phase: 'not-configured', message: result.message } });
      else this.set({ readiness: { phase: 'error', message: failureText(result) } });
    });
    await Promise.all([series, readiness, this.loadSources(this.current.offset, generation)]);
  }

  showPage(offset: number): Promise<void> {
    return this.loadSources(Math.max(0, offset), this.generation);
  }

  /** Records an admin's decision through the server, then refreshes the row and the counts. */
  async decide(source: SourceRow, decision: Decision): Promise<void> {
    this.set({ pending: source.ip, notice: undefined });
    const result = await this.api.decide(source.ip, decision);
    if (!result.ok) {
      this.set({
        pending: undefined,
        notice: { intent: 'error', text: strings.dashboard.decisionFailed(source.ip, failureText(result)) },
      });
      return;
    }
    const updated = result.body.source;
    this.set({
      pending: undefined,
      sources: this.current.sources.map((row) => (row.ip === updated.ip ? updated : row)),
      notice: { intent: 'success', text: strings.dashboard.decisionDone[decision](updated.name ?? updated.ip) },
    });
    const refreshed = await this.api.dashboard();
    if (refreshed.ok) this.set({ data: refreshed.body });
  }

  private async loadSources(offset: number, generation: number): Promise<void> {
    const result = await this.api.sources(offset, PAGE_SIZE + 1);
    if (generation !== this.generation) return;
    if (!result.ok) {
      this.set({ sourcesError: result.status === 403 ? undefined : failureText(result) });
      return;
    }
    const rows = result.body.sources;
    this.set({ sources: rows.slice(0, PAGE_SIZE), offset, hasMore: rows.length > PAGE_SIZE, sourcesError: undefined });
  }

  private set(patch: Partial<DashboardState>): void {
    const next: DashboardState = { ...this.current, ...patch };
    for (const key of Object.keys(patch) as (keyof DashboardState)[]) if (patch[key] === undefined) delete next[key];
    this.current = next;
    this.listeners.forEach((listener) => listener());
  }
}
