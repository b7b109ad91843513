import type { Logger } from '../log/logger.js';
import { PeriodicTask } from '../schedule/periodic-task.js';
import type { WatchSourceName } from './incident-types.js';
import type { LeaderElector } from './leader-election.js';
import type { PollResult, WatchPoller } from './watch-poller.js';

export interface WatchServiceOptions {
  poller: WatchPoller;
  elector: LeaderElector;
  intervalMs: number;
  sources: readonly WatchSourceName[];
  logger: Logger;
  /** After every poll this instance ran (new incidents: wake the outbox, tag messages). */
  onPolled?: (result: PollResult) => Promise<void> | void;
}

export interface WatchStatus {
  /** The watcher is switched on in this instance. */
  enabled: boolean;
  /** This instance is the one polling (PostgreSQL: it holds the leader lock). */
  leader: boolean;
  intervalMs: number;
  sources: readonly WatchSourceName[];
  polling: boolean;
}

/**
 * Runs a poll every interval in the instance that leads. Every instance asks once per interval, so when the leader
 * dies another takes over within one interval; the watermark and the messages seen are in the database.
 */
export class WatchService {
  private readonly task: PeriodicTask;
  private leading = false;

  constructor(private readonly options: WatchServiceOptions) {
    this.task = new PeriodicTask(
      () => this.tick(),
      options.intervalMs,
      (error) => options.logger.error('watch.tick-failed', { error }),
    );
  }

  status(): WatchStatus {
    return {
      enabled: this.task.started,
      leader: this.leading,
      intervalMs: this.options.intervalMs,
      sources: this.options.sources,
      polling: this.task.running,
    };
  }

  start(): void {
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
    await this.options.elector.release();
    this.leading = false;
  }

  private async tick(): Promise<void> {
    const wasLeading = this.leading;
    this.leading = await this.options.elector.acquire();
    if (this.leading !== wasLeading) this.options.logger.info(this.leading ? 'watch.leader' : 'watch.follower', {});
    if (!this.leading || !this.task.started) return;
    const result = await this.options.poller.poll();
    await this.options.onPolled?.(result);
  }
}
