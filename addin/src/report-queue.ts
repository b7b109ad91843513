/**
 * Reports survive an unreachable server: each one is saved on the device before it is sent and stays until
 * the server acknowledges it (201, or 200 "duplicate"). The clientReportId makes every retry idempotent, so
 * a report is never lost and never filed twice, even when two panes send the same saved report.
 * Each report is stored under its own key, so two panes writing at once cannot overwrite each other.
 */
import type { ApiClient, ApiFailure, ReportAck, ReportBody } from './api-client.js';
import type { KeyValueStorage } from './storage.js';
import { readJson } from './storage.js';

export const REPORT_KEY_PREFIX = 'dsguard.report.v1.';
export const RETRY_BASE_MS = 5_000;
export const RETRY_MAX_MS = 5 * 60_000;

export interface QueuedReport {
  body: ReportBody;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  /** The .eml was left out: storage could not hold it, or the server said it was too large. */
  emlDropped?: 'storage' | 'too-large';
}

export type ReportOutcome =
  | { status: 'sent'; clientReportId: string; id: string; duplicate: boolean; emlDropped?: QueuedReport['emlDropped'] }
  | { status: 'queued'; clientReportId: string; message: string }
  | { status: 'rejected'; clientReportId: string; message: string };

export interface ReportQueueOptions {
  api: Pick<ApiClient, 'postReport'>;
  storage: KeyValueStorage;
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

type Listener = (outcome: ReportOutcome) => void;

/** Whether a failed send is worth retrying later. */
export function isRetryable(failure: ApiFailure): boolean {
  if (failure.status === undefined) return true;
  return failure.status >= 500 || [401, 403, 408, 425, 429].includes(failure.status);
}

export class ReportQueue {
  /** .eml payloads that did not fit in storage, kept for this session only. */
  private readonly memoryEml = new Map<string, string>();
  private readonly listeners = new Set<Listener>();
  /** Reports being sent right now, so a timer flush does not send the same one in parallel. */
  private readonly inFlight = new Map<string, Promise<ReportOutcome>>();
  private flushing: Promise<void> | undefined;
  private timer: unknown;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: ReportQueueOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  onOutcome(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reports saved on this device and not yet acknowledged, oldest first. */
  pending(): QueuedReport[] {
    return this.options.storage
      .keys()
      .filter((key) => key.startsWith(REPORT_KEY_PREFIX))
      .map((key) => readJson<QueuedReport>(this.options.storage, key))
      .filter((entry): entry is QueuedReport => !!entry && typeof entry.body?.clientReportId === 'string')
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Saves the report, then tries to send it at once. Resolves with what happened to it. */
  async submit(body: ReportBody): Promise<ReportOutcome> {
    const entry: QueuedReport = { body, createdAt: this.now(), attempts: 0, nextAttemptAt: this.now() };
    this.save(entry);
    return this.attempt(entry);
  }

  /** Sends every report that is due; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        for (const entry of this.pending()) {
          if (entry.nextAttemptAt <= this.now()) await this.attempt(entry);
        }
      } finally {
        this.flushing = undefined;
        this.schedule();
      }
    })();
    return this.flushing;
  }

  /** Starts retrying in the background; the pane calls this once. */
  start(): void {
    const w = globalThis as { addEventListener?: (type: string, fn: () => void) => void };
    w.addEventListener?.('online', () => void this.flush());
    void this.flush();
  }

  stop(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private keyOf(clientReportId: string): string {
    return REPORT_KEY_PREFIX + clientReportId;
  }

  private save(entry: QueuedReport): void {
    const key = this.keyOf(entry.body.clientReportId);
    try {
      this.options.storage.setItem(key, JSON.stringify(entry));
      return;
    } catch {
      // storage full: keep the .eml in memory and save the rest, so the report itself is never lost
    }
    if (entry.body.eml !== undefined) {
      this.memoryEml.set(entry.body.clientReportId, entry.body.eml);
      const { eml: _eml, ...rest } = entry.body;
      const slim: QueuedReport = { ...entry, body: rest, emlDropped: 'storage' };
      try {
        this.options.storage.setItem(key, JSON.stringify(slim));
      } catch {
        // nothing more can be done on this device; the immediate attempt still carries the report
      }
    }
  }

  private remove(clientReportId: string): void {
    this.options.storage.removeItem(this.keyOf(clientReportId));
    this.memoryEml.delete(clientReportId);
  }

  private emit(outcome: ReportOutcome): ReportOutcome {
    for (const listener of this.listeners) listener(outcome);
    return outcome;
  }

  private attempt(entry: QueuedReport): Promise<ReportOutcome> {
    const id = entry.body.clientReportId;
    const running = this.inFlight.get(id);
    if (running) return running;
    const started = this.send(entry).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, started);
    return started;
  }

  private async send(entry: QueuedReport): Promise<ReportOutcome> {
    const id = entry.body.clientReportId;
    const eml = entry.body.eml ?? this.memoryEml.get(id);
    const body: ReportBody =
      eml !== undefined && entry.emlDropped !== 'too-large' ? { ...entry.body, eml } : entry.body;
    const result = await this.options.api.postReport(body);
    if (result.ok) {
      this.remove(id);
      const ack = (result.body ?? {}) as Partial<ReportAck>;
      const dropped = entry.emlDropped === 'too-large' ? 'too-large' : eml === undefined ? entry.emlDropped : undefined;
      return this.emit({
        status: 'sent',
        clientReportId: id,
        id: typeof ack.id === 'string' ? ack.id : id,
        duplicate: ack.duplicate === true || result.status === 200,
        ...(dropped ? { emlDropped: dropped } : {}),
      });
    }
    if (result.status === 413 && body.eml !== undefined) {
      const { eml: _eml, ...rest } = entry.body;
      const slim: QueuedReport = { ...entry, body: rest, emlDropped: 'too-large' };
      this.memoryEml.delete(id);
      this.save(slim);
      return this.send(slim);
    }
    if (!isRetryable(result)) {
      this.remove(id);
      return this.emit({ status: 'rejected', clientReportId: id, message: result.message });
    }
    const attempts = entry.attempts + 1;
    const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempts - 1));
    const jittered = backoff * (0.8 + 0.4 * this.random());
    const delay = Math.max(jittered, result.retryAfterMs ?? 0);
    this.save({ ...entry, attempts, nextAttemptAt: this.now() + delay, lastError: result.message });
    this.schedule();
    return this.emit({ status: 'queued', clientReportId: id, message: result.message });
  }

  private schedule(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    const next = this.pending().reduce((min, entry) => Math.min(min, entry.nextAttemptAt), Infinity);
    if (next === Infinity) return;
    this.timer = this.setTimer(
      () => {
        this.timer = undefined;
        void this.flush();
      },
      Math.max(0, next - this.now()),
    );
  }
}
