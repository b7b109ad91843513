/**
 * Runs `work` now and then every `intervalMs` after the previous run ended (never two at once), until stopped.
 * `poke` runs it now when idle. A failing run is reported to `onError` and the schedule goes on.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** A run is in progress. */
  get running(): boolean {
    return this.current !== undefined;
  }

  get started(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  poke(): void {
    if (!this.stopped && !this.current) this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.current = this.work()
        .then(() => undefined)
        .catch(this.onError)
        .finally(() => {
          this.current = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }
}
