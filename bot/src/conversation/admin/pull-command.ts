import type { FetchLike } from '../../admin/clients/api-client.js';
import { tenantTokenProvider } from '../../admin/clients/token-provider.js';
import type { InventoryStore } from '../../admin/inventory/inventory-store.js';
import {
  DEFAULT_PULL_DAYS,
  PULL_ORIGINS,
  PullInputError,
  pullIntoInventory,
  validatePull,
  type PullOrigin,
  type VerdictSource,
} from '../../admin/inventory/pull-sources.js';
import { pullSummaryCard } from '../../cards/import-progress-card.js';
import { classify } from '../../classifier.js';
import type { Logger } from '../../log/logger.js';
import { TENANT_VARIABLES } from '../../admin/readiness/tenant-readiness.js';
import { strings } from '../../strings.js';
import type { AdminCommandContext, BotReply } from '../bot-types.js';
import { ImportProgress, type ImportProgressOptions } from './import-progress.js';
import { actorOf } from './inventory-commands.js';

export interface PullCommandDeps {
  inventory: InventoryStore;
  /** The server's app credentials (absent = Graph and Defender pulls say what to configure). */
  tenant?: { tenantId: string; clientId: string; clientSecret: string; authorityHost: string };
  /** Microsoft Graph v1.0 base URL. */
  graphUrl?: string;
  /** The server's database: its stored reports and checks. */
  verdicts: VerdictSource;
  acceptedDomains: readonly string[];
  logger: Logger;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  progress?: Omit<ImportProgressOptions, 'logger'>;
}

/** `graph`, `defender` or `reports`, with optional days: the first word of `import`'s arguments picks a pull. */
export function isPullRequest(args: string): boolean {
  const first = args.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return (PULL_ORIGINS as readonly string[]).includes(first);
}

/**
 * `import graph|defender|reports [days]`: pulls the inventory from Exchange message trace, Defender advanced hunting
 * or the verdicts stored here, as long work with a progress card, ending with the summary.
 */
export async function pullCommand(
  deps: PullCommandDeps,
  args: string,
  { user, runLong }: AdminCommandContext,
): Promise<BotReply[]> {
  const [first = '', daysText, ...rest] = args.trim().toLowerCase().split(/\s+/);
  const origin = first as PullOrigin;
  const days = daysText === undefined ? DEFAULT_PULL_DAYS : /^\d+$/.test(daysText) ? Number(daysText) : NaN;
  if (rest.length) return [{ text: strings.admin.pullUsage }];
  if (origin !== 'reports' && !deps.tenant)
    return [{ text: strings.admin.pullNotConfigured(origin, TENANT_VARIABLES) }];
  if (origin === 'defender' && deps.acceptedDomains.length === 0) return [{ text: strings.admin.pullNeedsDomains }];
  try {
    validatePull({ origin, days, acceptedDomains: deps.acceptedDomains });
  } catch (error) {
    return [
      {
        text:
          error instanceof PullInputError
            ? strings.admin.pullUsage
            : strings.admin.pullFailed(error instanceof Error ? error.message : String(error)),
      },
    ];
  }
  const tenant = deps.tenant;
  return runLong(async (io) => {
    await io.typing();
    const label = strings.admin.pullLabels[origin] ?? origin;
    const progress = await ImportProgress.start(io, label, { ...deps.progress, logger: deps.logger });
    const started = Date.now();
    let lastTyping = started;
    try {
      const result = await pullIntoInventory(deps.inventory, {
        origin,
        days,
        acceptedDomains: deps.acceptedDomains,
        actor: actorOf(user),
        ...(tenant
          ? {
              tokens: tenantTokenProvider(tenant, deps.fetch),
            }
          : {}),
        ...(deps.graphUrl ? { graphBaseUrl: deps.graphUrl } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        verdicts: deps.verdicts,
        classify,
        onProgress: (p) => {
          progress.report({
            rows: p.rows,
            share: p.step / Math.max(1, p.steps),
            step: { step: p.step, steps: p.steps },
          });
          if (Date.now() - lastTyping >= 3000) {
            lastTyping = Date.now();
            void io.typing();
          }
        },
      });
      deps.logger.info('inventory.pulled', {
        origin,
        days,
        rows: result.record.rows,
        sources: result.record.sources,
        ms: Date.now() - started,
      });
      return progress.finish([{ card: pullSummaryCard(result) }]);
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split(/\r?\n/)[0]!;
      deps.logger.warn('inventory.pull-failed', { origin, error: message });
      return progress.finish([{ text: strings.admin.pullFailed(message) }]);
    }
  });
}
