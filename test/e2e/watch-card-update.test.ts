import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { INCIDENT_VERBS } from '../../bot/src/cards/incident-card';
import { strings } from '../../bot/src/strings';
import { startLocalConnector, type LocalConnector } from '../../bot/test/support/bot-connector';
import { cardActions, cardTexts } from '../../bot/test/support/core-harness';
import { emailEvent } from '../../bot/test/support/hunting-table';
import {
  startServerProcess,
  stopServerProcess,
  waitFor,
  watchWorld,
  type ServerProcess,
  type WatchWorld,
} from './support/watch-processes';

// The real server process (SQLite, local mode) and a local Bot Framework connector: the incident's card is posted once,
// then replaced in place when a later poll grows the incident, with its triage state, across a Bot Framework outage
// and a SIGKILL of the server.
const MIN = 60_000;
const CHANNEL = '19:security@thread.tacv2';
let world: WatchWorld;
let connector: LocalConnector;
let dir: string;
let running: ServerProcess | undefined;

beforeEach(async () => {
  world = await watchWorld();
  connector = await startLocalConnector();
  dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-card-e2e-'));
});
afterEach(async () => {
  if (running) await stopServerProcess(running, 'SIGKILL');
  running = undefined;
  await connector.close();
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const campaign = (prefix: string, messages: number, at: number, users: string[]) =>
  Array.from({ length: messages }, (_, m) =>
    users.map((user) =>
      emailEvent({
        at: at + m * 1000,
        from: 'ceo@contoso.com',
        to: `${user}@contoso.com`,
        ip: '203.0.113.7',
        id: `${prefix}-${m}`,
      }),
    ),
  ).flat();

/** An activity as Teams sends it from the security channel (local mode: no token, this computer only). */
async function fromChannel(server: ServerProcess, extra: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `in-${Math.random().toString(36).slice(2)}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:sec', name: 'Sec' },
      recipient: { id: '28:dsguard', name: 'Direct Send Guard' },
      conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true },
      channelData: { channel: { id: CHANNEL } },
      deliveryMode: 'expectReplies',
      ...extra,
    }),
  });
}

function channelUpdateItem(): { attempts: number; last_error: string | null; locked_until: number | null } | undefined {
  const db = new Database(path.join(dir, 'db.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT attempts, last_error, locked_until FROM outbox WHERE kind = 'teams-channel' AND payload LIKE '%"revision"%'`,
      )
      .get() as { attempts: number; last_error: string | null; locked_until: number | null } | undefined;
  } finally {
    db.close();
  }
}

const puts = () => connector.accepted().filter((a) => a.method === 'PUT');
const posts = () => connector.accepted().filter((a) => a.method === 'POST');
const updatedEvents = () =>
  world.webhook.requests
    .map((r) => JSON.parse(r.body) as { event: string; incident: { Messages: number; Recipients: number } })
    .filter((b) => b.event === 'watch.incident.updated');

test('a poll that grows an incident replaces its card in place (one POST, then one PUT with the new counts and the triage state), across an outage and a SIGKILL', async () => {
  const env = world.env({ SQLITE_PATH: path.join(dir, 'db.sqlite'), SECURITY_CHANNEL_ID: CHANNEL });
  running = await startServerProcess(env);
  // The bot is added to the security channel: it keeps the channel's conversation reference.
  expect((await fromChannel(running, { text: 'help' })).status).toBe(200);

  world.table.rows.push(...campaign('first', 3, Date.now() - 10 * MIN, ['amy', 'bob']));
  const [post] = await waitFor('the card in the channel', () => posts().length > 0 && posts(), 30000);
  expect(cardTexts(connector.card(CHANNEL, post!.activityId))).toEqual(
    expect.arrayContaining(['Messages: 3', 'Recipients: 2']),
  );

  // An admin confirms it on the card: the bot replaces it for everyone (PUT to the thread's conversation).
  const confirm = cardActions(connector.card(CHANNEL, post!.activityId)).find(
    (a) => a.verb === INCIDENT_VERBS.confirm,
  )!;
  const pressed = await fromChannel(running, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: confirm.verb, data: confirm.data } },
    replyToId: post!.activityId,
    conversation: { id: `${CHANNEL};messageid=${post!.activityId}`, conversationType: 'channel', isGroup: true },
    deliveryMode: undefined,
  });
  expect(pressed.status).toBe(200);
  expect(puts()).toHaveLength(1);
  const confirmed = strings.securityStatus('Confirmed spoof', 'Local user');
  expect(cardTexts(connector.card(CHANNEL, post!.activityId))).toContain(confirmed);

  // The Bot Framework goes down; the campaign goes on. A poll records the growth and queues the card's update, whose
  // delivery fails (the webhook, up, gets its update event).
  connector.outage = 503;
  world.table.rows.push(...campaign('more', 2, Date.now() - MIN, ['amy', 'bob', 'cat']));
  await waitFor('the webhook update', () => updatedEvents().length > 0, 30000);
  expect(updatedEvents()[0]!.incident).toMatchObject({ Messages: 5, Recipients: 3 });
  await waitFor(
    'a failed card update, not in flight',
    () => {
      const item = channelUpdateItem();
      return item?.last_error && item.locked_until === null;
    },
    60000,
  );
  await stopServerProcess(running, 'SIGKILL');
  expect(puts()).toHaveLength(1); // nothing got through

  connector.outage = undefined;
  running = await startServerProcess(env);
  await waitFor('the card update after the restart', () => puts().length === 2, 60000);
  const update = puts()[1]!;
  expect(update.activityId).toBe(post!.activityId);
  const shown = cardTexts(connector.card(CHANNEL, post!.activityId));
  expect(shown).toEqual(expect.arrayContaining([confirmed, 'Messages: 5', 'Recipients: 3']));
  expect(cardActions(connector.card(CHANNEL, post!.activityId)).map((a) => a.verb)).not.toContain(
    INCIDENT_VERBS.confirm,
  );

  // Two more polls with nothing new: no more writes to the channel, no more update events.
  const polls = world.table.queries.length;
  await waitFor('two more polls', () => world.table.queries.length >= polls + 2, 30000);
  await new Promise((r) => setTimeout(r, 500));
  expect(posts()).toHaveLength(1);
  expect(puts()).toHaveLength(2);
  expect(updatedEvents()).toHaveLength(1);
}, 180000);
