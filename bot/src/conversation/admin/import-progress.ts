import { importProgressCard, type ImportProgressState } from '../../cards/import-progress-card.js';
import type { Logger } from '../../log/logger.js';
import type { BotReply, ProgressMessage, WorkIo } from '../bot-types.js';

export interface ImportProgressOptions {
  /** At most one update this often (and at least one, as a heartbeat, while the import runs). Default 2 s. */
  everyMs?: number;
  /** An update also goes out as soon as the share known done grew by this much. Default 10 %. */
  everyShare?: number;
  clock?: () => number;
  logger: Logger;
}

/**
 * The progress card of one import: posted when it starts, replaced (throttled) as it advances and finally replaced
 * by the import's answer. Where the channel cannot post before the answer, every call is a no-op and the answer is
 * sent as usual.
 */
export class ImportProgress {
  private state: Omit<ImportProgressState, 'elapsedMs'> = { rows: 0 };
  private lastAt: number;
  private lastShare = 0;
  private inFlight: Promise<unknown> | undefined;
  private readonly timer: ReturnType<typeof setInterval> | undefined;
  private readonly started: number;
  private readonly clock: () => number;
  private done = false;

  private constructor(
    private readonly message: ProgressMessage | undefined,
    private readonly label: string,
    private readonly options: ImportProgressOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.started = this.clock();
    this.lastAt = this.started;
    if (message) {
      // The heartbeat keeps the elapsed time current while nothing is reported (a slow download, a long Graph page).
      this.timer = setInterval(() => this.push(), Math.max(250, this.everyMs));
      this.timer.unref?.();
    }
  }

  private get everyMs(): number {
    return this.options.everyMs ?? 2000;
  }

  static async start(io: WorkIo, label: string, options: ImportProgressOptions): Promise<ImportProgress> {
    let message: ProgressMessage | undefined;
    try {
      message = await io.progress?.({ card: importProgressCard(label, { rows: 0, elapsedMs: 0 }) });
    } catch (error) {
      options.logger.warn('inventory.progress-post-failed', { error });
    }
    return new ImportProgress(message, label, options);
  }

  /** Records where the import stands; updates the card when enough time passed or enough was done. */
  report(state: Omit<ImportProgressState, 'elapsedMs'>): void {
    this.state = state;
    if (!this.message) return;
    const now = this.clock();
    const grew = state.share !== undefined && state.share - this.lastShare >= (this.options.everyShare ?? 0.1);
    if (grew || now - this.lastAt >= this.everyMs) this.push();
  }

  private push(): void {
    if (!this.message || this.done || this.inFlight) return;
    const now = this.clock();
    this.lastAt = now;
    if (this.state.share !== undefined) this.lastShare = this.state.share;
    const card = importProgressCard(this.label, { ...this.state, elapsedMs: now - this.started });
    this.inFlight = this.message.update({ card }).finally(() => (this.inFlight = undefined));
  }

  /** Replaces the card with the first reply; answers the replies still to send (all of them if it could not). */
  async finish(replies: BotReply[]): Promise<BotReply[]> {
    this.done = true;
    if (this.timer) clearInterval(this.timer);
    await this.inFlight;
    if (!this.message || replies.length === 0) return replies;
    return (await this.message.update(replies[0]!)) ? replies.slice(1) : replies;
  }
}
