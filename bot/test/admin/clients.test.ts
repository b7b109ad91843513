import { ApiError, RateLimiter, nextPageUrl, retryAfterMs } from '../../src/admin/clients/api-client.js';
import { directSendHuntingQuery, rowFromHunting, runHuntingQuery } from '../../src/admin/clients/defender-hunting.js';
import { exchangeAdminClient } from '../../src/admin/clients/exchange-admin.js';
import { graphMessageTraces, rowFromGraphTrace, traceWindows } from '../../src/admin/clients/graph-message-trace.js';
import { clientCredentialsTokenProvider } from '../../src/admin/clients/token-provider.js';
import { readiness, type CliIo } from '../../src/admin/cli.js';
import { startContractServer, type ContractServer } from './servers/microsoft-contract-server.js';
import { startDnsServer } from './servers/dns-server.js';
import { networkResolver } from '../../src/admin/dns/dns-resolver.js';
import { localServer } from '../support/server-harness.js';

const NOW = Date.UTC(2025, 6, 1);
const DAY = 86_400_000;
let server: ContractServer;
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};

beforeEach(async () => {
  sleeps.length = 0;
  server = await startContractServer({
    traces: Array.from({ length: 7 }, (_, i) => ({
      id: `t${i}`,
      senderAddress: 'Scanner@Contoso.com',
      recipientAddress: 'alice@contoso.com',
      subject: `Scan ${i}`,
      receivedDateTime: new Date(NOW - (i * 3 + 1) * DAY).toISOString(),
      fromIP: '198.51.100.20',
      status: 'Delivered',
    })),
    cmdlets: {
      'Get-OrganizationConfig': [{ Identity: 'contoso', RejectDirectSend: false }],
      'Get-AcceptedDomain': [
        { DomainName: 'contoso.com', DomainType: 'Authoritative', Default: true },
        { DomainName: 'contoso.onmicrosoft.com' },
        { DomainName: 'fabrikam.com' },
      ],
      'Get-InboundConnector': [
        {
          Name: 'Scanner',
          Enabled: true,
          ConnectorType: 'Partner',
          SenderIPAddresses: ['198.51.100.0/24'],
          SenderDomains: ['smtp:*;1'],
        },
      ],
    },
  });
});
afterEach(() => server.close());

const tokens = () =>
  clientCredentialsTokenProvider({
    tenantId: 'tenant-1',
    clientId: 'app-id',
    clientSecret: 'app-secret',
    authority: server.url,
  });

test('client credentials: one token per scope, cached; a bad secret is a clear error', async () => {
  const provider = tokens();
  expect(await provider.getToken('https://graph.microsoft.com/.default')).toBe(
    'token-for:https://graph.microsoft.com/.default',
  );
  await provider.getToken('https://graph.microsoft.com/.default');
  expect(server.state.tokensIssued).toBe(1);
  const bad = clientCredentialsTokenProvider({
    tenantId: 'tenant-1',
    clientId: 'app-id',
    clientSecret: 'wrong',
    authority: server.url,
  });
  await expect(bad.getToken('x')).rejects.toThrow(
    'Entra token: AADSTS7000215: Invalid client secret provided. (invalid_client, HTTP 401)',
  );
});

test('Graph message trace: 10-day windows with both bounds, $top paging via nextLink, 429 Retry-After', async () => {
  server.state.throttleNext = 1;
  const traces = [];
  for await (const trace of graphMessageTraces(
    { tokens: tokens(), baseUrl: `${server.url}/graph/v1.0`, top: 2, sleep, clock: () => NOW },
    new Date(NOW - 25 * DAY),
    new Date(NOW),
  )) {
    traces.push(trace);
  }
  expect(traces.map((t) => t.id).sort()).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
  expect(sleeps).toEqual([1000]);
  const filters = server.state.requests
    .filter((r) => r.path.includes('messageTraces'))
    .map((r) => new URL(r.path, server.url).searchParams.get('$filter'));
  expect(filters.every((f) => /^receivedDateTime ge \S+Z and receivedDateTime le \S+Z$/.test(f ?? ''))).toBe(true);
  expect(new Set(filters).size).toBe(3);
  expect(rowFromGraphTrace(traces[0]!)).toMatchObject({
    origin: 'graph-trace',
    senderAddress: 'scanner@contoso.com',
    clientIp: '198.51.100.20',
    recipients: ['alice@contoso.com'],
  });
  expect(() => traceWindows(new Date(NOW - 91 * DAY), new Date(NOW), NOW)).toThrow(/keeps 90 days/);
});

test('rate limiter waits once 100 calls fall in 5 minutes; Retry-After as a date', async () => {
  let now = 0;
  const waits: number[] = [];
  const limiter = new RateLimiter(
    100,
    300_000,
    () => now,
    async (ms) => {
      waits.push(ms);
      now += ms;
    },
  );
  for (let i = 0; i < 101; i += 1) await limiter.acquire();
  expect(waits).toEqual([300_000]);
  expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', 0, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
});

test('Defender hunting: the shipped query and its rows', async () => {
  const query = directSendHuntingQuery(['contoso.com', '*.contoso.com']);
  expect(query).toContain('let accepted = dynamic(["contoso.com", "contoso.com"]);');
  expect(query).toMatch(/isempty\(Connectors\)/);
  expect(() => directSendHuntingQuery(['contoso.com"); drop'])).toThrow(/not a domain/);
  server.state.huntingRows = [
    {
      Timestamp: '2025-06-30T10:00:00Z',
      SenderMailFromAddress: 'ceo@contoso.com',
      SenderFromAddress: 'ceo@contoso.com',
      RecipientEmailAddress: 'ceo@contoso.com',
      SenderIPv4: '203.0.113.66',
      DMARC: 'fail',
      CompAuth: 'fail',
      DetectionMethods: '{"Phish":["Spoof intra-org"]}',
    },
  ];
  const result = await runHuntingQuery({ tokens: tokens(), baseUrl: `${server.url}/graph/v1.0`, sleep }, query);
  expect(JSON.parse(server.state.requests.at(-1)!.body)).toEqual({ Query: query, Timespan: 'P30D' });
  expect(rowFromHunting(result.results[0]!)).toMatchObject({
    origin: 'defender',
    senderAddress: 'ceo@contoso.com',
    clientIp: '203.0.113.66',
    auth: { dmarc: 'fail', compauth: 'fail' },
    verdict: 'spoof',
  });
});

test('Exchange admin InvokeCommand: pages through nextLink with the anchor mailbox; errors from details', async () => {
  const exchange = exchangeAdminClient({
    tokens: tokens(),
    tenantId: 'tenant-1',
    tenantDomain: 'contoso.onmicrosoft.com',
    baseUrl: `${server.url}/adminapi/beta`,
  });
  expect((await exchange.acceptedDomains()).map((d) => d.DomainName)).toEqual([
    'contoso.com',
    'contoso.onmicrosoft.com',
    'fabrikam.com',
  ]);
  const invokes = server.state.requests.filter((r) => r.path.includes('InvokeCommand'));
  expect(invokes).toHaveLength(2);
  expect(invokes[1]!.body).toBe(invokes[0]!.body);
  expect(invokes[0]!.headers['x-anchormailbox']).toBe(
    'APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@contoso.onmicrosoft.com',
  );
  const error = await exchange.invoke('Get-Nothing').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as Error).message).toBe(
    "Exchange admin API: The term 'Get-Nothing' is not recognized as a cmdlet. (BadRequest, HTTP 400)",
  );
});

test('a next page link to another origin is not followed: the bearer token never leaves the API', async () => {
  const elsewhere = await localServer(
    (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":[]}'),
  );
  server.state.nextLinkBase = elsewhere.url;
  try {
    const pull = async (): Promise<void> => {
      for await (const trace of graphMessageTraces(
        { tokens: tokens(), baseUrl: `${server.url}/graph/v1.0`, top: 2, sleep, clock: () => NOW },
        new Date(NOW - 9 * DAY),
        new Date(NOW),
      ))
        void trace;
    };
    const refused = await pull().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({
      code: 'foreign-next-link',
      message: expect.stringContaining(`points to ${new URL(elsewhere.url).origin}`),
    });
    const exchange = exchangeAdminClient({
      tokens: tokens(),
      tenantId: 'tenant-1',
      tenantDomain: 'contoso.onmicrosoft.com',
      baseUrl: `${server.url}/adminapi/beta`,
    });
    await expect(exchange.acceptedDomains()).rejects.toMatchObject({ code: 'foreign-next-link' });
    expect(elsewhere.requests).toEqual([]);
    // The same origin, spelt relatively or absolutely, is followed.
    expect(nextPageUrl('x', `${server.url}/graph/v1.0`, '/graph/v1.0/next?$skiptoken=2')).toBe(
      `${server.url}/graph/v1.0/next?$skiptoken=2`,
    );
    expect(() =>
      nextPageUrl('x', 'https://graph.microsoft.com/v1.0', 'https://graph.microsoft.com@evil.example/v1.0/x'),
    ).toThrow(/evil\.example/);
  } finally {
    delete server.state.nextLinkBase;
    await elsewhere.close();
  }
});

test('CLI readiness against the configured tenant (contract server + DNS server), saving a snapshot', async () => {
  const dns = await startDnsServer({
    'contoso.com': {
      MX: [{ exchange: 'contoso-com.mail.protection.outlook.com', preference: 0 }],
      TXT: [['v=spf1 include:spf.protection.outlook.com -all']],
    },
    'spf.protection.outlook.com': { TXT: [['v=spf1 ip4:40.92.0.0/15 -all']] },
    '_dmarc.contoso.com': { TXT: [['v=DMARC1; p=reject']] },
    'selector1._domainkey.contoso.com': { CNAME: ['selector1-contoso-com._domainkey.contoso.onmicrosoft.com'] },
    'fabrikam.com': {
      MX: [{ exchange: 'fabrikam-com.mail.protection.outlook.com', preference: 0 }],
      TXT: [['v=spf1 include:spf.protection.outlook.com -all']],
    },
    '_dmarc.fabrikam.com': { TXT: [['v=DMARC1; p=quarantine']] },
    'selector1._domainkey.fabrikam.com': { CNAME: ['selector1-fabrikam-com._domainkey.contoso.onmicrosoft.com'] },
  });
  try {
    const out: string[] = [];
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const cwd = mkdtempSync(`${tmpdir()}/dsguard-readiness-`);
    const io: CliIo = {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: () => undefined },
      cwd,
      env: {
        DSGUARD_TENANT_ID: 'tenant-1',
        DSGUARD_CLIENT_ID: 'app-id',
        DSGUARD_CLIENT_SECRET: 'app-secret',
        DSGUARD_TENANT_DOMAIN: 'contoso.onmicrosoft.com',
      },
      endpoints: {
        authority: server.url,
        exchange: `${server.url}/adminapi/beta`,
        resolve: networkResolver({ servers: [dns.address], tries: 1 }),
      },
    };
    expect(await readiness(['--json', '--save-snapshot', 'snap.json'], io)).toBe(0);
    const result = JSON.parse(out.join('')) as { ready: boolean; domains: { domain: string }[] };
    expect(result.domains.map((d) => d.domain)).toEqual(['contoso.com', 'fabrikam.com']);
    expect(result.ready).toBe(true);
    const saved = JSON.parse(readFileSync(`${cwd}/snap.json`, 'utf8')) as { dns: Record<string, unknown> };
    expect(Object.keys(saved.dns)).toEqual(expect.arrayContaining(['contoso.com', '_dmarc.contoso.com']));
    out.length = 0;
    expect(await readiness(['--json', '--snapshot', 'snap.json'], io)).toBe(0);
    expect((JSON.parse(out.join('')) as { ready: boolean }).ready).toBe(true);
  } finally {
    await dns.close();
  }
});
