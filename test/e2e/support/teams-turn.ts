/** A Teams user's activities to the server's bot endpoint over HTTP, as Teams sends them. */
import type { LocalBotFramework } from '../../../bot/test/support/bot-framework';

export type Activity = {
  type: string;
  text?: string;
  attachments?: { contentType: string; content: unknown }[];
  [field: string]: unknown;
};

export interface TeamsUser {
  id: string;
  aadObjectId?: string;
  name: string;
}

/** The people of the tests' tenant: an admin (ADMIN_USER_IDS names them) and a user. */
export const ADMIN = '11111111-1111-4111-8111-111111111111';
export const ANN = '22222222-2222-4222-8222-222222222222';
export const admin: TeamsUser = { id: '29:sec', aadObjectId: ADMIN, name: 'Sec' };
export const ann: TeamsUser = { id: '29:ann', aadObjectId: ANN, name: 'Ann' };

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

/** `user`'s message in their personal chat with the bot, answered in the HTTP response (`expectReplies`). */
export const teamsActivity = (
  to: TeamsEndpoint,
  user: TeamsUser,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  type: 'message',
  id: `in-${Math.random().toString(36).slice(2)}`,
  channelId: 'msteams',
  serviceUrl: to.serviceUrl,
  from: user,
  recipient: { id: '28:dsguard', name: 'Direct Send Guard' },
  conversation: {
    id: `a:personal-${user.aadObjectId ?? user.id}`,
    conversationType: 'personal',
    ...(to.tenantId ? { tenantId: to.tenantId } : {}),
  },
  deliveryMode: 'expectReplies',
  ...extra,
});

/** Posts `activity` to /api/messages, with a channel token vouching for its serviceUrl when `to` has a Bot Framework. */
export async function postActivity(to: TeamsEndpoint, activity: Record<string, unknown>): Promise<Response> {
  const serviceUrl = String(activity.serviceUrl ?? to.serviceUrl);
  const authorization = to.botFramework ? `Bearer ${await to.botFramework.channelToken(serviceUrl)}` : undefined;
  return fetch(`${to.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
}

/** A message turn; the bot's replies (throws unless the endpoint answered 200). */
export async function teamsTurn(
  to: TeamsEndpoint,
  user: TeamsUser,
  extra: Record<string, unknown>,
): Promise<Activity[]> {
  const res = await postActivity(to, teamsActivity(to, user, extra));
  if (res.status !== 200) throw new Error(`the bot answered HTTP ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { activities: Activity[] }).activities;
}

/** An invoke activity (`name`, `value`); the HTTP status and the invoke response's body. */
export async function teamsInvoke(
  to: TeamsEndpoint,
  user: TeamsUser,
  name: string,
  value: unknown,
  extra: Record<string, unknown> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await postActivity(
    to,
    teamsActivity(to, user, { type: 'invoke', name, value, deliveryMode: undefined, ...extra }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A press of an Adaptive Card's Action.Execute button (`extra.replyToId`: the card's message). */
export const pressButton = (
  to: TeamsEndpoint,
  user: TeamsUser,
  verb: string,
  data: unknown,
  extra: Record<string, unknown> = {},
): Promise<{ status: number; body: Record<string, unknown> }> =>
  teamsInvoke(to, user, 'adaptiveCard/action', { action: { type: 'Action.Execute', verb, data } }, extra);

/** The first Adaptive Card among a turn's replies (throws when there is none). */
export const cardIn = (activities: readonly Activity[]): unknown => {
  const card = activities
    .flatMap((a) => a.attachments ?? [])
    .find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!card) throw new Error(`no card in ${JSON.stringify(activities)}`);
  return card.content;
};

/** A Teams file attachment pointing at `url` (what the bot downloads for `import`, or a pasted .eml). */
export const fileAttachment = (name: string, url: string, fileType = 'csv') => ({
  contentType: 'application/vnd.microsoft.teams.file.download.info',
  name,
  content: { downloadUrl: url, uniqueId: name, fileType },
});
