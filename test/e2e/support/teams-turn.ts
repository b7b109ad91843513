/** A Teams user's message to the server's bot endpoint over HTTP, answered in the response (`expectReplies`). */
import type { LocalBotFramework } from '../../../bot/test/support/bot-framework';

export type Activity = { type: string; text?: string; attachments?: { contentType: string; content: unknown }[] };

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export interface TeamsEndpoint {
  /** The server under test. */
  url: string;
  /** The Bot Connector the bot replies to (a local server). */
  serviceUrl: string;
  /** The conversation's tenant, when the server has one configured. */
  tenantId?: string;
  /** Signs the turn as Teams does (the server runs with its BOT_ID); without it only local mode answers. */
  botFramework?: LocalBotFramework;
}

export async function teamsTurn(
  to: TeamsEndpoint,
  user: TeamsUser,
  extra: Record<string, unknown>,
): Promise<Activity[]> {
  const authorization = to.botFramework ? `Bearer ${await to.botFramework.channelToken(to.serviceUrl)}` : undefined;
  const res = await fetch(`${to.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({
      type: 'message',
      id: `in-${Math.random().toString(36).slice(2)}`,
      channelId: 'msteams',
      serviceUrl: to.serviceUrl,
      from: user,
      recipient: { id: '28:dsguard', name: 'Direct Send Guard' },
      conversation: {
        id: `a:personal-${user.aadObjectId}`,
        conversationType: 'personal',
        ...(to.tenantId ? { tenantId: to.tenantId } : {}),
      },
      deliveryMode: 'expectReplies',
      ...extra,
    }),
  });
  if (res.status !== 200) throw new Error(`the bot answered HTTP ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { activities: Activity[] }).activities;
}

/** The first Adaptive Card among a turn's replies. */
export const cardIn = (activities: readonly Activity[]): unknown =>
  activities
    .flatMap((a) => a.attachments ?? [])
    .find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;

/** A Teams file attachment pointing at `url` (what the bot downloads for `import`). */
export const fileAttachment = (name: string, url: string) => ({
  contentType: 'application/vnd.microsoft.teams.file.download.info',
  name,
  content: { downloadUrl: url, uniqueId: name, fileType: 'csv' },
});
