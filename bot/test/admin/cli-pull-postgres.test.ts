import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classify } from '@dsguard/classifier';
import { inventoryApprove, inventoryPull, type PullIo } from '../../src/admin/cli-pull.js';
import { PostgresInventoryStore } from '../../src/admin/inventory/postgres-inventory-store.js';
import { strings as adminStrings } from '../../src/admin/strings.js';
import { ReportStore } from '../../src/reports/report-store.js';
import { CheckStore } from '../../src/storage/checks.js';
import { openStorage } from '../../src/storage/open-storage.js';
import { startPostgres, type PostgresCluster } from '../support/postgres-cluster.js';

// The server on PostgreSQL: `DATABASE_URL` without --db points the CLI at the server's reports, checks and inventory.
let cluster: PostgresCluster;

beforeAll(async () => {
  cluster = await startPostgres();
}, 120000);
afterAll(() => cluster?.stop());

function cli(url: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: PullIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    cwd: tmpdir(),
    env: { DATABASE_URL: url, USER: 'ops' },
  };
  return { io, out, err };
}

test('pull --from reports reads the server database on PostgreSQL and writes the inventory there', async () => {
  const url = await cluster.createDatabase('pull_reports');
  const storage = await openStorage({ kind: 'postgres', url });
  const spoof = readFileSync(join(__dirname, '../../../samples/01-spoof-self.eml'), 'utf8');
  const device = readFileSync(join(__dirname, '../../../samples/05-device-spfpass.eml'), 'utf8');
  await new ReportStore(storage, () => []).file({
    clientReportId: 'a',
    reporter: { id: 'u1' },
    source: 'teams',
    headers: spoof,
    verdict: classify(spoof),
  });
  await new CheckStore(storage).save('u2', device);
  await storage.close();

  const { io, out, err } = cli(url);
  expect(await inventoryPull(['--from', 'reports'], io)).toBe(0);
  expect(err.join('')).toMatch(/reports: 1\/2 reports 1-1, 1 rows so far\nreports: 2\/2 checks 1-1, 2 rows so far\n/);
  expect(out.join('')).toMatch(/^pulled 2 rows from stored reports and checks/);

  const store = await PostgresInventoryStore.open(url);
  try {
    const [source] = await store.listSources({ limit: 1 });
    expect((await store.listImports())[0]).toMatchObject({ kind: 'verdicts', rows: 2, actor: 'ops' });
    // Stored reports and checks are what users pasted: the source is unverified, and approving it is refused.
    expect(source!.verified).toBeUndefined();
    const approve = cli(url);
    expect(await inventoryApprove([source!.key, '--name', 'Lab'], approve.io)).toBe(2);
    expect(approve.err.join('')).toBe(`dsguard: ${adminStrings.approveUnverified(source!.key)}\n`);
    expect(await store.getSource(source!.key)).toMatchObject({ status: 'new' });
    expect(await store.listActions(source!.key)).toEqual([]);
  } finally {
    await store.close();
  }
});

test('a PostgreSQL database without the server tables is refused with one line, the password left out', async () => {
  const url = (await cluster.createDatabase('pull_empty')).replace('postgres@', 'postgres:secret@');
  const { io, err } = cli(url);
  expect(await inventoryPull(['--from', 'reports'], io)).toBe(2);
  expect(err).toHaveLength(1);
  expect(err[0]).toMatch(/has no reports or checks tables/);
  expect(err[0]).not.toContain('secret');
});
