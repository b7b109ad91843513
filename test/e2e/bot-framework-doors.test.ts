import { strings } from '../../bot/src/strings';
import { localServer, type LocalServer } from '../../bot/test/support/server-harness';
import { startServerInTeams, type ServerInTeams } from './support/local-teams';
import { ann, teamsActivity } from './support/teams-turn';

// With BOT_ID set: the server's own botbuilder authentication against a local Bot Framework token service.
const TENANT = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const OTHER_TENANT = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
let victim: LocalServer;
let server: ServerInTeams;

beforeAll(async () => {
  // Stands for an internal service the attacker wants the bot to post to.
  victim = await localServer(
    (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"a1"}'),
  );
  server = await startServerInTeams(
    { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' },
    { startOutbox: false },
  );
});
afterAll(async () => {
  await server?.close();
  await victim?.close();
});

/** Ann's "help" in her chat, naming `serviceUrl` as the place to answer (not expecting replies in the response). */
const activity = (serviceUrl: string, extra: Record<string, unknown> = {}) =>
  teamsActivity({ url: server.url, serviceUrl, tenantId: TENANT }, ann, {
    text: 'help',
    deliveryMode: undefined,
    ...extra,
  });
const channelToken = (serviceUrl: string) => server.teams.botFramework.channelToken(serviceUrl);
const connector = () => server.teams.connector;

async function post(token: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
}

test('a token vouching for the real connector answers there (the setup works)', async () => {
  const res = await post(await channelToken(connector().url), activity(connector().url));
  expect(res.status).toBe(200);
  await settle();
  const reply = connector()
    .accepted()
    .find((a) => a.method === 'POST');
  expect(reply?.body).toMatchObject({ text: strings.help(false) });
});

test('a channel token for one serviceUrl does not carry an activity naming another (401, nothing sent)', async () => {
  const res = await post(await channelToken(connector().url), activity(victim.url));
  expect(res.status).toBe(401);
  await settle();
  expect(victim.requests).toHaveLength(0);
});

test('a valid token vouching for no serviceUrl (Emulator) gets no reply at the serviceUrl it picked', async () => {
  const res = await post(await server.teams.botFramework.emulatorToken(), activity(victim.url));
  expect(res.status).toBeLessThan(500);
  await settle();
  expect(victim.requests).toHaveLength(0);
});

test('an activity from another tenant is ignored', async () => {
  const before = connector().requests.length;
  const res = await post(
    await channelToken(connector().url),
    activity(connector().url, {
      conversation: { id: 'a:personal-eve', conversationType: 'personal', tenantId: OTHER_TENANT },
    }),
  );
  expect(res.status).toBe(200);
  await settle();
  expect(connector().requests.slice(before)).toHaveLength(0);
  const invoke = await post(
    await channelToken(connector().url),
    activity(connector().url, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { verb: 'x', data: {} } },
      conversation: { id: 'a:personal-eve', conversationType: 'personal', tenantId: OTHER_TENANT },
    }),
  );
  expect(invoke.status).toBe(403);
});
