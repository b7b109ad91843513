import { localServer, type LocalServer } from './server-harness';

/** An activity as the connector keeps it. */
export interface StoredActivity {
  id: string;
  type?: string;
  attachments?: { contentType: string; content: unknown }[];
  [field: string]: unknown;
}

/**
 * A local Bot Framework connector (the service at an activity's `serviceUrl`), as the bot's proactive posts and card
 * updates use it, keeping the conversations' activities:
 * - `POST /v3/conversations/{conversationId}/activities` (and `.../activities/{replyToId}`): a new activity, answered
 *   201 with its id;
 * - `PUT /v3/conversations/{conversationId}/activities/{activityId}`: replaces the activity, answered 200 with its id;
 *   404 `ErrorResponse` when the conversation has no such activity (never posted, or deleted), 400 when the body is not
 *   an activity;
 * - Teams names a channel's thread `<channel id>;messageid=<root id>`: both names reach the channel's activities;
 * - with `token`, a request without `Authorization: Bearer <token>` is answered 401; with `outage` set, every request
 *   gets that status (a Bot Framework outage).
 */
export interface LocalConnector extends LocalServer {
  /** An activity the channel holds without the bot having posted it here (e.g. a card answered in an invoke). */
  seed(conversationId: string, activity: StoredActivity): void;
  activity(conversationId: string, activityId: string): StoredActivity | undefined;
  /** The first attachment's content of an activity (the card it shows now). */
  card(conversationId: string, activityId: string): unknown;
  /** As if someone deleted the message in Teams. */
  remove(conversationId: string, activityId: string): void;
  /** Status every request gets while set (503 = outage); undefined = normal service. */
  outage: number | undefined;
  /** Requests answered with a 2xx status: `${method} ${conversationId} ${activityId}`. */
  accepted(): { method: string; conversationId: string; activityId: string; body: StoredActivity }[];
}

const error = (code: string, message: string): string => JSON.stringify({ error: { code, message } });

export async function startLocalConnector(options: { token?: string } = {}): Promise<LocalConnector> {
  const conversations = new Map<string, Map<string, StoredActivity>>();
  const accepted: ReturnType<LocalConnector['accepted']> = [];
  let counter = 0;
  const channelOf = (conversationId: string): string => conversationId.split(';')[0]!;
  const activities = (conversationId: string): Map<string, StoredActivity> => {
    let map = conversations.get(channelOf(conversationId));
    if (!map) conversations.set(channelOf(conversationId), (map = new Map()));
    return map;
  };
  const state: { outage: number | undefined } = { outage: undefined };

  const server = await localServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (state.outage) return void res.writeHead(state.outage).end(error('ServiceError', 'The service is unavailable'));
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`)
      return void res.writeHead(401).end(error('Unauthorized', 'Authorization has been denied for this request'));
    const match = /^\/v3\/conversations\/([^/?]+)\/activities(?:\/([^/?]+))?$/.exec(req.path);
    if (!match) return void res.writeHead(404).end(error('NotFound', 'No such resource'));
    const conversationId = decodeURIComponent(match[1]!);
    const activityId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    let body: StoredActivity;
    try {
      body = JSON.parse(req.body) as StoredActivity;
      if (!body || typeof body !== 'object' || typeof body.type !== 'string') throw new Error('not an activity');
    } catch {
      return void res.writeHead(400).end(error('BadArgument', 'The body is not an activity'));
    }
    if (req.method === 'POST') {
      const id = `${Date.now()}${String(++counter).padStart(4, '0')}`;
      activities(conversationId).set(id, { ...body, id });
      accepted.push({ method: 'POST', conversationId, activityId: id, body });
      return void res.writeHead(201).end(JSON.stringify({ id }));
    }
    if (req.method === 'PUT' && activityId !== undefined) {
      const held = conversations.get(channelOf(conversationId));
      if (!held?.has(activityId))
        return void res.writeHead(404).end(error('ActivityNotFound', `Activity ${activityId} was not found`));
      held.set(activityId, { ...body, id: activityId });
      accepted.push({ method: 'PUT', conversationId, activityId, body });
      return void res.writeHead(200).end(JSON.stringify({ id: activityId }));
    }
    res.writeHead(405).end(error('MethodNotAllowed', `${req.method} is not supported here`));
  });

  return {
    url: server.url,
    requests: server.requests,
    close: () => server.close(),
    seed: (conversationId: string, activity: StoredActivity) =>
      void activities(conversationId).set(activity.id, activity),
    activity: (conversationId: string, activityId: string) =>
      conversations.get(channelOf(conversationId))?.get(activityId),
    card: (conversationId: string, activityId: string) =>
      conversations.get(channelOf(conversationId))?.get(activityId)?.attachments?.[0]?.content,
    remove: (conversationId: string, activityId: string) =>
      void conversations.get(channelOf(conversationId))?.delete(activityId),
    get outage() {
      return state.outage;
    },
    set outage(status: number | undefined) {
      state.outage = status;
    },
    accepted: () => [...accepted],
  };
}
