import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCloudAdapter } from '../../src/adapter/cloud-adapter';
import { proactiveSecurityChannel, SECURITY_CHANNEL_KEY } from '../../src/adapter/security-channel';
import type { AdaptiveCard } from '../../src/cards/card-types';
import { silentLogger } from '../../src/log/logger';
import { ConversationRefStore } from '../../src/storage/conversation-refs';
import { openStorage } from '../../src/storage/open-storage';
import type { SqlClient } from '../../src/storage/sql-client';
import { startLocalConnector, type LocalConnector } from '../support/bot-connector';

// The adapter's proactive post and card replacement against the local connector, through botbuilder (local mode).
const CHANNEL = '19:security@thread.tacv2';
const card = (text: string): AdaptiveCard => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text }],
});

let dir: string;
let db: SqlClient;
let connector: LocalConnector;
let refs: ConversationRefStore;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-channel-'));
  db = await openStorage({ kind: 'sqlite', path: path.join(dir, 'db.sqlite') });
  connector = await startLocalConnector();
  refs = new ConversationRefStore(db);
});
afterEach(async () => {
  await connector.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const channel = () => proactiveSecurityChannel(createCloudAdapter({}, silentLogger), undefined, refs);
const remember = () =>
  refs.save(SECURITY_CHANNEL_KEY, {
    channelId: 'msteams',
    serviceUrl: connector.url,
    bot: { id: '28:dsguard', name: 'Direct Send Guard' },
    conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true },
  });

test('before the bot is in the channel, neither a post nor an update is attempted', async () => {
  expect(await channel().post(card('one'))).toBeUndefined();
  expect(await channel().update({ conversationId: CHANNEL, activityId: '1' }, card('two'))).toBeUndefined();
  expect(connector.requests).toEqual([]);
});

test('a post, then its replacement in place (PUT with the same id); an unknown or deleted card is "missing"', async () => {
  await remember();
  const posted = (await channel().post(card('1 message')))!;
  expect(posted.conversationId).toBe(CHANNEL);
  expect(connector.card(CHANNEL, posted.activityId)).toEqual(card('1 message'));

  expect(await channel().update(posted, card('400 messages'))).toBe('updated');
  expect(connector.card(CHANNEL, posted.activityId)).toEqual(card('400 messages'));
  const put = connector.requests.at(-1)!;
  expect(put.method).toBe('PUT');
  expect(put.path).toBe(`/v3/conversations/${encodeURIComponent(CHANNEL)}/activities/${posted.activityId}`);
  expect(JSON.parse(put.body)).toMatchObject({ type: 'message', id: posted.activityId, conversation: { id: CHANNEL } });

  expect(await channel().update({ conversationId: CHANNEL, activityId: 'never-posted' }, card('x'))).toBe('missing');
  connector.remove(CHANNEL, posted.activityId);
  expect(await channel().update(posted, card('500 messages'))).toBe('missing');
  expect(connector.accepted().map((a) => a.method)).toEqual(['POST', 'PUT']);
});

test('a Bot Framework outage is an error (the outbox retries), not a missing card', async () => {
  await remember();
  const posted = (await channel().post(card('1 message')))!;
  connector.outage = 503;
  await expect(channel().update(posted, card('2 messages'))).rejects.toThrow();
  connector.outage = undefined;
  // The failure reached the caller, not the adapter's turn error handler (which would post an apology).
  expect(connector.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  expect(await channel().update(posted, card('2 messages'))).toBe('updated');
  expect(connector.card(CHANNEL, posted.activityId)).toEqual(card('2 messages'));
});
