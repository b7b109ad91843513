import { PROBE_VERBS } from '../../bot/src/cards/probe-card';
import { strings } from '../../bot/src/strings';
import { cardTexts } from '../../bot/test/support/core-harness';
import { startExchangeSmtp, type ExchangeSmtp } from '../../bot/test/support/exchange-smtp';
import { startGraphGroupsServer, type GraphGroupsServer } from '../../bot/test/support/graph-groups-server';
import { startLocalBotFramework, type LocalBotFramework } from '../../bot/test/support/bot-framework';
import { localServer, startServer, type LocalServer, type RunningServer } from '../../bot/test/support/server-harness';

const ADMIN = '11111111-1111-4111-8111-111111111111';
const ANN = '22222222-2222-4222-8222-222222222222';
const GRETA = '66666666-6666-4666-8666-666666666666';
const ADMINS_GROUP = '77777777-7777-4777-8777-777777777777';
const TENANT = '44444444-4444-4444-8444-444444444444';
const APP = '55555555-5555-4555-8555-555555555555';
const admin = { id: '29:sec', aadObjectId: ADMIN, name: 'Sec' };
const ann = { id: '29:ann', aadObjectId: ANN, name: 'Ann' };
/** An admin only through ADMIN_GROUP_IDS (a nested member, as Graph's transitive check reports it). */
const greta = { id: '29:greta', aadObjectId: GRETA, name: 'Greta' };

let server: RunningServer;
let connector: LocalServer;
let graph: GraphGroupsServer;
let mx: ExchangeSmtp;
let botFramework: LocalBotFramework;

beforeAll(async () => {
  connector = await localServer(
    (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}'),
  );
  graph = await startGraphGroupsServer({
    tenantId: TENANT,
    clientId: APP,
    clientSecret: 'app-secret',
    members: { [GRETA]: [ADMINS_GROUP], [ANN]: [] },
  });
  mx = await startExchangeSmtp();
  botFramework = await startLocalBotFramework();
  server = await startServer(
    {
      ...botFramework.vars,
      ADMIN_USER_IDS: ADMIN,
      ADMIN_GROUP_IDS: ADMINS_GROUP,
      ACCEPTED_DOMAINS: 'contoso.com',
      DSGUARD_TENANT_ID: TENANT,
      DSGUARD_CLIENT_ID: APP,
      DSGUARD_CLIENT_SECRET: 'app-secret',
      DSGUARD_TENANT_DOMAIN: 'contoso.onmicrosoft.com',
      ENTRA_AUTHORITY_HOST: graph.url,
      GRAPH_URL: `${graph.url}/v1.0`,
      PROBE_MX_HOST: '127.0.0.1',
      PROBE_PORT: String(mx.port),
      PUBLIC_URL: 'https://dsguard.example.com',
    },
    { startOutbox: false, botAuthentication: botFramework.authentication },
  );
});
afterAll(async () => {
  await server?.close();
  await connector?.close();
  await graph?.close();
  await mx?.close();
  await botFramework?.close();
});

/** Teams' request headers: a Bot Framework token vouching for the local connector. */
const botHeaders = async (): Promise<Record<string, string>> => ({
  'content-type': 'application/json',
  authorization: `Bearer ${await botFramework.channelToken(connector.url)}`,
});

type Activity = { type: string; text?: string; attachments?: { contentType: string; content: unknown }[] };
const base = (user: typeof admin) => ({
  channelId: 'msteams',
  serviceUrl: connector.url,
  from: user,
  recipient: { id: '28:dsguard', name: 'Direct Send Guard' },
  conversation: { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
});

async function bot(text: string, user = admin): Promise<Activity[]> {
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: await botHeaders(),
    body: JSON.stringify({
      type: 'message',
      id: `in-${Math.random().toString(36).slice(2)}`,
      text,
      deliveryMode: 'expectReplies',
      ...base(user),
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { activities: Activity[] }).activities;
}
async function press(
  verb: string,
  data: Record<string, unknown>,
  user = admin,
): Promise<{ type: string; value: unknown }> {
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: await botHeaders(),
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `inv-${Math.random().toString(36).slice(2)}`,
      replyToId: 'card-1',
      value: { action: { type: 'Action.Execute', verb, data } },
      ...base(user),
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { type: string; value: unknown };
}
const cardIn = (activities: Activity[]): unknown => {
  const card = activities
    .flatMap((a) => a.attachments ?? [])
    .find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!card) throw new Error(`no card in ${JSON.stringify(activities)}`);
  return card.content;
};

test('Teams: a member of an ADMIN_GROUP_IDS group runs inventory (checked through Graph checkMemberGroups); a non-member is refused', async () => {
  const answer = await bot('inventory', greta);
  expect(answer.map((a) => a.text)).not.toContain(strings.adminOnly('inventory'));
  expect(answer[0]?.text ?? cardTexts(cardIn(answer))[0]).toBe(strings.admin.inventoryEmpty);
  expect(await bot('inventory', ann)).toMatchObject([{ text: strings.adminOnly('inventory') }]);
  // An admin by object id needs no lookup; the two others were looked up once each, with the app's token.
  await bot('inventory', admin);
  expect(graph.checks()).toEqual([
    { userId: GRETA, groupIds: [ADMINS_GROUP] },
    { userId: ANN, groupIds: [ADMINS_GROUP] },
  ]);
  await bot('inventory', greta);
  expect(graph.checks()).toHaveLength(2);
});

test('Teams: probe asks first; the Run button probes the MX once (no DATA) and answers the result card; a second probe is rate-limited server-wide', async () => {
  const confirm = cardIn(await bot('probe enforced@contoso.com'));
  expect(cardTexts(confirm)[0]).toBe(strings.probe.confirmTitle);
  expect(cardTexts(confirm)).toContain(
    strings.probe
      .confirmSteps({
        host: '127.0.0.1',
        port: mx.port,
        heloName: 'dsguard.example.com',
        mailFrom: 'dsguard-probe@contoso.com',
        mailbox: 'enforced@contoso.com',
      })
      .join('\n\n'),
  );
  expect(mx.connections()).toBe(0);
  expect(await press(PROBE_VERBS.run, { mailbox: 'enforced@contoso.com' }, ann)).toMatchObject({
    type: 'application/vnd.microsoft.activity.message',
    value: strings.admin.actionDenied,
  });
  expect(mx.connections()).toBe(0);

  const before = connector.requests.length;
  const result = await press(PROBE_VERBS.run, { mailbox: 'enforced@contoso.com' }, greta);
  expect(result.type).toBe('application/vnd.microsoft.card.adaptive');
  const texts = cardTexts(result.value);
  expect(texts[0]).toBe(strings.probe.resultTitle.enforced);
  expect(texts.find((t) => t.startsWith(`${strings.probe.factRunBy}: `))).toMatch(
    /^Run by: Greta \(66666666-6666-4666-8666-666666666666\), /,
  );
  expect(mx.commands).toEqual(['MAIL dsguard-probe@contoso.com', 'RCPT enforced@contoso.com']);
  expect(mx.dataCount()).toBe(0);
  // The confirmation card is replaced for everyone through the connector.
  expect(
    connector.requests.slice(before).some((r) => r.method === 'PUT' && r.path.endsWith('/activities/card-1')),
  ).toBe(true);

  // Typed confirmation: a typing indicator, then the answer (here: refused, another admin probed moments ago).
  expect(
    (await bot('probe open@contoso.com confirm', admin)).map((a) => (a.type === 'typing' ? 'typing' : a.text)),
  ).toEqual(['typing', strings.probe.rateLimited(60)]);
  expect(mx.connections()).toBe(1);
});
