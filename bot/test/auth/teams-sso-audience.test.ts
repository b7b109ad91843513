import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { configFromVariables } from '../../src/config/load-config';
import { localServer, startServer, type LocalServer, type RunningServer } from '../support/server-harness';

// Teams SSO tokens carry the Application ID URI that Teams requires: api://<fully qualified domain>/<client id>.
const TENANT = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const CLIENT = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const USER = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';
const PUBLIC_URL = 'https://dsguard.example.com:8443';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let jwks: LocalServer;
let server: RunningServer;
let signingKey: PrivateKey;
let issuer: string;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = await localServer((req, res) => {
    if (req.path === `/${TENANT}/discovery/v2.0/keys`)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    else res.writeHead(404).end();
  });
  // Teams SSO hands out v1 tokens unless the app asks for v2: their issuer is sts.windows.net.
  issuer = `https://sts.windows.net/${TENANT}/`;
  server = await startServer(
    { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT, ENTRA_AUTHORITY_HOST: jwks.url, PUBLIC_URL },
    { startOutbox: false },
  );
});
afterAll(async () => {
  await server?.close();
  await jwks?.close();
});

const token = (aud: string): Promise<string> =>
  new SignJWT({ oid: USER, tid: TENANT, name: 'User', scp: 'access_as_user' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(issuer)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(signingKey);

const getReports = async (aud: string): Promise<Response> =>
  fetch(`${server.url}/api/reports`, { headers: { authorization: `Bearer ${await token(aud)}` } });

test('the configuration derives the Teams SSO audience from PUBLIC_URL', () => {
  const config = configFromVariables({ ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT, PUBLIC_URL }, process.cwd());
  expect(config.entra?.audiences).toEqual([CLIENT, `api://${CLIENT}`, `api://dsguard.example.com:8443/${CLIENT}`]);
  const noUrl = configFromVariables({ ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT }, process.cwd());
  expect(noUrl.entra?.audiences).toEqual([CLIENT, `api://${CLIENT}`]);
});

test.each([
  ['Teams SSO (api://domain/client id)', `api://dsguard.example.com:8443/${CLIENT}`],
  ['the add-in (api://client id)', `api://${CLIENT}`],
  ['a v2 token (client id)', CLIENT],
])('a token for %s is accepted', async (_name, aud) => {
  const res = await getReports(aud);
  expect(res.status).toBe(200);
  expect(((await res.json()) as { scope: string }).scope).toBe('own');
});

test.each([
  ['another domain', `api://evil.example.net/${CLIENT}`],
  ['the domain without the port', `api://dsguard.example.com/${CLIENT}`],
  ['another client id on our domain', 'api://dsguard.example.com:8443/99999999-9999-4999-8999-999999999999'],
])('a token whose audience names %s is refused', async (_name, aud) => {
  const res = await getReports(aud);
  expect(res.status).toBe(401);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/aud/);
});
