import { PROBE_VERBS } from '../../bot/src/cards/probe-card';
import { strings } from '../../bot/src/strings';
import { cardTexts } from '../../bot/test/support/core-harness';
import { startExchangeSmtp, type ExchangeSmtp } from '../../bot/test/support/exchange-smtp';
import { startGraphGroupsServer, type GraphGroupsServer } from '../../bot/test/support/graph-groups-server';
import { startServerInTeams, type ServerInTeams } from './support/local-teams';
import { APP, appCredentialVars, TENANT } from './support/microsoft-tenant';
import {
  admin,
  ADMIN,
  ann,
  ANN,
  cardIn,
  pressButton,
  teamsTurn,
  type Activity,
  type TeamsEndpoint,
} from './support/teams-turn';

const GRETA = '66666666-6666-4666-8666-666666666666';
const ADMINS_GROUP = '77777777-7777-4777-8777-777777777777';
/** An admin only through ADMIN_GROUP_IDS (a nested member, as Graph's transitive check reports it). */
const greta = { id: '29:greta', aadObjectId: GRETA, name: 'Greta' };

let server: ServerInTeams;
let graph: GraphGroupsServer;
let mx: ExchangeSmtp;

beforeAll(async () => {
  graph = await startGraphGroupsServer({
    tenantId: TENANT,
    clientId: APP,
    clientSecret: 'app-secret',
    members: { [GRETA]: [ADMINS_GROUP], [ANN]: [] },
  });
  mx = await startExchangeSmtp();
  server = await startServerInTeams(
    {
      ...appCredentialVars(TENANT, APP, graph.url),
      GRAPH_URL: `${graph.url}/v1.0`,
      ADMIN_USER_IDS: ADMIN,
      ADMIN_GROUP_IDS: ADMINS_GROUP,
      ACCEPTED_DOMAINS: 'contoso.com',
      PROBE_MX_HOST: '127.0.0.1',
      PROBE_PORT: String(mx.port),
      PUBLIC_URL: 'https://dsguard.example.com',
    },
    { startOutbox: false },
  );
});
afterAll(async () => {
  await server?.close();
  await graph?.close();
  await mx?.close();
});

const to = (): TeamsEndpoint => server.endpoint(TENANT);
const bot = (text: string, user = admin): Promise<Activity[]> => teamsTurn(to(), user, { text });
/** A press of a button of the card Teams shows as message `card-1` (the probe's confirmation). */
async function press(verb: string, data: Record<string, unknown>, user = admin): Promise<Record<string, unknown>> {
  const pressed = await pressButton(to(), user, verb, data, { replyToId: 'card-1' });
  expect(pressed.status).toBe(200);
  return pressed.body;
}

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

  // The confirmation card as Teams shows it in Greta's chat (Teams posts a turn's replies): her press replaces it.
  const gretasChat = `a:personal-${GRETA}`;
  server.teams.connector.seed(gretasChat, {
    id: 'card-1',
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: confirm }],
  });
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
  expect(server.teams.connector.accepted().filter((a) => a.method === 'PUT')).toEqual([
    expect.objectContaining({ conversationId: gretasChat, activityId: 'card-1' }),
  ]);
  expect(cardTexts(server.teams.connector.card(gretasChat, 'card-1'))[0]).toBe(strings.probe.resultTitle.enforced);

  // Typed confirmation: a typing indicator, then the answer (here: refused, another admin probed moments ago).
  expect(
    (await bot('probe open@contoso.com confirm', admin)).map((a) => (a.type === 'typing' ? 'typing' : a.text)),
  ).toEqual(['typing', strings.probe.rateLimited(60)]);
  expect(mx.connections()).toBe(1);
});
