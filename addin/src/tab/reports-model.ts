/** The tab's state: loading, the list (with whether the caller is an admin) or an error to retry. */
import type { ListResult, ReportSummary } from './reports-api.js';

export interface ReportsState {
  phase: 'loading' | 'ready' | 'error';
  reports: ReportSummary[];
  /** Known once the server has answered with scope "all" (only admins get it). */
  isAdmin: boolean;
  /** Admins' switch: only their own reports. Everyone else always sees only their own. */
  mine: boolean;
  /** The list shown is everyone's. */
  showingAll: boolean;
  error?: string;
}

export class ReportsModel {
  private current: ReportsState = { phase: 'loading', reports: [], isAdmin: false, mine: false, showingAll: false };
  private readonly listeners = new Set<() => void>();
  private generation = 0;

  constructor(private readonly list: (mine: boolean) => Promise<ListResult>) {}

  get state(): ReportsState {
    return this.current;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReportsState => this.current;

  /** Loads (or reloads) the list; an answer to an older request is dropped. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    const mine = this.current.mine;
    this.set({ phase: 'loading' });
    const result = await this.list(mine);
    if (generation !== this.generation) return;
    if (!result.ok) {
      this.set({ phase: 'error', error: result.message });
      return;
    }
    const all = result.list.scope === 'all';
    this.set({
      phase: 'ready',
      reports: result.list.reports,
      showingAll: all,
      isAdmin: this.current.isAdmin || all,
      error: undefined,
    });
  }

  setMine(mine: boolean): Promise<void> {
    this.set({ mine });
    return this.load();
  }

  private set(patch: Partial<Omit<ReportsState, 'error'>> & { error?: string | undefined }): void {
    const next = { ...this.current, ...patch };
    if (next.error === undefined) delete next.error;
    this.current = next;
    this.listeners.forEach((listener) => listener());
  }
}
