import { ProbeRefusedError, type ProbeGate, probeDirectSend, type ProbeResult } from '../../admin/probe/smtp-probe.js';
import {
  PROBE_VERBS,
  probeCancelledCard,
  probeConfirmCard,
  probeResultCard,
  type ProbePlan,
} from '../../cards/probe-card.js';
import type { ProbeConfig } from '../../config/config.js';
import { domainIn } from '../../config/probe-config.js';
import type { Logger } from '../../log/logger.js';
import { strings } from '../../strings.js';
import type { AdminCardAction, AdminCommand, BotReply, BotUser } from '../bot-types.js';
import { actorOf } from './inventory-commands.js';

export interface ProbeCommandDeps {
  /** Absent: the tenant is not configured, and the command says what to set. */
  probe?: ProbeConfig;
  /** One per server, shared by the typed command and the button, so the tenant's MX is probed at most once per interval. */
  limiter: ProbeGate;
  logger: Logger;
  clock?: () => number;
}

const MAILBOX = /^[^\s<>@"',;]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

type Checked = { ok: true; plan: ProbePlan } | { ok: false; message: string };

/** `probe <mailbox>` (a confirmation card), `probe <mailbox> confirm` and the card's Run / Cancel buttons. */
export function probeCommands(deps: ProbeCommandDeps): {
  command: AdminCommand;
  cardActions: Map<string, AdminCardAction>;
} {
  const clock = deps.clock ?? Date.now;

  function check(text: string): Checked {
    const probe = deps.probe;
    if (!probe) return { ok: false, message: strings.probe.notConfigured };
    if (!text) return { ok: false, message: strings.probe.usage };
    const mailbox = text
      .replace(/^mailto:/i, '')
      .replace(/^<(.*)>$/, '$1')
      .toLowerCase();
    if (!MAILBOX.test(mailbox)) return { ok: false, message: strings.probe.badMailbox(text.slice(0, 100)) };
    if (!domainIn(mailbox.split('@')[1]!, probe.recipientDomains))
      return { ok: false, message: strings.probe.foreignMailbox(mailbox, probe.recipientDomains) };
    return {
      ok: true,
      plan: { host: probe.mxHost, port: probe.port, heloName: probe.heloName, mailFrom: probe.mailFrom, mailbox },
    };
  }

  /** Runs the probe; a refusal (rate limit) is a message, anything else a result card. */
  async function run(plan: ProbePlan, user: BotUser): Promise<{ result: ProbeResult } | { message: string }> {
    const probe = deps.probe!;
    try {
      const result = await probeDirectSend({
        host: plan.host,
        port: plan.port,
        heloName: plan.heloName,
        mailFrom: plan.mailFrom,
        rcptTo: plan.mailbox,
        confirmed: true,
        timeoutMs: probe.timeoutMs,
        limiter: deps.limiter,
      });
      deps.logger.info('probe.run', {
        by: user.id,
        host: plan.host,
        outcome: result.outcome,
        code: result.reply?.code,
        enhanced: result.reply?.enhanced,
      });
      return { result };
    } catch (error) {
      if (error instanceof ProbeRefusedError) {
        deps.logger.info('probe.refused', { by: user.id, code: error.code });
        const wait = /in (\d+) s$/.exec(error.message)?.[1];
        return {
          message:
            error.code === 'rate-limited'
              ? strings.probe.rateLimited(Number(wait ?? 60))
              : strings.probe.refused(error.message),
        };
      }
      throw error;
    }
  }

  const command: AdminCommand = async (args, { user, runLong }) => {
    const words = args.split(/\s+/).filter(Boolean);
    const confirmed = words.length === 2 && words[1]!.toLowerCase() === 'confirm';
    if (words.length > (confirmed ? 2 : 1)) return [{ text: strings.probe.usage }];
    const checked = check(words[0] ?? '');
    if (!checked.ok) return [{ text: checked.message }];
    if (!confirmed) return [{ card: probeConfirmCard(checked.plan) }];
    return runLong(async ({ typing }): Promise<BotReply[]> => {
      await typing();
      const out = await run(checked.plan, user);
      return 'result' in out
        ? [{ card: probeResultCard(out.result, checked.plan, actorOf(user), clock()) }]
        : [{ text: out.message }];
    });
  };

  const cardActions = new Map<string, AdminCardAction>();
  cardActions.set(PROBE_VERBS.run, async (data, { user }) => {
    // The button's data comes back from the client: checked again like typed input.
    const checked = check(typeof data.mailbox === 'string' ? data.mailbox : '');
    if (!checked.ok) return { message: checked.message };
    const out = await run(checked.plan, user);
    return 'result' in out
      ? { card: probeResultCard(out.result, checked.plan, actorOf(user), clock()) }
      : { message: out.message };
  });
  cardActions.set(PROBE_VERBS.cancel, async (_data, { user }) => ({ card: probeCancelledCard(user.name ?? user.id) }));
  return { command, cardActions };
}
