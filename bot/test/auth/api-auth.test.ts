import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { localServer, startServer, type LocalServer, type RunningServer } from '../support/server-harness';
import { headerBlockOf, sample } from '../support/fixtures';

const TENANT = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const CLIENT = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const ADMIN = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const ADMIN_GROUP = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
const USER = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let jwks: LocalServer;
let server: RunningServer;
let signingKey: PrivateKey;
let otherKey: PrivateKey;
let issuer: string;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = other.privateKey;
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = await localServer((req, res) => {
    if (req.path === `/${TENANT}/discovery/v2.0/keys`) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    } else res.writeHead(404).end();
  });
  issuer = `${jwks.url}/${TENANT}/v2.0`;
  server = await startServer(
    {
      ENTRA_TENANT_ID: TENANT,
      ENTRA_CLIENT_ID: CLIENT,
      ENTRA_AUTHORITY_HOST: jwks.url,
      ADMIN_USER_IDS: ADMIN,
      ADMIN_GROUP_IDS: ADMIN_GROUP,
    },
    { startOutbox: false },
  );
});
afterAll(async () => {
  await server?.close();
  await jwks?.close();
});

async function token(
  claims: Record<string, unknown> = {},
  opts: { key?: PrivateKey; iss?: string; aud?: string; exp?: string | number; kid?: string } = {},
): Promise<string> {
  return new SignJWT({ oid: USER, tid: TENANT, name: 'User', scp: 'access_as_user', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1' })
    .setIssuer(opts.iss ?? issuer)
    .setAudience(opts.aud ?? `api://${CLIENT}`)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '10m')
    .sign(opts.key ?? signingKey);
}

const get = (path: string, bearer?: string): Promise<Response> =>
  fetch(`${server.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

test('a valid token is accepted', async () => {
  const res = await get('/api/tenant-context', await token());
  expect(res.status).toBe(200);
});

test.each([
  ['no token', async () => undefined, /required/],
  ['wrong issuer', () => token({}, { iss: 'https://login.microsoftonline.com/other/v2.0' }), /iss/],
  ['wrong audience', () => token({}, { aud: 'api://someone-else' }), /aud/],
  ['wrong signature', () => token({}, { key: otherKey }), /signature/],
  ['expired', () => token({}, { exp: Math.floor(Date.now() / 1000) - 600 }), /expired/],
  ['unknown key id', () => token({}, { kid: 'nope' }), /key/],
  ['another tenant', () => token({ tid: '99999999-9999-4999-8999-999999999999' }), /tenant/],
  ['garbage', async () => 'not.a.jwt', /./],
])('%s is refused with 401', async (_name, make, reason) => {
  const res = await get('/api/tenant-context', await make());
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.message).toMatch(reason);
});

test('users see only their own reports; admins (by object id or group) see all', async () => {
  const spoof = sample('01-spoof-self.eml');
  const file = async (oid: string, id: string): Promise<Response> =>
    fetch(`${server.url}/api/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token({ oid })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientReportId: id, headers: headerBlockOf(spoof.raw), verdict: {}, source: 'addin' }),
    });
  expect((await file(USER, '10000000-0000-4000-8000-000000000001')).status).toBe(201);
  expect((await file('ffffffff-ffff-4fff-8fff-ffffffffffff', '10000000-0000-4000-8000-000000000002')).status).toBe(201);
  const own = (await (await get('/api/reports', await token())).json()) as {
    reports: { reporterId: string }[];
    scope: string;
  };
  expect(own.scope).toBe('own');
  expect(own.reports.map((r) => r.reporterId)).toEqual([USER]);
  const byOid = (await (await get('/api/reports', await token({ oid: ADMIN }))).json()) as {
    reports: unknown[];
    scope: string;
  };
  expect(byOid).toMatchObject({ scope: 'all' });
  expect(byOid.reports).toHaveLength(2);
  const byGroup = (await (await get('/api/reports', await token({ groups: [ADMIN_GROUP] }))).json()) as {
    scope: string;
  };
  expect(byGroup.scope).toBe('all');
});

test("a non-admin cannot read another user's report by id", async () => {
  const all = (await (await get('/api/reports', await token({ oid: ADMIN }))).json()) as {
    reports: { id: string; reporterId: string }[];
  };
  const foreign = all.reports.find((r) => r.reporterId !== USER)!;
  expect((await get(`/api/reports/${foreign.id}`, await token())).status).toBe(404);
  expect((await get(`/api/reports/${foreign.id}`, await token({ oid: ADMIN }))).status).toBe(200);
});

test('/healthz and static paths need no token', async () => {
  expect((await get('/healthz')).status).toBe(200);
  expect((await get('/.well-known/microsoft-officeaddins-allowed.json')).status).toBe(200);
});

test('an app-only token (client credentials: roles, no scp) is refused on the user APIs, even for an admin object id', async () => {
  const appOnly = await token({ oid: ADMIN, scp: undefined, roles: ['Reports.Read.All'], idtyp: 'app' });
  for (const path of ['/api/reports', '/api/tenant-context', '/api/inventory']) {
    const res = await get(path, appOnly);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/app-only token/);
  }
});
