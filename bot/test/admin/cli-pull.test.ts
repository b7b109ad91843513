import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classify } from '@dsguard/classifier';
import {
  inventoryApprove,
  inventoryMalicious,
  inventoryPull,
  inventoryRetire,
  type PullIo,
} from '../../src/admin/cli-pull.js';
import { SqliteInventoryStore } from '../../src/admin/inventory/sqlite-inventory-store.js';
import { ReportStore } from '../../src/reports/report-store.js';
import { CheckStore } from '../../src/storage/checks.js';
import { openStorage } from '../../src/storage/open-storage.js';
import { startContractServer, type ContractServer } from './servers/microsoft-contract-server.js';

const DAY = 86_400_000;
const CREDENTIALS = { DSGUARD_TENANT_ID: 'tenant-1', DSGUARD_CLIENT_ID: 'app-id', DSGUARD_CLIENT_SECRET: 'app-secret' };
let server: ContractServer;
let dir: string;
let db: string;
const sleeps: number[] = [];

function cli(env: Record<string, string | undefined> = {}, tty = false, graphPageSize?: number) {
  const out: string[] = [];
  const err: string[] = [];
  const io: PullIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t), isTTY: tty },
    cwd: dir,
    env: {
      ...CREDENTIALS,
      ENTRA_AUTHORITY_HOST: server.url,
      GRAPH_URL: `${server.url}/graph/v1.0`,
      USER: 'ops',
      ...env,
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...(graphPageSize ? { graphPageSize } : {}),
  };
  return { io, out, err };
}

beforeEach(async () => {
  sleeps.length = 0;
  dir = mkdtempSync(join(tmpdir(), 'dsguard-pull-'));
  db = join(dir, 'server.sqlite');
  const now = Date.now();
  server = await startContractServer({
    // 25 traces over 25 days: three 10-day windows, several pages each ($top is 5000, so the server pages by skiptoken).
    traces: Array.from({ length: 25 }, (_, i) => ({
      id: `t${i}`,
      senderAddress: i % 5 === 0 ? 'Billing@Fabrikam.com' : 'Scanner@Contoso.com',
      recipientAddress: 'alice@contoso.com',
      subject: `Scan ${i}`,
      receivedDateTime: new Date(now - (i + 0.5) * DAY).toISOString(),
      fromIP: i % 5 === 0 ? '203.0.113.9' : '198.51.100.20',
      status: 'Delivered',
    })),
    huntingRows: [
      {
        Timestamp: new Date(now - 2 * DAY).toISOString(),
        NetworkMessageId: 'n1',
        SenderMailFromAddress: 'ceo@contoso.com',
        SenderFromAddress: 'ceo@contoso.com',
        RecipientEmailAddress: 'bob@contoso.com',
        Subject: 'Voicemail',
        SenderIPv4: '192.0.2.66',
        DetectionMethods: '{"Phish":["Spoof intra-org"]}',
        SPF: 'fail',
        DKIM: 'none',
        DMARC: 'fail',
        CompAuth: 'fail',
      },
      {
        Timestamp: new Date(now - 3 * DAY).toISOString(),
        NetworkMessageId: 'n2',
        SenderMailFromAddress: 'printer@contoso.com',
        SenderFromAddress: 'printer@contoso.com',
        RecipientEmailAddress: 'bob@contoso.com',
        Subject: 'Scan',
        SenderIPv4: '198.51.100.21',
        SPF: 'pass',
        DKIM: 'none',
        DMARC: 'pass',
        CompAuth: 'pass',
      },
    ],
  });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sources() {
  const store = new SqliteInventoryStore(db);
  try {
    return { sources: await store.listSources(), imports: await store.listImports() };
  } finally {
    await store.close();
  }
}

test('pull --from graph: three 10-day windows, both bounds in each filter, a progress line per window, one import', async () => {
  const { io, out, err } = cli();
  expect(await inventoryPull(['--from', 'graph', '--days', '25', '--domain', 'contoso.com', '--db', db], io)).toBe(0);
  const traceCalls = server.state.requests.filter((r) => r.path.includes('/messageTraces'));
  expect(traceCalls).toHaveLength(3);
  for (const call of traceCalls)
    expect(decodeURIComponent(call.path)).toMatch(/receivedDateTime ge \S+Z and receivedDateTime le \S+Z/);
  expect(err.join('')).toMatch(/^graph: 1\/3 .*\n.*graph: 2\/3 .*\n.*graph: 3\/3 .*25 rows so far\n$/s);
  expect(out.join('')).toMatch(
    /^pulled 25 rows from Graph message trace \d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d in [\d.]+ s: 20 Direct Send candidates from 1 sources\n$/,
  );
  const { sources: found, imports } = await sources();
  expect(found.map((s) => [s.key, s.messages])).toEqual([['198.51.100.0/24', 20]]);
  expect(imports).toEqual([expect.objectContaining({ kind: 'graph-trace', rows: 25, actor: 'ops' })]);
});

test('pull --from graph follows nextLink pages and waits out 429 Retry-After', async () => {
  server.state.throttleNext = 2;
  const { io } = cli({}, false, 2);
  expect(await inventoryPull(['--from', 'graph', '--days', '5', '--db', db], io)).toBe(0);
  expect(sleeps).toEqual([1000, 1000]);
  const pages = server.state.requests.filter((r) => r.path.includes('/messageTraces'));
  // Two throttled answers, then three pages of two, one and two rows via $skiptoken.
  expect(pages.map((r) => new URL(r.path, server.url).searchParams.get('$skiptoken'))).toEqual([
    null,
    null,
    null,
    '2',
    '4',
  ]);
  const { sources: found } = await sources();
  expect(found.reduce((n, s) => n + s.messages, 0)).toBe(5);
});

test('pull --from graph --days 90: nine windows, the oldest start just inside the 90 days Graph keeps', async () => {
  const { io } = cli();
  const before = Date.now();
  expect(await inventoryPull(['--from', 'graph', '--days', '90', '--db', db], io)).toBe(0);
  const filters = server.state.requests
    .filter((r) => r.path.includes('/messageTraces'))
    .map((r) => new URL(r.path, server.url).searchParams.get('$filter')!);
  expect(filters).toHaveLength(9);
  const oldest = Date.parse(/receivedDateTime ge (\S+)/.exec(filters[0]!)![1]!);
  expect(oldest).toBeGreaterThanOrEqual(before - 90 * DAY + 4 * 60_000);
  expect(oldest).toBeLessThan(before - 90 * DAY + 10 * 60_000);
});

test('a TTY gets a progress bar instead of lines', async () => {
  const { io, err } = cli({}, true);
  expect(await inventoryPull(['--from', 'graph', '--days', '12', '--db', db], io)).toBe(0);
  expect(err.join('')).toMatch(/\r\[#{15} {15}\] 1\/2 .*\r\[#{30}\] 2\/2 12 rows\n$/s);
});

test('a service that keeps failing after its retries: exit 1, one clear line, inventory untouched', async () => {
  server.state.throttleNext = 100;
  const { io, out, err } = cli();
  expect(await inventoryPull(['--from', 'graph', '--days', '25', '--db', db], io)).toBe(1);
  expect(sleeps).toHaveLength(5);
  expect(out).toEqual([]);
  expect(err.at(-1)).toBe(
    'dsguard: pull failed, the inventory is unchanged: Graph message trace: Too many requests (TooManyRequests, HTTP 429)\n',
  );
  const { sources: found, imports } = await sources();
  expect(found).toEqual([]);
  expect(imports).toEqual([]);
});

test('a wrong secret is reported with Entra’s own message', async () => {
  const { io, err } = cli({ DSGUARD_CLIENT_SECRET: 'wrong' });
  expect(await inventoryPull(['--from', 'defender', '--domain', 'contoso.com', '--db', db], io)).toBe(1);
  expect(err.join('')).toBe(
    'dsguard: pull failed, the inventory is unchanged: Entra token: AADSTS7000215: Invalid client secret provided. (invalid_client, HTTP 401)\n',
  );
});

test('pull --from defender runs the shipped KQL over the given days', async () => {
  const { io, out } = cli();
  expect(await inventoryPull(['--from', 'defender', '--days', '7', '--domain', 'contoso.com', '--db', db], io)).toBe(0);
  const call = server.state.requests.find((r) => r.path === '/graph/v1.0/security/runHuntingQuery')!;
  const body = JSON.parse(call.body) as { Query: string; Timespan: string };
  expect(body.Timespan).toBe('P7D');
  expect(body.Query).toContain('let accepted = dynamic(["contoso.com"]);');
  expect(body.Query).toContain('ago(7d)');
  expect(out.join('')).toMatch(
    /pulled 2 rows from Defender advanced hunting .*: 2 Direct Send candidates from 2 sources/,
  );
  const { sources: found, imports } = await sources();
  expect(found.map((s) => s.key).sort()).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
  expect(imports[0]).toMatchObject({ kind: 'defender', rows: 2 });
});

test('bad options and missing credentials: exit 2 with one line, nothing called', async () => {
  const cases: [string[], Record<string, string | undefined>, RegExp][] = [
    [['--from', 'exchange'], {}, /--from must be one of graph, defender, reports/],
    [[], {}, /--from is required/],
    [['--from', 'graph', '--days', '91'], {}, /days must be a whole number from 1 to 90 for graph/],
    [['--from', 'defender', '--days', '31', '--domain', 'contoso.com'], {}, /from 1 to 30 for defender/],
    [['--from', 'graph', '--days', 'ten'], {}, /days must be a whole number/],
    [['--from', 'defender'], {}, /needs the accepted domains/],
    [['--from', 'defender', '--domain', 'not a domain'], {}, /not a domain name/],
    [
      ['--from', 'graph'],
      { DSGUARD_CLIENT_SECRET: undefined },
      /--from graph needs DSGUARD_CLIENT_SECRET in the environment/,
    ],
    [['--from', 'graph', '--bogus'], {}, /Unknown option '--bogus'/],
  ];
  for (const [argv, env, message] of cases) {
    const { io, err } = cli(env);
    expect(await inventoryPull([...argv, '--db', db], io)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  }
  expect(server.state.requests).toEqual([]);
});

test('pull --from reports: stored reports and chat checks, one message counted once', async () => {
  const storage = await openStorage({ kind: 'sqlite', path: db });
  const spoof = readFileSync(join(__dirname, '../../../samples/01-spoof-self.eml'), 'utf8');
  const device = readFileSync(join(__dirname, '../../../samples/05-device-spfpass.eml'), 'utf8');
  const context = { acceptedDomains: ['northwindtraders.org', 'nwt.org'] };
  const reports = new ReportStore(storage, () => []);
  await reports.file({
    clientReportId: 'a',
    reporter: { id: 'u1' },
    source: 'teams',
    headers: spoof,
    verdict: classify(spoof, context),
  });
  await reports.file({
    clientReportId: 'b',
    reporter: { id: 'u2' },
    source: 'addin',
    headers: spoof,
    verdict: classify(spoof, context),
  });
  const checks = new CheckStore(storage);
  await checks.save('u3', spoof);
  await checks.save('u3', device);
  await storage.close();

  const { io, out, err } = cli({ DSGUARD_TENANT_ID: undefined });
  expect(await inventoryPull(['--from', 'reports', '--db', db], io)).toBe(0);
  expect(err.join('')).toMatch(/reports: 1\/2 reports 1-2, 1 rows so far\nreports: 2\/2 checks 1-2, 2 rows so far\n/);
  // Two reports and one check of the same message count once; the device check is the other row.
  expect(out.join('')).toMatch(/^pulled 2 rows from stored reports and checks /);
  const { imports, sources: found } = await sources();
  expect(imports[0]).toMatchObject({ kind: 'verdicts', rows: 2 });
  expect(found.length).toBeGreaterThan(0);
  expect(server.state.requests).toEqual([]);
});

test('pull --from reports pages through many checks (500 a page) without losing or repeating one', async () => {
  const storage = await openStorage({ kind: 'sqlite', path: db });
  const checks = new CheckStore(storage);
  for (let i = 0; i < 1001; i += 1) {
    await checks.save(
      'u1',
      [
        `Received: from printer (unknown [198.51.100.${i % 200}]) by BN1PR00MB0001.namprd00.prod.outlook.com with Microsoft SMTP Server; Mon, 1 Jun 2026 08:00:00 +0000`,
        'From: scanner@contoso.com',
        'To: alice@contoso.com',
        `Subject: Scan ${i}`,
        `X-MS-Exchange-Organization-Network-Message-Id: 00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      ].join('\r\n'),
    );
  }
  await storage.close();
  const { io, out, err } = cli();
  expect(await inventoryPull(['--from', 'reports', '--db', db], io)).toBe(0);
  expect(err.join('')).toBe(
    'reports: 1/3 checks 1-500, 500 rows so far\nreports: 2/3 checks 501-1000, 1,000 rows so far\nreports: 3/3 checks 1001-1001, 1,001 rows so far\n',
  );
  expect(out.join('')).toMatch(/^pulled 1,001 rows from stored reports and checks/);
});

test('pull --from reports refuses a file that is not the server database', async () => {
  const { io, err } = cli();
  expect(await inventoryPull(['--from', 'reports', '--db', join(dir, 'missing.sqlite')], io)).toBe(2);
  expect(err[0]).toMatch(/^dsguard: no server database at .*missing\.sqlite/);
  const inventoryOnly = new SqliteInventoryStore(db);
  await inventoryOnly.close();
  const second = cli();
  expect(await inventoryPull(['--from', 'reports', '--db', db], second.io)).toBe(2);
  expect(second.err[0]).toMatch(/has no reports or checks tables/);
});

test('approve / malicious / retire record the decision with who made it; unknown sources are refused', async () => {
  const { io } = cli();
  expect(await inventoryPull(['--from', 'graph', '--days', '25', '--db', db], io)).toBe(0);
  const approve = cli();
  expect(await inventoryApprove(['198.51.100.20', '--name', 'Scanner', '--db', db], approve.io)).toBe(0);
  expect(approve.out.join('')).toBe('198.51.100.0/24: approved as "Scanner" by ops\n');
  const bad = cli();
  expect(await inventoryMalicious(['203.0.113.0/24', '--by', 'alice@contoso.com', '--db', db], bad.io)).toBe(0);
  expect(bad.out.join('')).toBe('203.0.113.0/24: malicious by alice@contoso.com\n');
  const unknown = cli();
  expect(await inventoryRetire(['10.9.9.9', '--db', db], unknown.io)).toBe(2);
  expect(unknown.err.join('')).toMatch(
    /^dsguard: no inventory source "10\.9\.9\.9" in .*; see: dsguard inventory list\n$/,
  );
  const misuse = cli();
  expect(await inventoryRetire(['203.0.113.0/24', '--name', 'x', '--db', db], misuse.io)).toBe(2);
  expect(misuse.err.join('')).toMatch(/--name is only for approve/);

  const store = new SqliteInventoryStore(db);
  try {
    expect(await store.getSource('198.51.100.0/24')).toMatchObject({
      status: 'approved',
      name: 'Scanner',
      statusBy: 'ops',
    });
    expect(await store.getSource('203.0.113.0/24')).toMatchObject({
      status: 'malicious',
      statusBy: 'alice@contoso.com',
    });
    expect((await store.listActions()).map((a) => a.action)).toEqual(['mark-malicious', 'approve']);
  } finally {
    await store.close();
  }
});
