import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_MESSAGES, demoHeaders } from '../../bot/src/demo/demo-reports';
import { openSqlite } from '../../bot/src/storage/sqlite-client';
import { strings } from '../../bot/src/strings';
import { cardTexts } from '../../bot/test/support/core-harness';
import { startServer } from '../../bot/test/support/server-harness';
import { startServerInTeams, type ServerInTeams } from './support/local-teams';
import {
  admin,
  ADMIN,
  ann,
  postActivity,
  teamsActivity,
  teamsTurn,
  type TeamsEndpoint,
  type TeamsUser,
} from './support/teams-turn';
import { waitFor } from './support/wait-for';

// The real server in demo mode, over HTTP: an admin and a user chat in their own words (deliveryMode expectReplies).
// The bot endpoint authenticates as in Teams (a local Bot Framework token service), so the two users are told apart:
// without Bot Framework authentication every chat user would be the one local admin.
type Reply = {
  type: string;
  text?: string;
  channelData?: { intent?: string };
  suggestedActions?: { actions: { type: string; title: string; value: string }[] };
  attachments?: { content: unknown }[];
};

const users: Record<'admin' | 'ann', TeamsUser> = { admin, ann };

let server: ServerInTeams;
const seen: Reply[] = [];

beforeAll(async () => {
  // Replies posted after the turn go to the local connector (answers within the turn come back in the HTTP body).
  server = await startServerInTeams({ DSGUARD_DEMO: '1', ADMIN_USER_IDS: ADMIN });
});
afterAll(async () => {
  await server?.close();
});

const to = (): TeamsEndpoint => server.endpoint('tenant-1');

async function say(text: string, who: 'admin' | 'ann' = 'admin'): Promise<Reply[]> {
  const replies = ((await teamsTurn(to(), users[who], { text })) as Reply[]).filter((a) => a.type === 'message');
  expect(replies.length).toBeGreaterThan(0);
  seen.push(...replies);
  return replies;
}

const texts = (reply: Reply | undefined): string[] =>
  reply?.attachments?.[0] ? cardTexts(reply.attachments[0].content) : [reply?.text ?? ''];
const buttons = (replies: Reply[]): string[] => replies.at(-1)?.suggestedActions?.actions.map((a) => a.value) ?? [];

test('"show me the direct send inventory" and "inventroy": the demo inventory card, then readiness and import as next steps', async () => {
  for (const phrase of ['show me the direct send inventory', 'inventroy']) {
    const replies = await say(phrase);
    expect(replies[0]!.channelData?.intent).toBe('inventory');
    expect(texts(replies[0]).join('\n')).toContain('198.18.7.0/24');
    expect(buttons(replies)).toEqual(['readiness', 'import']);
    expect(replies.at(-1)!.suggestedActions!.actions[0]).toEqual({
      type: 'imBack',
      title: strings.suggestion.readiness,
      value: 'readiness',
    });
  }
});

test('"which printers still use direct send?" lists the devices only', async () => {
  const all = texts((await say('which printers still use direct send?'))[0]).join('\n');
  expect(all).toContain('198.51.100.0/24');
  expect(all).toContain('192.0.2.0/24');
  expect(all).not.toContain('198.18.7.0/24');
  expect(all).not.toContain('203.0.113.0/24');
});

test('"are we ready to turn on RejectDirectSend?", "readyness", "what blocks RejectDirectSend?": readiness from the demo snapshot', async () => {
  for (const phrase of ['are we ready to turn on RejectDirectSend?', 'readyness', 'what blocks RejectDirectSend?']) {
    const replies = await say(phrase);
    expect(replies[0]!.channelData?.intent).toBe('readiness');
    const shown = texts(replies[0]).join('\n');
    expect(shown).toContain('RejectDirectSend: not ready');
    expect(shown).toMatch(/DMARC policy is p=none/);
    expect(shown).toMatch(/SMTP AUTH/);
  }
});

test('decisions in a sentence: "203.0.113.0/24 is our ERP, approve it", "we decommissioned 198.19.20.0/24"', async () => {
  const approved = await say('203.0.113.0/24 is our ERP, approve it');
  expect(approved[0]!.channelData?.intent).toBe('approve');
  expect(texts(approved[0])).toContain(strings.admin.actionDone.approve!('ERP'));
  expect(buttons(approved)).toEqual(['inventory', 'readiness']);
  const retired = await say('we decommissioned 198.19.20.0/24');
  expect(retired[0]!.channelData?.intent).toBe('retire');
  expect(texts(retired[0]).join('\n')).toMatch(/^Retired /m);
});

test('the probe and the watcher are recognized; with WATCH_SOURCES empty the bot says the watcher is off', async () => {
  expect((await say('does our MX still accept anonymous mail?'))[0]!.channelData?.intent).toBe('probe');
  const watch = await say('any spoofs today?');
  expect(watch[0]).toMatchObject({ text: strings.watch.off, channelData: { intent: 'watch' } });
});

test('pasted headers stay a check (verdict card), with report and help next; unclear text offers the likeliest commands', async () => {
  const { headers } = demoHeaders(DEMO_MESSAGES[0]!, Date.now());
  const check = await say(headers, 'ann');
  expect(check[0]!.channelData?.intent).toBe('check');
  expect(texts(check[0]).join('\n')).toMatch(/spoof/i);
  expect(buttons(check)).toEqual(['report', 'help']);
  const unclear = await say('banana', 'ann');
  expect(unclear[0]).toMatchObject({
    text: strings.unsure(['help', 'check', 'reports']),
    channelData: { intent: 'unknown' },
  });
  expect(buttons(unclear)).toEqual(['help', 'check', 'reports']);
});

test('a user asking an admin question is told so politely, once, and offered what they can do', async () => {
  const replies = await say('what blocks RejectDirectSend?', 'ann');
  expect(replies).toHaveLength(1);
  expect(replies[0]).toMatchObject({ text: strings.adminOnly('readiness'), channelData: { intent: 'admin-only' } });
  expect(buttons(replies)).toEqual(['help', 'check', 'reports']);
});

test('replies posted after the turn (long work through the connector) carry the intent and the next steps too', async () => {
  // Without expectReplies the answer is posted to the conversation later, through the connector.
  const res = await postActivity(
    to(),
    teamsActivity(to(), users.admin, { text: 'what blocks RejectDirectSend?', deliveryMode: undefined }),
  );
  expect(res.status).toBe(200);
  const posted = () =>
    server.teams.connector
      .accepted()
      .filter((a) => a.method === 'POST')
      .map((a) => a.body as Reply);
  const card = await waitFor(
    'the card posted after the turn',
    () => posted().find((a) => a.attachments?.length),
    20_000,
  );
  expect(card.channelData).toEqual({ intent: 'readiness' });
  expect(card.suggestedActions?.actions.map((a) => a.value)).toEqual(['inventory', 'import', 'probe']);
  for (const activity of posted().filter((a) => a.type === 'message'))
    expect(activity.channelData?.intent).toBe('readiness');
});

test('every reply activity carried its intent', () => {
  expect(seen.length).toBeGreaterThan(10);
  for (const reply of seen) expect(typeof reply.channelData?.intent).toBe('string');
});

test('demo mode refuses to start on a demo database file that holds other data', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-demo-refuse-'));
  try {
    const db = openSqlite(path.join(dir, 'dsguard-demo.sqlite'));
    await db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('real data')");
    await db.close();
    await expect(startServer({ DSGUARD_DEMO: '1', DATA_DIR: dir })).rejects.toThrow(/not demo data/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
