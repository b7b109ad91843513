import { CardFactory, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';

/** The part of botframework-connector's ConnectorClient used here. */
interface ConversationsClient {
  conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }> };
}
import type { SecurityChannel } from '../alerts/security-channel-sink.js';
import type { AdaptiveCard } from '../cards/card-types.js';
import type { ConversationRefStore } from '../storage/conversation-refs.js';

export const SECURITY_CHANNEL_KEY = 'security-channel';

/** Proactive posts to the security channel through its stored conversation reference. */
export function proactiveSecurityChannel(
  adapter: CloudAdapter,
  appId: string | undefined,
  refs: ConversationRefStore,
): SecurityChannel {
  return {
    async post(card: AdaptiveCard) {
      const reference = (await refs.get(SECURITY_CHANNEL_KEY)) as Partial<ConversationReference> | undefined;
      if (!reference?.conversation?.id) return undefined;
      let posted: { conversationId: string; activityId: string } | undefined;
      await adapter.continueConversationAsync(appId ?? '', reference, async (context) => {
        // sendToConversation, not a reply: a new top-level post in the channel for each report.
        const client = context.turnState.get<ConversationsClient>(context.adapter.ConnectorClientKey);
        const conversationId = reference.conversation!.id;
        const response = await client.conversations.sendToConversation(conversationId, {
          type: 'message',
          attachments: [CardFactory.adaptiveCard(card)],
          ...(reference.bot ? { from: reference.bot } : {}),
          conversation: reference.conversation as ConversationReference['conversation'],
        });
        if (!response?.id) throw new Error('the channel did not return an activity id');
        posted = { conversationId, activityId: response.id };
      });
      return posted;
    },
  };
}
