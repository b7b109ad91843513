import { readinessCardModel } from '../../admin/readiness/card-model.js';
import type { ReadinessResult } from '../../admin/readiness/evaluate-readiness.js';
import { readinessCard } from '../../cards/readiness-card.js';
import type { ReadinessOutcome } from '../../admin/readiness/tenant-readiness.js';
import { strings } from '../../strings.js';
import type { AdminCommand, BotReply } from '../bot-types.js';

export interface ReadinessCommandDeps {
  /** Are tenant credentials configured? (Without them the answer is immediate.) */
  configured: boolean;
  evaluate(fresh: boolean): Promise<ReadinessOutcome>;
  /** Links to the plan as Markdown and CSV, for the card's download buttons. */
  downloads(result: ReadinessResult): { md: string; csv: string };
}

/** `readiness`: a fresh evaluation of the configured tenant as a card, or what to configure. */
export function readinessCommand(deps: ReadinessCommandDeps): AdminCommand {
  const answer = async (): Promise<BotReply[]> => {
    const outcome = await deps.evaluate(true);
    if (!outcome.ok) {
      return [
        {
          text:
            outcome.reason === 'not-configured'
              ? strings.admin.readinessNotConfigured(outcome.missing)
              : strings.admin.readinessFailed(outcome.message),
        },
      ];
    }
    const card = readinessCard(readinessCardModel(outcome.result), {
      downloads: deps.downloads(outcome.result),
    });
    return [{ card }];
  };
  return async (_args, { runLong }) => {
    if (!deps.configured) return answer();
    // Reading the tenant (token, three cmdlets, DNS of every domain) may outlast the turn.
    return runLong(async ({ typing }) => {
      await typing();
      return answer();
    });
  };
}
