import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classify } from '@dsguard/classifier';
import { DAY_MS } from '../../src/admin/inventory/inventory-overview';
import { dailyCountsOf, reportsPerDay } from '../../src/reports/daily-counts';
import { ReportStore } from '../../src/reports/report-store';
import { migrate } from '../../src/storage/migrations';
import { openPostgres } from '../../src/storage/postgres-client';
import type { SqlClient } from '../../src/storage/sql-client';
import { openSqlite } from '../../src/storage/sqlite-client';
import { sample } from '../support/fixtures';
import { startPostgres, type PostgresCluster } from '../support/postgres-cluster';

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const spoof = sample('01-spoof-self.eml');
const external = sample('08-external.eml');

let cluster: PostgresCluster;
let tmp: string;
beforeAll(async () => {
  cluster = await startPostgres();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dsguard-daily-'));
}, 60000);
afterAll(() => {
  cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('dailyCountsOf: one series per key over the window, zeros included, rows outside it ignored', () => {
  const counts = dailyCountsOf({ fromDay: 100, days: 3 }, [
    { day: 100, key: 'spoof', n: 2 },
    { day: '102', key: 'spoof', n: '1' },
    { day: 101, key: 'external', n: 4 },
    { day: 99, key: 'spoof', n: 7 },
    { day: 103, key: 'internal', n: 1 },
  ]);
  expect(counts).toEqual({
    fromDay: 100,
    days: 3,
    series: [
      { key: 'external', values: [0, 4, 0] },
      { key: 'spoof', values: [2, 0, 1] },
    ],
  });
});

let counter = 0;
describe.each([
  ['sqlite', async (): Promise<SqlClient> => openSqlite(path.join(tmp, `r${++counter}.sqlite`))],
  ['postgres', async (): Promise<SqlClient> => openPostgres(await cluster.createDatabase(`daily_${++counter}`))],
] as const)('reportsPerDay on %s', (_name, open) => {
  test("counts the reports filed per day by the server's verdict, in the database", async () => {
    const db = await open();
    await migrate(db);
    const store = new ReportStore(db);
    const day0 = 20_000;
    const filed: [number, typeof spoof][] = [
      [0, spoof],
      [0, spoof],
      [2, external],
      [2, spoof],
      [5, spoof],
    ];
    for (const [i, [day, message]] of filed.entries()) {
      const report = await store.file({
        clientReportId: uuid(i),
        reporter: { id: `u${i}` },
        source: 'addin',
        headers: message.raw,
        verdict: classify(message.raw, message.tenant),
      });
      // Filed "now": moved to its test day (first and last millisecond of the day alternately).
      await db.execute('UPDATE reports SET created_at = $1 WHERE id = $2', [
        (day0 + day) * DAY_MS + (i % 2 ? DAY_MS - 1 : 0),
        report.report.id,
      ]);
    }
    expect(await reportsPerDay(db, { fromDay: day0, days: 3 })).toEqual({
      fromDay: day0,
      days: 3,
      series: [
        { key: 'external', values: [0, 0, 1] },
        { key: 'spoof', values: [2, 0, 1] },
      ],
    });
    expect((await reportsPerDay(db, { fromDay: day0 + 3, days: 3 })).series).toEqual([
      { key: 'spoof', values: [0, 0, 1] },
    ]);
    await db.close();
  });
});
