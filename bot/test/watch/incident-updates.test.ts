import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyMailEvent, type TenantContext } from '@dsguard/classifier';
import { createCloudAdapter } from '../../src/adapter/cloud-adapter';
import { proactiveSecurityChannel, SECURITY_CHANNEL_KEY } from '../../src/adapter/security-channel';
import { clientCredentialsTokenProvider } from '../../src/admin/clients/token-provider';
import { OutboxWorker } from '../../src/alerts/outbox-worker';
import { securityChannelSink, type SecurityChannel } from '../../src/alerts/security-channel-sink';
import { webhookSink } from '../../src/alerts/webhook-sink';
import { INCIDENT_VERBS } from '../../src/cards/incident-card';
import { silentLogger } from '../../src/log/logger';
import { ReportStore } from '../../src/reports/report-store';
import { ConversationRefStore } from '../../src/storage/conversation-refs';
import { openStorage } from '../../src/storage/open-storage';
import type { SqlClient } from '../../src/storage/sql-client';
import { strings } from '../../src/strings';
import { deliveryFromHunting } from '../../src/watch/mail-events';
import { WatchPoller } from '../../src/watch/watch-poller';
import { defenderSource } from '../../src/watch/watch-sources';
import { WatchStore } from '../../src/watch/watch-store';
import { startContractServer, type ContractServer } from '../admin/servers/microsoft-contract-server';
import { startLocalConnector, type LocalConnector } from '../support/bot-connector';
import { cardActions, cardTexts } from '../support/core-harness';
import { emailEvent, huntingRoute, huntingTable, type HuntingTable } from '../support/hunting-table';
import { localServer, type LocalServer } from '../support/server-harness';

// When a poll grows an incident: one update per destination per poll, the card replaced in place with its triage
// state kept, never an older state after a newer one; the webhook gets `watch.incident.updated`.
const MIN = 60_000;
const ATTACKER = '203.0.113.7';
const CHANNEL = '19:security@thread.tacv2';
const context: TenantContext = { acceptedDomains: ['contoso.com'] };

let dir: string;
let db: SqlClient;
let graph: ContractServer;
let table: HuntingTable;
let connector: LocalConnector;
let hook: LocalServer;
let store: WatchStore;
let now: number;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-updates-'));
  db = await openStorage({ kind: 'sqlite', path: path.join(dir, 'db.sqlite') });
  table = huntingTable();
  graph = await startContractServer({ graphRoutes: huntingRoute(table) });
  connector = await startLocalConnector();
  hook = await localServer((_req, res) => res.writeHead(204).end());
  store = new WatchStore(db, () => ['webhook', 'teams-channel']);
  now = Date.parse('2026-03-02T10:00:00Z');
});
afterEach(async () => {
  await hook.close();
  await connector.close();
  await graph.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

function poller(pageSize: number): WatchPoller {
  const tokens = clientCredentialsTokenProvider({
    tenantId: 'tenant-1',
    clientId: 'app-id',
    clientSecret: 'app-secret',
    authority: graph.url,
  });
  return new WatchPoller({
    store,
    sources: [
      defenderSource({ tokens, graphUrl: `${graph.url}/graph/v1.0`, acceptedDomains: ['contoso.com'], pageSize }),
    ],
    judge: classifyMailEvent,
    tenantContext: async () => context,
    acceptedDomains: ['contoso.com'],
    logger: silentLogger,
    instance: 'test',
    clock: () => now,
  });
}

/** The real adapter's channel (local mode) towards the local connector, once the bot has been in the channel. */
const realChannel = (): SecurityChannel =>
  proactiveSecurityChannel(createCloudAdapter({}, silentLogger), undefined, new ConversationRefStore(db));
const joinChannel = () =>
  new ConversationRefStore(db).save(SECURITY_CHANNEL_KEY, {
    channelId: 'msteams',
    serviceUrl: connector.url,
    bot: { id: '28:dsguard', name: 'Direct Send Guard' },
    conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true },
  });

function worker(channel: SecurityChannel = realChannel()): OutboxWorker {
  return new OutboxWorker(
    db,
    new ReportStore(db),
    [webhookSink({ url: hook.url }), securityChannelSink(channel, new ReportStore(db), store, silentLogger)],
    silentLogger,
    { baseBackoffMs: 1, maxBackoffMs: 1 },
    store,
  );
}

/** `messages` spoofs of ceo@contoso.com, each to `users` (one row per recipient), one second apart. */
function campaign(start: number, messages: number, prefix: string, users = ['amy', 'bob']) {
  return Array.from({ length: messages }, (_, m) =>
    users.map((user) =>
      emailEvent({
        at: start + m * 1000,
        from: 'ceo@contoso.com',
        to: `${user}@contoso.com`,
        ip: ATTACKER,
        id: `${prefix}-${m}`,
      }),
    ),
  ).flat();
}

const updates = async (): Promise<{ kind: string; payload: string }[]> =>
  db.query<{ kind: string; payload: string }>(
    `SELECT kind, payload FROM outbox WHERE payload LIKE '%"revision"%' ORDER BY created_at, kind`,
  );
const webhookEvents = () =>
  hook.requests.map((r) => JSON.parse(r.body) as { event: string; incident: Record<string, unknown> });
const puts = () => connector.accepted().filter((a) => a.method === 'PUT');
const posts = () => connector.accepted().filter((a) => a.method === 'POST');
const shownCard = (activityId: string) => cardTexts(connector.card(CHANNEL, activityId));

test('a campaign of 10,000 events over eleven pages of one poll is one update per destination: one PUT with the counts', async () => {
  await joinChannel();
  table.rows.push(...campaign(now - 10 * MIN, 3, 'first'));
  const first = await poller(1000).poll();
  const incidentId = first.sources[0]!.incidents[0]!.id;
  expect(first.updated).toEqual([]);
  expect(await worker().runOnce()).toBe(2);
  const [post] = posts();
  expect(shownCard(post!.activityId)).toEqual(expect.arrayContaining(['Messages: 3', 'Recipients: 2']));

  now += 5 * MIN;
  table.rows.push(...campaign(now - 4 * MIN, 2500, 'more', ['amy', 'bob', 'cat', 'dan']));
  const second = await poller(1000).poll();
  expect(second.sources[0]!.events).toBe(10_006); // the first campaign again (overlap), then 10,000 new rows
  expect(table.queries.length).toBeGreaterThanOrEqual(11);
  expect(second.updated).toEqual([incidentId]);
  const incident = (await store.getIncident(incidentId))!;
  // One revision per page that grew it: 10,006 rows in pages of 1,000.
  expect(incident).toMatchObject({ messages: 2503, recipients: 4, revision: 11 });
  expect(await updates()).toEqual([
    { kind: 'teams-channel', payload: JSON.stringify({ incidentId, revision: 11 }) },
    { kind: 'webhook', payload: JSON.stringify({ incidentId, revision: 11 }) },
  ]);

  expect(await worker().runOnce()).toBe(2);
  expect(posts()).toHaveLength(1);
  expect(puts()).toHaveLength(1);
  expect(puts()[0]!.activityId).toBe(post!.activityId);
  const shown = shownCard(post!.activityId);
  expect(shown).toEqual(
    expect.arrayContaining(['Messages: 2503', 'Recipients: 4', 'Last seen: 2026-03-02 10:42:39 UTC']),
  );
  expect(
    webhookEvents().map((e) => [e.event, e.incident.Messages, e.incident.Recipients, e.incident.Revision]),
  ).toEqual([
    ['watch.incident', 3, 2, 0],
    ['watch.incident.updated', 2503, 4, 11],
  ]);

  // Nothing new: no update queued, nothing sent.
  now += 5 * MIN;
  expect((await poller(1000).poll()).updated).toEqual([]);
  expect(await worker().runOnce()).toBe(0);
  expect(puts()).toHaveLength(1);
  expect(hook.requests).toHaveLength(2);
}, 60000);

test('the update keeps the triage state the card shows; the card built is the one the buttons build', async () => {
  await joinChannel();
  table.rows.push(...campaign(now - 10 * MIN, 1, 'first'));
  const incidentId = (await poller(100).poll()).sources[0]!.incidents[0]!.id;
  await worker().runOnce();
  await store.setStatus(incidentId, 'confirmed-spoof', 'Sec');

  now += 5 * MIN;
  table.rows.push(...campaign(now - 2 * MIN, 4, 'more', ['amy', 'bob', 'cat']));
  await poller(100).poll();
  await worker().runOnce();
  const [put] = puts();
  const card = connector.card(CHANNEL, put!.activityId);
  expect(cardTexts(card)).toEqual(
    expect.arrayContaining([strings.securityStatus('Confirmed spoof', 'Sec'), 'Messages: 5', 'Recipients: 3']),
  );
  expect(cardActions(card).map((a) => a.verb)).not.toContain(INCIDENT_VERBS.confirm);
  expect(cardActions(card).map((a) => a.verb)).toContain(INCIDENT_VERBS.resolve);
});

test('a triage button pressed while an update is on its way: the last write carries both the status and the counts', async () => {
  await joinChannel();
  table.rows.push(...campaign(now - 10 * MIN, 1, 'first'));
  const incidentId = (await poller(100).poll()).sources[0]!.incidents[0]!.id;
  await worker().runOnce();
  now += 5 * MIN;
  table.rows.push(...campaign(now - 2 * MIN, 2, 'more'));
  await poller(100).poll();

  // The button's own PUT (status, older counts) lands right after the update's first PUT (counts, status "new").
  const real = realChannel();
  let pressed = false;
  const racing: SecurityChannel = {
    post: (card) => real.post(card),
    update: async (message, card) => {
      const result = await real.update(message, card);
      if (!pressed) {
        pressed = true;
        await store.setStatus(incidentId, 'resolved', 'Sec');
      }
      return result;
    },
  };
  expect(await worker(racing).runOnce()).toBe(2);
  expect(puts()).toHaveLength(2);
  expect(shownCard(puts()[1]!.activityId)).toEqual(
    expect.arrayContaining([strings.securityStatus('Resolved', 'Sec'), 'Messages: 3']),
  );
});

test('an update the destination already has is skipped: a late item never sends older counts after newer ones', async () => {
  await joinChannel();
  table.rows.push(...campaign(now - 10 * MIN, 1, 'first'));
  const incidentId = (await poller(100).poll()).sources[0]!.incidents[0]!.id;
  await worker().runOnce();
  now += 5 * MIN;
  table.rows.push(...campaign(now - 2 * MIN, 1, 'second'));
  await poller(100).poll();
  await worker().runOnce();
  expect(puts()).toHaveLength(1);
  expect(await store.deliveredRevision(incidentId, 'teams-channel')).toBe(1);
  expect(await store.deliveredRevision(incidentId, 'webhook')).toBe(1);

  // An item for revision 1 delivered again (a lost acknowledgement, a second instance): nothing is sent.
  await db.execute('UPDATE outbox SET delivered_at = NULL WHERE payload LIKE $1', ['%"revision":1%']);
  expect(await worker().runOnce()).toBe(2);
  expect(puts()).toHaveLength(1);
  expect(hook.requests.map((r) => (JSON.parse(r.body) as { event: string }).event)).toEqual([
    'watch.incident',
    'watch.incident.updated',
  ]);
  expect(await store.setDeliveredRevision(incidentId, 'webhook', 0)).toBeUndefined();
  expect(await store.deliveredRevision(incidentId, 'webhook')).toBe(1); // never lowered
});

test('a crash after a page grew an incident and before the poll queued its update: the next poll queues it', async () => {
  const row = emailEvent({
    at: now - 10 * MIN,
    from: 'ceo@contoso.com',
    to: 'amy@contoso.com',
    ip: ATTACKER,
    id: 'm1',
  });
  const judged = (r: typeof row) => {
    const delivery = deliveryFromHunting(r)!;
    return { delivery, verdict: classifyMailEvent(delivery.event, context) };
  };
  const created = (await store.recordPage('defender', [judged(row)], now)).newIncidents[0]!;
  await db.execute('UPDATE outbox SET delivered_at = $1', [now]); // its alerts went out
  await store.recordPage('defender', [
    judged({ ...row, NetworkMessageId: 'm2', RecipientEmailAddress: 'bob@contoso.com' }),
  ]);
  // The process dies here. A new one (a new store) polls with nothing new to read:
  const restarted = new WatchStore(db, () => ['webhook', 'teams-channel']);
  expect(await restarted.queueIncidentUpdates(now)).toEqual([created.id]);
  expect((await updates()).map((u) => u.kind)).toEqual(['teams-channel', 'webhook']);
  expect(await restarted.queueIncidentUpdates(now)).toEqual([]);

  // A late row of a known message to a recipient the incident already counts changes nothing the card shows.
  await db.execute('UPDATE outbox SET delivered_at = $1', [now]);
  await store.recordPage('defender', [judged({ ...row, NetworkMessageId: 'm2' })]);
  expect(await store.getIncident(created.id)).toMatchObject({ messages: 2, recipients: 2, revision: 1 });
  expect(await restarted.queueIncidentUpdates(now)).toEqual([]);
});

test('never posted (the bot is not in the channel yet): updates wait for nothing, the first post shows the counts', async () => {
  table.rows.push(...campaign(now - 10 * MIN, 1, 'first'));
  const incidentId = (await poller(100).poll()).sources[0]!.incidents[0]!.id;
  expect(await worker().runOnce()).toBe(1); // the webhook; the channel post fails: no conversation reference yet
  now += 5 * MIN;
  table.rows.push(...campaign(now - 2 * MIN, 3, 'more', ['amy', 'bob', 'cat']));
  expect((await poller(100).poll()).updated).toEqual([incidentId]);
  // The channel's alert is still queued (failing): it will load the incident when it goes, so no update is queued for it.
  expect((await updates()).map((u) => u.kind)).toEqual(['webhook']);

  await joinChannel();
  await new Promise((r) => setTimeout(r, 5));
  expect(await worker().runOnce()).toBe(2);
  expect(puts()).toHaveLength(0);
  expect(shownCard(posts()[0]!.activityId)).toEqual(expect.arrayContaining(['Messages: 4', 'Recipients: 3']));
});

test('a card deleted in the channel is not posted again; the update is done', async () => {
  await joinChannel();
  table.rows.push(...campaign(now - 10 * MIN, 1, 'first'));
  await poller(100).poll();
  await worker().runOnce();
  connector.remove(CHANNEL, posts()[0]!.activityId);
  now += 5 * MIN;
  table.rows.push(...campaign(now - 2 * MIN, 1, 'more'));
  await poller(100).poll();
  expect(await worker().runOnce()).toBe(2);
  expect(connector.requests.filter((r) => r.method === 'PUT')).toHaveLength(1); // answered 404
  expect(posts()).toHaveLength(1);
});
