import type { Logger } from '../log/logger.js';
import type { ReportStore } from '../reports/report-store.js';
import { claimDue, markDelivered, markFailed } from '../storage/outbox.js';
import type { SqlClient } from '../storage/sql-client.js';
import { PeriodicTask } from '../schedule/periodic-task.js';
import type { AlertSink } from './alert-sink.js';
import type { IncidentAlertSource } from './incident-alert.js';

export interface OutboxWorkerOptions {
  pollMs?: number;
  leaseMs?: number;
  batch?: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export function backoffMs(attempts: number, base: number, max: number, random = Math.random): number {
  const exp = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.75 + random() * 0.5));
}

/**
 * Delivers queued alerts. Nothing is dropped: a failing destination is retried with exponential backoff
 * (capped), and items survive restarts because they live in the database until delivered.
 */
export class OutboxWorker {
  private readonly task: PeriodicTask;
  private readonly sinks: Map<string, AlertSink>;
  private readonly opts: Required<OutboxWorkerOptions>;

  constructor(
    private readonly db: SqlClient,
    private readonly reports: ReportStore,
    sinks: AlertSink[],
    private readonly logger: Logger,
    options: OutboxWorkerOptions = {},
    /** The tenant watcher's incidents (items `{ incidentId }`). */
    private readonly incidents?: IncidentAlertSource,
  ) {
    this.sinks = new Map(sinks.map((s) => [s.kind, s]));
    this.opts = { pollMs: 1000, leaseMs: 60000, batch: 20, baseBackoffMs: 5000, maxBackoffMs: 3600000, ...options };
    this.task = new PeriodicTask(
      () => this.runOnce(),
      this.opts.pollMs,
      (error) => this.logger.error('outbox.poll-failed', { error }),
    );
  }

  get kinds(): string[] {
    return [...this.sinks.keys()];
  }

  start(): void {
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }

  /** Wakes the worker now (a report was just filed). */
  poke(): void {
    this.task.poke();
  }

  /** One pass over due items; answers how many were delivered. */
  async runOnce(now = Date.now()): Promise<number> {
    const items = await claimDue(this.db, this.opts.batch, this.opts.leaseMs, now);
    let delivered = 0;
    for (const item of items) {
      const sink = this.sinks.get(item.kind);
      const { reportId, incidentId, revision } = item.payload as {
        reportId?: string;
        incidentId?: string;
        revision?: number;
      };
      try {
        if (!sink) throw new Error(`no "${item.kind}" destination is configured`);
        if (incidentId) {
          await this.deliverIncident(sink, item.id, incidentId, revision !== undefined);
        } else {
          const report = reportId ? await this.reports.get(reportId) : undefined;
          if (!report) {
            this.logger.warn('outbox.report-missing', { outboxId: item.id, kind: item.kind });
          } else {
            await sink.deliver(report);
          }
        }
        await markDelivered(this.db, item.id);
        delivered += 1;
        this.logger.info('outbox.delivered', {
          outboxId: item.id,
          kind: item.kind,
          reportId,
          incidentId,
          ...(revision !== undefined ? { revision } : {}),
          attempts: item.attempts,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retryAt = Date.now() + backoffMs(item.attempts, this.opts.baseBackoffMs, this.opts.maxBackoffMs);
        await markFailed(this.db, item.id, message, retryAt);
        this.logger.warn('outbox.delivery-failed', {
          outboxId: item.id,
          kind: item.kind,
          reportId,
          incidentId,
          attempts: item.attempts,
          retryAt: new Date(retryAt).toISOString(),
          error: message,
        });
      }
    }
    return delivered;
  }

  /**
   * A new incident, or an update (`{ incidentId, revision }`): either way the incident as it stands now. An update
   * the destination already has (a newer one, or the new incident's alert, went out since it was queued) is skipped,
   * so a late or repeated item never sends older counts after newer ones.
   */
  private async deliverIncident(sink: AlertSink, outboxId: string, incidentId: string, update: boolean): Promise<void> {
    const alert = await this.incidents?.alertFor(incidentId);
    if (!alert) {
      this.logger.warn('outbox.incident-missing', { outboxId, kind: sink.kind });
      return;
    }
    const revision = alert.incident.revision;
    if (update && ((await this.incidents!.deliveredRevision(incidentId, sink.kind)) ?? -1) >= revision) {
      this.logger.info('outbox.update-current', { outboxId, kind: sink.kind, incidentId, revision });
      return;
    }
    if (update) await sink.deliverIncidentUpdate(alert);
    else await sink.deliverIncident(alert);
    await this.incidents!.setDeliveredRevision(incidentId, sink.kind, revision);
  }
}
