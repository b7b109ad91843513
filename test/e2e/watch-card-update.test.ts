import Database from 'better-sqlite3';
import { INCIDENT_VERBS } from '../../bot/src/cards/incident-card';
import { strings } from '../../bot/src/strings';
import { startLocalConnector, type LocalConnector } from '../../bot/test/support/bot-connector';
import { cardActions, cardTexts } from '../../bot/test/support/core-harness';
import { useProductProcesses, type ProductProcess } from './support/product-process';
import { postActivity, teamsActivity } from './support/teams-turn';
import { waitFor } from './support/wait-for';
import { campaign, MIN, watchWorld, type WatchWorld } from './support/watch-world';

// The real server process (SQLite, local mode) and a local Bot Framework connector: the incident's card is posted once,
// then replaced in place when a later poll grows the incident, with its triage state, across a Bot Framework outage
// and a SIGKILL of the server.
const CHANNEL = '19:security@thread.tacv2';
const products = useProductProcesses();
let world: WatchWorld;
let connector: LocalConnector;

beforeEach(async () => {
  world = await watchWorld();
  connector = await startLocalConnector();
});
afterEach(async () => {
  await connector.close();
  await world.close();
});

/** An activity as Teams sends it from the security channel (local mode: no token, this computer only). */
const fromChannel = (server: ProductProcess, extra: Record<string, unknown>): Promise<Response> =>
  postActivity(
    { url: server.url, serviceUrl: connector.url },
    teamsActivity(
      { url: server.url, serviceUrl: connector.url },
      { id: '29:sec', name: 'Sec' },
      {
        conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true },
        channelData: { channel: { id: CHANNEL } },
        ...extra,
      },
    ),
  );

function channelUpdateItem(
  product: ProductProcess,
): { attempts: number; last_error: string | null; locked_until: number | null } | undefined {
  const db = new Database(product.sqlitePath, { readonly: true });
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
  const running = await products.start({ env: world.env({ SECURITY_CHANNEL_ID: CHANNEL }) });
  // The bot is added to the security channel: it keeps the channel's conversation reference.
  expect((await fromChannel(running, { text: 'help' })).status).toBe(200);

  world.table.rows.push(...campaign('first', { messages: 3, at: Date.now() - 10 * MIN, users: ['amy', 'bob'] }));
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
  world.table.rows.push(...campaign('more', { messages: 2, at: Date.now() - MIN, users: ['amy', 'bob', 'cat'] }));
  await waitFor('the webhook update', () => updatedEvents().length > 0, 30000);
  expect(updatedEvents()[0]!.incident).toMatchObject({ Messages: 5, Recipients: 3 });
  await waitFor(
    'a failed card update, not in flight',
    () => {
      const item = channelUpdateItem(running);
      return item?.last_error && item.locked_until === null;
    },
    60000,
  );
  await running.kill('SIGKILL');
  expect(puts()).toHaveLength(1); // nothing got through

  connector.outage = undefined;
  await running.start();
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
