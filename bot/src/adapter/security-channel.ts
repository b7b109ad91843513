import {
  CardFactory,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { PostedMessage, SecurityChannel } from '../alerts/security-channel-sink.js';
import type { AdaptiveCard } from '../cards/card-types.js';
import type { ConversationRefStore } from '../storage/conversation-refs.js';

/** The part of botframework-connector's ConnectorClient used here. */
interface ConversationsClient {
  conversations: {
    sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
  };
}

export const SECURITY_CHANNEL_KEY = 'security-channel';

/** The connector's answer status on a failed call (botframework-connector's RestError). */
const statusOf = (error: unknown): number | undefined => {
  const e = error as { statusCode?: unknown; response?: { status?: unknown } } | null;
  const status = e?.statusCode ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
};

/** Proactive posts to the security channel, and replacements of them, through its stored conversation reference. */
export function proactiveSecurityChannel(
  adapter: CloudAdapter,
  appId: string | undefined,
  refs: ConversationRefStore,
): SecurityChannel {
  /** Runs `call` with the channel's connector client; false when no conversation reference is stored. */
  const withConnector = async (
    call: (client: ConversationsClient, reference: Partial<ConversationReference>) => Promise<void>,
  ): Promise<boolean> => {
    const reference = (await refs.get(SECURITY_CHANNEL_KEY)) as Partial<ConversationReference> | undefined;
    if (!reference?.conversation?.id) return false;
    // The error is carried out of the turn: thrown inside, the adapter's onTurnError would take it (and answer the
    // channel with an apology) instead of the outbox, which must see the failure to retry.
    let failure: { error: unknown } | undefined;
    await adapter.continueConversationAsync(appId ?? '', reference, async (context: TurnContext) => {
      try {
        await call(context.turnState.get<ConversationsClient>(context.adapter.ConnectorClientKey), reference);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
    return true;
  };
  const messageOf = (card: AdaptiveCard, reference: Partial<ConversationReference>): Partial<Activity> => ({
    type: 'message',
    attachments: [CardFactory.adaptiveCard(card)],
    ...(reference.bot ? { from: reference.bot } : {}),
    conversation: reference.conversation as ConversationReference['conversation'],
  });

  return {
    async post(card: AdaptiveCard) {
      let posted: PostedMessage | undefined;
      const found = await withConnector(async (client, reference) => {
        // sendToConversation, not a reply: a new top-level post in the channel for each report.
        const conversationId = reference.conversation!.id;
        const response = await client.conversations.sendToConversation(conversationId, messageOf(card, reference));
        if (!response?.id) throw new Error('the channel did not return an activity id');
        posted = { conversationId, activityId: response.id };
      });
      return found ? posted : undefined;
    },
    async update(message: PostedMessage, card: AdaptiveCard) {
      let result: 'updated' | 'missing' = 'updated';
      const found = await withConnector(async (client, reference) => {
        // PUT /v3/conversations/{conversationId}/activities/{activityId}: replaces the card for everyone.
        const activity = { ...messageOf(card, reference), id: message.activityId };
        activity.conversation = { ...activity.conversation!, id: message.conversationId };
        try {
          await client.conversations.updateActivity(message.conversationId, message.activityId, activity);
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
          result = 'missing';
        }
      });
      return found ? result : undefined;
    },
  };
}
