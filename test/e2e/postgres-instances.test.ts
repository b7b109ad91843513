import pg from 'pg';
import { startPostgres, type PostgresCluster } from '../../bot/test/support/postgres-cluster';
import { importTraceRows } from '../../bot/src/admin/inventory/import-into-store';
import { migrations } from '../../bot/src/storage/migrations';
import { strings } from '../../bot/src/strings';
import { headerBlockOf, sample } from '../../bot/test/support/fixtures';
import { startServer } from '../../bot/test/support/server-harness';
import { useProductProcesses, type ProductProcess } from './support/product-process';

// Real server processes (bot/dist/main.js) against one real PostgreSQL server.
const headers = headerBlockOf(sample('01-spoof-self.eml').raw);
let cluster: PostgresCluster;
const products = useProductProcesses();

beforeAll(async () => {
  cluster = await startPostgres();
}, 180000);
afterAll(() => cluster?.stop());

// The load stands for many users, all filed here by the one local user: its report quota must not refuse them.
const startInstance = (databaseUrl: string): Promise<ProductProcess> =>
  products.start({ env: { DATABASE_URL: databaseUrl, RATE_LIMIT_REPORTS_PER_HOUR: '1000000000' } });

const reportId = (n: number, run: number): string =>
  `${run.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function fileReport(
  url: string,
  id: string,
  nmid: string,
): Promise<{ status: number; body: { id: string; duplicate: boolean } }> {
  const res = await fetch(`${url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // A distinct Network-Message-Id per report, so only the clientReportId decides duplicates here.
    body: JSON.stringify({
      clientReportId: id,
      headers: headers.replace(/(X-MS-Exchange-Organization-Network-Message-Id:\s*)\S+/i, `$1${nmid}`),
      verdict: {},
      source: 'api',
    }),
  });
  return { status: res.status, body: (await res.json()) as { id: string; duplicate: boolean } };
}

const countReports = async (databaseUrl: string): Promise<number> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM reports');
  await client.end();
  return Number(rows[0]!.n);
};

test('two server processes filing the same reports at once store each exactly once', async () => {
  const db = await cluster.createDatabase('two_writers');
  const [a, b] = await Promise.all([startInstance(db), startInstance(db)]);
  const n = 60;
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => [
      fileReport(a.url, reportId(i, 1), `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`),
      fileReport(b.url, reportId(i, 1), `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`),
    ]).flat(),
  );
  expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
  expect(results.filter((r) => r.status === 201)).toHaveLength(n);
  // Both answers for one clientReportId name the same stored report.
  for (let i = 0; i < n; i++) expect(results[2 * i]!.body.id).toBe(results[2 * i + 1]!.body.id);
  expect(await countReports(db)).toBe(n);
  await Promise.all([a.stop(), b.stop()]);
}, 120000);

test('a server killed with SIGKILL mid-load loses no acknowledged report', async () => {
  const db = await cluster.createDatabase('sigkill');
  const victim = await startInstance(db);
  const acknowledged = new Set<string>();
  let sent = 0;
  const workers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; ; i++) {
      const id = reportId(w * 100000 + i, 2);
      sent += 1;
      try {
        const r = await fileReport(
          victim.url,
          id,
          `bbbbbbbb-0000-4000-8000-${String(w * 100000 + i).padStart(12, '0')}`,
        );
        if (r.status === 201) acknowledged.add(r.body.id);
      } catch {
        return; // connection refused/reset: the server is gone
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  const killed = victim.kill('SIGKILL');
  await Promise.all([killed, ...workers]);
  expect(acknowledged.size).toBeGreaterThan(20);

  const client = new pg.Client({ connectionString: db });
  await client.connect();
  const { rows } = await client.query<{ id: string }>('SELECT id FROM reports');
  await client.end();
  const stored = new Set(rows.map((r) => r.id));
  const lost = [...acknowledged].filter((id) => !stored.has(id));
  expect(lost).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(acknowledged.size);

  // A fresh instance on the same database serves and re-uses everything.
  const again = await startInstance(db);
  const list = (await (await fetch(`${again.url}/api/reports?limit=500`)).json()) as { reports: unknown[] };
  expect(list.reports.length).toBe(Math.min(500, stored.size));
  await again.stop();
}, 120000);

test('on PostgreSQL two server instances serve one inventory: bot decisions on one, /api/inventory and known senders on the other', async () => {
  const admin = '11111111-1111-4111-8111-111111111111';
  const db = await cluster.createDatabase('dsguard_inventory');
  const [a, b] = await Promise.all([
    startServer({ DATABASE_URL: db, ADMIN_USER_IDS: admin, ACCEPTED_DOMAINS: 'contoso.com' }, { startOutbox: false }),
    startServer({ DATABASE_URL: db, ADMIN_USER_IDS: admin, ACCEPTED_DOMAINS: 'contoso.com' }, { startOutbox: false }),
  ]);
  try {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      origin: 'csv-summary' as const,
      clientIp: i < 20 ? '198.51.100.20' : '203.0.113.7',
      senderAddress: i < 20 ? 'scanner@contoso.com' : 'erp@contoso.com',
      recipients: ['alice@contoso.com'],
      receivedAt: Date.UTC(2026, 10, 1, 8, i),
    }));
    await importTraceRows(rows, a.server.inventory, { kind: 'test', label: 'seed' });

    const listed = await fetch(`${b.url}/api/inventory`);
    expect(listed.status).toBe(200);
    const { sources } = (await listed.json()) as {
      sources: { ip: string; messages: number; status: string; name: string | null; statusBy: string | null }[];
    };
    expect(sources.map((s) => [s.ip, s.messages, s.status])).toEqual([
      ['198.51.100.0/24', 20, 'new'],
      ['203.0.113.0/24', 10, 'new'],
    ]);

    const res = await fetch(`${b.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'pg-1',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9',
        from: { id: '29:sec', aadObjectId: admin, name: 'Sec' },
        recipient: { id: '28:dsguard' },
        conversation: { id: 'a:pg', conversationType: 'personal' },
        deliveryMode: 'expectReplies',
        text: 'approve 198.51.100.20 Scanner floor 2',
      }),
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain(strings.admin.actionDone.approve!('Scanner floor 2'));

    const approved = (await (await fetch(`${a.url}/api/inventory?status=approved`)).json()) as {
      sources: { ip: string; name: string | null; statusBy: string | null }[];
    };
    expect(approved.sources).toEqual([
      expect.objectContaining({ ip: '198.51.100.0/24', name: 'Scanner floor 2', statusBy: 'Local user (local-user)' }),
    ]);
    const csv = await (await fetch(`${a.url}/api/inventory?format=csv`)).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
    // Approved sources are known senders on every instance.
    expect((await (await fetch(`${a.url}/api/tenant-context`)).json()) as unknown).toMatchObject({
      knownSenders: [{ name: 'Scanner floor 2', ips: ['198.51.100.20'], addresses: ['scanner@contoso.com'] }],
    });
    const schema = new pg.Client({ connectionString: db });
    await schema.connect();
    const { rows: versions } = await schema.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    await schema.end();
    expect(versions.map((v) => Number(v.version))).toEqual([...migrations.map((m) => m.version), 100, 101]);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
