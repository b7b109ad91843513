import { CardFactory, TurnContext, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { AdminDirectory } from '../auth/principal.js';
import { isAdmin } from '../auth/principal.js';
import type { BotCore } from '../conversation/bot-core.js';
import type { BotReply, BotUser, LongWork, ReplyMeta, TurnIo, WorkIo } from '../conversation/bot-types.js';
import type { Logger } from '../log/logger.js';
import type { ConversationRefStore } from '../storage/conversation-refs.js';
import type { RateDecision } from '../storage/rate-limits.js';
import { strings } from '../strings.js';
import { toBotInput } from './activity-input.js';
import { SECURITY_CHANNEL_KEY } from './security-channel.js';

export interface TeamsBotOptions {
  core: BotCore;
  admins: AdminDirectory;
  /** Membership of ADMIN_GROUP_IDS through Graph (Teams activities carry no groups claim); absent = admins by object id only. */
  adminGroups?: { isMember(userId: string): Promise<boolean> };
  conversationRefs: ConversationRefStore;
  securityChannelId?: string;
  logger: Logger;
  /** Posts into a conversation after its turn ended (CloudAdapter.continueConversationAsync); absent = long work runs in the turn. */
  continueConversation?: (
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ) => Promise<void>;
  /** Told about every piece of long work started after a turn, so shutdown can wait for it. */
  onBackground?: (work: Promise<void>) => void;
  /**
   * Local mode (no Bot Framework authentication; the endpoint serves this computer only): every activity is this
   * user, whatever its `from` says. Absent = the authenticated activity's `from.aadObjectId`.
   */
  localUser?: BotUser;
  /** The organization's tenant: activities whose `conversation.tenantId` is another are ignored. */
  tenantId?: string;
  /**
   * Bot Framework authentication is on: a turn is only served when the token's `serviceurl` claim is the
   * activity's serviceUrl, so replies never go to an address the caller picked (Emulator tokens carry none).
   */
  requireVouchedServiceUrl?: boolean;
  /** Counts one activity of the user; refused beyond the per-user rate (RATE_LIMIT_BOT_PER_MINUTE). */
  rateLimit?: (userId: string) => Promise<RateDecision>;
}

/** The Bot Framework token claim naming the connector the token was issued for. */
const SERVICE_URL_CLAIM = 'serviceurl';

/** Why a turn is not served; undefined when it is. */
function turnRefusal(context: TurnContext, options: TeamsBotOptions): string | undefined {
  const activity = context.activity;
  if (options.requireVouchedServiceUrl) {
    const identity = context.turnState.get<{ getClaimValue(name: string): string | null } | undefined>(
      context.adapter.BotIdentityKey,
    );
    const vouched = identity?.getClaimValue(SERVICE_URL_CLAIM);
    if (!vouched || vouched !== activity.serviceUrl) return 'service-url-not-vouched';
  }
  if (options.tenantId) {
    const data = (activity.channelData ?? {}) as { tenant?: { id?: string } };
    const tenant = (activity.conversation?.tenantId ?? data.tenant?.id ?? '').toLowerCase();
    if (tenant !== options.tenantId.toLowerCase()) return 'other-tenant';
  }
  return undefined;
}

/** A reply as an activity: the intent in channelData; suggested actions (buttons sending the command) when `last`. */
const toActivity = (reply: BotReply, meta: ReplyMeta = {}, last = false): Partial<Activity> => {
  const activity: Partial<Activity> =
    'card' in reply
      ? { type: 'message', attachments: [CardFactory.adaptiveCard(reply.card)] }
      : { type: 'message', text: reply.text, textFormat: 'markdown' };
  if (meta.intent) activity.channelData = { intent: meta.intent };
  if (last && meta.suggestions?.length) {
    activity.suggestedActions = {
      to: [],
      actions: meta.suggestions.map((command) => ({
        type: 'imBack',
        title: strings.suggestion[command] ?? command,
        value: command,
      })),
    };
  }
  return activity;
};

const typingOn = (context: TurnContext, logger: Logger): WorkIo => ({
  typing: async () => {
    await context
      .sendActivity({ type: 'typing' })
      .catch((error: unknown) => logger.warn('bot.typing-failed', { error }));
  },
});

/** Typing, plus messages that are posted now and replaced later (updateActivity), for work after the turn. */
const progressOn = (context: TurnContext, logger: Logger, meta: ReplyMeta): WorkIo => ({
  ...typingOn(context, logger),
  progress: async (reply) => {
    const sent = await context
      .sendActivity(toActivity(reply, { ...(meta.intent ? { intent: meta.intent } : {}) }))
      .catch((error: unknown) => logger.warn('bot.progress-post-failed', { error }));
    const id = sent?.id;
    if (!id) return undefined;
    return {
      update: async (next) =>
        context.updateActivity({ ...toActivity(next, { ...(meta.intent ? { intent: meta.intent } : {}) }), id }).then(
          () => true,
          (error: unknown) => {
            logger.warn('bot.progress-update-failed', { error });
            return false;
          },
        ),
    };
  },
});

/**
 * The channel gives a turn about 15 seconds. Long work therefore runs after the turn, posting its replies (and
 * typing indicators) through a proactive context; with `expectReplies` every reply must be in the turn's answer,
 * so there it runs inline.
 */
function longWorkRunner(
  context: TurnContext,
  options: TeamsBotOptions,
): (work: LongWork, meta?: ReplyMeta) => Promise<BotReply[]> {
  return async (work, meta = {}) => {
    const continueConversation = options.continueConversation;
    if (!continueConversation || context.activity.deliveryMode === 'expectReplies')
      return work(typingOn(context, options.logger));
    const reference = TurnContext.getConversationReference(context.activity);
    const background = continueConversation(reference, async (later) => {
      let replies: BotReply[];
      try {
        replies = await work(progressOn(later, options.logger, meta));
      } catch (error) {
        options.logger.error('bot.long-work-failed', { error });
        replies = [{ text: strings.longWorkFailed }];
      }
      for (const [index, reply] of replies.entries())
        await later.sendActivity(toActivity(reply, meta, index === replies.length - 1));
    }).catch((error: unknown) => options.logger.error('bot.long-work-reply-failed', { error }));
    options.onBackground?.(background);
    return [];
  };
}

/** The turn handler: translate the activity, run the bot core, send what it answers. */
export function createTeamsBot(options: TeamsBotOptions): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const activity = context.activity;
    const refusal = turnRefusal(context, options);
    if (refusal) {
      options.logger.warn('bot.activity-refused', { reason: refusal, activityType: activity.type });
      if (activity.type === 'invoke')
        await context.sendActivity({ type: 'invokeResponse', value: { status: 403, body: {} } });
      return;
    }
    await rememberSecurityChannel(activity, options);
    const input = toBotInput(activity);
    if (!input) {
      if (activity.type === 'invoke')
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: {} } });
      return;
    }
    // Counted before anything costly (the Graph group check) runs for the activity.
    const rate = options.rateLimit ? await options.rateLimit(userIdOf(activity, options)) : { ok: true as const };
    if (!rate.ok) {
      options.logger.warn('bot.rate-limited', { retryAfterSeconds: rate.retryAfterSeconds });
      if (activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: {
            status: 429,
            body: { error: { code: 'rate-limited', message: strings.api.rateLimited(rate.retryAfterSeconds) } },
          },
        });
      } else {
        await context.sendActivity({ type: 'message', text: strings.api.rateLimited(rate.retryAfterSeconds) });
      }
      return;
    }
    const user = await botUser(activity, options);
    const io: TurnIo = { ...typingOn(context, options.logger), runLong: longWorkRunner(context, options) };
    const output = await options.core.handle(input, user, io);
    if (output.updateCard && activity.replyToId) {
      // Replaces the card for everyone in the conversation, not just the person who pressed the button.
      await context
        .updateActivity({
          id: activity.replyToId,
          type: 'message',
          attachments: [CardFactory.adaptiveCard(output.updateCard)],
        })
        .catch((error: unknown) => options.logger.warn('bot.card-update-failed', { error }));
    }
    if (output.invoke) await context.sendActivity({ type: 'invokeResponse', value: output.invoke });
    for (const [index, reply] of output.replies.entries()) {
      await context.sendActivity(toActivity(reply, output, index === output.replies.length - 1));
    }
  };
}

function userIdOf(activity: Activity, options: TeamsBotOptions): string {
  return options.localUser?.id ?? activity.from?.aadObjectId?.toLowerCase() ?? activity.from?.id ?? 'unknown';
}

async function botUser(activity: Activity, options: TeamsBotOptions): Promise<BotUser> {
  if (options.localUser) return options.localUser;
  const oid = activity.from?.aadObjectId?.toLowerCase();
  let admin = isAdmin(options.admins, oid);
  if (!admin && oid && options.adminGroups) admin = await options.adminGroups.isMember(oid);
  const user: BotUser = { id: userIdOf(activity, options), isAdmin: admin };
  if (activity.from?.name) user.name = activity.from.name;
  return user;
}

async function rememberSecurityChannel(activity: Activity, options: TeamsBotOptions): Promise<void> {
  const wanted = options.securityChannelId;
  if (!wanted || activity.conversation?.conversationType !== 'channel') return;
  const data = (activity.channelData ?? {}) as { channel?: { id?: string }; team?: { id?: string } };
  const conversationId = activity.conversation.id.split(';')[0];
  if (conversationId !== wanted && data.channel?.id !== wanted) return;
  const reference = TurnContext.getConversationReference(activity) as ConversationReference;
  // New posts go to the channel itself, not into the thread this activity came from.
  reference.conversation = { ...reference.conversation, id: wanted };
  delete reference.activityId;
  await options.conversationRefs.save(SECURITY_CHANNEL_KEY, reference);
  options.logger.info('security-channel.reference-saved', {});
}

export type { CloudAdapter };
