import { clientCredentialsTokenProvider } from '../../src/admin/clients/token-provider';
import { adminGroupsFor, GroupMembership } from '../../src/auth/group-membership';
import { createLogger, silentLogger } from '../../src/log/logger';
import { startGraphGroupsServer, type GraphGroupsServer } from '../support/graph-groups-server';

const SEC = '11111111-1111-4111-8111-111111111111';
const ANN = '22222222-2222-4222-8222-222222222222';
const ADMINS = 'aaaaaaaa-0000-4000-8000-000000000001';
const group = (n: number): string => `bbbbbbbb-0000-4000-8000-${String(n).padStart(12, '0')}`;

let graph: GraphGroupsServer;
beforeEach(async () => {
  graph = await startGraphGroupsServer({ members: { [SEC]: [ADMINS, group(99)], [ANN]: [group(98)] } });
});
afterEach(async () => {
  await graph.close();
});

function membership(
  over: { groupIds?: string[]; clock?: () => number; secret?: string; graphUrl?: string; maxUsers?: number } = {},
) {
  const logs: Record<string, unknown>[] = [];
  const sleeps: number[] = [];
  const tokens = clientCredentialsTokenProvider({
    tenantId: 'tenant-1',
    clientId: 'app-id',
    clientSecret: over.secret ?? 'app-secret',
    authority: graph.url,
  });
  const m = new GroupMembership({
    graphUrl: over.graphUrl ?? `${graph.url}/v1.0`,
    tokens,
    groupIds: over.groupIds ?? [ADMINS.toUpperCase()],
    logger: createLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
    sleep: async (ms) => void sleeps.push(ms),
    ...(over.clock ? { clock: over.clock } : {}),
    ...(over.maxUsers ? { maxUsers: over.maxUsers } : {}),
  });
  return { m, logs, sleeps };
}

test('a member of an admin group is an admin, others are not; answers are cached per user for five minutes', async () => {
  let now = 1_000_000;
  const { m, logs } = membership({ clock: () => now });
  expect(await m.isMember(SEC)).toBe(true);
  expect(await m.memberGroups(SEC.toUpperCase())).toEqual([ADMINS]);
  expect(await m.isMember(ANN)).toBe(false);
  expect(graph.checks()).toEqual([
    { userId: SEC, groupIds: [ADMINS] },
    { userId: ANN, groupIds: [ADMINS] },
  ]);
  expect(graph.state.tokensIssued).toBe(1);
  expect(graph.state.requests.find((r) => r.path.endsWith('/token'))!.body).toContain(
    'scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
  );
  now += 4 * 60_000;
  await m.isMember(SEC);
  expect(graph.checks()).toHaveLength(2);
  // Removed from the group: seen once the cached answer expires.
  graph.state.members[SEC] = [];
  now += 2 * 60_000;
  expect(await m.isMember(SEC)).toBe(false);
  expect(graph.checks()).toHaveLength(3);
  expect(logs).toEqual([]);
});

test('concurrent turns of one user ask once; more than 20 admin groups are split into requests of at most 20', async () => {
  const ids = [...Array.from({ length: 24 }, (_, i) => group(i)), ADMINS];
  const { m } = membership({ groupIds: ids });
  const answers = await Promise.all([m.memberGroups(SEC), m.memberGroups(SEC), m.memberGroups(SEC)]);
  expect(answers).toEqual([[ADMINS], [ADMINS], [ADMINS]]);
  expect(graph.checks().map((c) => (c.groupIds as string[]).length)).toEqual([20, 5]);
});

test('429 with a short Retry-After is retried once after waiting it; a long one fails closed, is logged and pauses further calls', async () => {
  let now = 5_000_000;
  const { m, logs, sleeps } = membership({ clock: () => now });
  graph.state.throttleNext = 1;
  expect(await m.isMember(SEC)).toBe(true);
  expect(sleeps).toEqual([1000]);
  expect(graph.checks()).toHaveLength(2);

  graph.state.throttleNext = 5;
  graph.state.retryAfter = '120';
  expect(await m.isMember(ANN)).toBe(false);
  expect(logs).toEqual([
    expect.objectContaining({
      level: 'warn',
      event: 'admin-groups.check-failed',
      userId: ANN,
      status: 429,
      code: 'TooManyRequests',
    }),
  ]);
  expect(sleeps).toEqual([1000]);
  // Within Retry-After nobody new is looked up (fail closed without asking); after it, Graph is asked again.
  const third = '33333333-3333-4333-8333-333333333333';
  graph.state.members[third] = [ADMINS];
  const before = graph.checks().length;
  expect(await m.isMember(third)).toBe(false);
  expect(graph.checks()).toHaveLength(before);
  now += 121_000;
  graph.state.throttleNext = 0;
  expect(await m.isMember(third)).toBe(true);
  expect(JSON.stringify(logs)).not.toContain('graph-app-token');
});

test('one 429 does not turn off group admins: known answers keep counting for a while, only unknown users fail closed', async () => {
  let now = 7_000_000;
  const { m, logs } = membership({ clock: () => now });
  expect(await m.isMember(SEC)).toBe(true);
  // The answer went stale (5 minutes) and Graph throttles for 2 minutes: SEC stays an admin, ANN (never seen) is not.
  now += 6 * 60_000;
  graph.state.throttleNext = 10;
  graph.state.retryAfter = '120';
  expect(await m.isMember(SEC)).toBe(true);
  expect(logs).toEqual([
    expect.objectContaining({ event: 'admin-groups.check-failed', userId: SEC, status: 429, keptAnswer: true }),
  ]);
  const checks = graph.checks().length;
  expect(await m.isMember(ANN)).toBe(false);
  expect(await m.isMember(SEC)).toBe(true);
  expect(graph.checks()).toHaveLength(checks); // nobody asked within Retry-After
  // After Retry-After Graph is asked again, and a removal shows.
  now += 121_000;
  graph.state.throttleNext = 0;
  graph.state.members[SEC] = [];
  expect(await m.isMember(SEC)).toBe(false);
  expect(graph.checks()).toHaveLength(checks + 1);
});

test('a last answer counts only for a bounded time: past it, an unreachable Graph means not an admin', async () => {
  let now = 9_000_000;
  const { m } = membership({ clock: () => now });
  expect(await m.isMember(SEC)).toBe(true);
  graph.state.forbidden = true;
  now += 6 * 60_000;
  expect(await m.isMember(SEC)).toBe(true); // stale by a minute, Graph refuses: the answer still counts
  now += 10 * 60_000;
  expect(await m.isMember(SEC)).toBe(false); // fifteen minutes old: no longer
});

test('the cache is bounded: the least recently checked users are forgotten, expired ones swept', async () => {
  let now = 11_000_000;
  const users = [SEC, ANN, '33333333-3333-4333-8333-333333333333'];
  for (const user of users) graph.state.members[user] ??= [];
  const { m } = membership({ clock: () => now, maxUsers: 2 });
  for (const user of users) await m.isMember(user);
  expect(m.cachedUsers).toBe(2);
  await m.isMember(SEC); // forgotten: asked again
  expect(graph.checks().map((c) => c.userId)).toEqual([...users, SEC]);
  now += 60 * 60_000;
  await m.isMember(ANN);
  expect(m.cachedUsers).toBe(1); // the expired answers are gone
});

test('403 (permission not consented), an unknown user, a bad secret and an unreachable Graph all fail closed with a warning', async () => {
  graph.state.forbidden = true;
  const forbidden = membership();
  expect(await forbidden.m.isMember(SEC)).toBe(false);
  expect(forbidden.logs).toEqual([
    expect.objectContaining({ event: 'admin-groups.check-failed', status: 403, code: 'Authorization_RequestDenied' }),
  ]);
  graph.state.forbidden = false;

  const unknown = membership();
  expect(await unknown.m.isMember('44444444-4444-4444-8444-444444444444')).toBe(false);
  expect(unknown.logs).toEqual([expect.objectContaining({ status: 404, code: 'Request_ResourceNotFound' })]);

  const badSecret = membership({ secret: 'wrong' });
  expect(await badSecret.m.isMember(SEC)).toBe(false);
  expect(badSecret.logs).toEqual([expect.objectContaining({ status: 401, code: 'invalid_client' })]);
  expect(JSON.stringify(badSecret.logs)).not.toContain('wrong');

  const down = membership({ graphUrl: 'http://127.0.0.1:1/v1.0' });
  expect(await down.m.isMember(SEC)).toBe(false);
  expect(down.logs).toEqual([
    expect.objectContaining({ level: 'warn', event: 'admin-groups.check-failed', error: expect.any(String) }),
  ]);
});

test('ids that are not Entra object ids are never looked up; the check exists only with groups and tenant credentials', async () => {
  const { m } = membership();
  expect(await m.isMember('29:1abc-teams-user')).toBe(false);
  expect(await m.isMember('../me')).toBe(false);
  expect(graph.checks()).toEqual([]);

  const tenant = {
    tenantId: 'tenant-1',
    clientId: 'app-id',
    clientSecret: 'app-secret',
    tenantDomain: 'contoso.onmicrosoft.com',
    authorityHost: graph.url,
    dnsServers: [],
  };
  expect(
    adminGroupsFor(
      { admins: { userIds: [], groupIds: [] }, adminTenant: tenant, graphUrl: `${graph.url}/v1.0` },
      silentLogger,
    ),
  ).toBeUndefined();
  const lines: string[] = [];
  expect(
    adminGroupsFor(
      { admins: { userIds: [], groupIds: [ADMINS] }, graphUrl: `${graph.url}/v1.0` },
      createLogger('info', (l) => lines.push(l)),
    ),
  ).toBeUndefined();
  expect(lines.join('\n')).toContain('admin-groups.teams-unavailable');
  const configured = adminGroupsFor(
    { admins: { userIds: [], groupIds: [ADMINS] }, adminTenant: tenant, graphUrl: `${graph.url}/v1.0` },
    silentLogger,
  );
  expect(await configured!.isMember(SEC)).toBe(true);
});
