import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classify } from '@dsguard/classifier';
import { ReportStore } from '../../src/reports/report-store';
import { migrate, migrations } from '../../src/storage/migrations';
import { openPostgres } from '../../src/storage/postgres-client';
import type { SqlClient } from '../../src/storage/sql-client';
import { openSqlite } from '../../src/storage/sqlite-client';
import { claimDue, markDelivered, outboxStats } from '../../src/storage/outbox';
import { headerBlockOf, sample } from '../support/fixtures';
import { startPostgres, type PostgresCluster } from '../support/postgres-cluster';

const spoof = sample('01-spoof-self.eml');
const verdict = classify(spoof.raw, spoof.tenant);
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let cluster: PostgresCluster;
let tmp: string;
beforeAll(async () => {
  cluster = await startPostgres();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dsguard-sqlite-'));
}, 60000);
afterAll(() => {
  cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

let dbCounter = 0;
const backends: [string, () => Promise<SqlClient>][] = [
  ['sqlite', async () => openSqlite(path.join(tmp, `t${++dbCounter}.sqlite`))],
  ['postgres', async () => openPostgres(await cluster.createDatabase(`t${++dbCounter}`))],
];

describe.each(backends)('report storage on %s', (_name, open) => {
  let db: SqlClient;
  let store: ReportStore;
  beforeEach(async () => {
    db = await open();
    await migrate(db);
    store = new ReportStore(db, () => ['webhook', 'syslog']);
  });
  afterEach(async () => db.close());

  test('migrations apply once and record their version', async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(rows.map((r) => Number(r.version))).toEqual(migrations.map((m) => m.version));
  });

  test('a database newer than the code is refused', async () => {
    await db.execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
      99,
      'future',
      0,
    ]);
    await expect(migrate(db)).rejects.toThrow(/schema version 99/);
  });

  test('files a report, queues its alerts, and finds it again', async () => {
    const filed = await store.file({
      clientReportId: uuid(1),
      reporter: { id: 'u1', name: 'Ann' },
      source: 'addin',
      headers: headerBlockOf(spoof.raw),
      verdict,
      subject: 'Voicemail',
    });
    expect(filed.duplicate).toBe(false);
    expect(filed.report).toMatchObject({
      status: 'new',
      reporterId: 'u1',
      source: 'addin',
      subject: 'Voicemail',
      hasEml: false,
    });
    expect(filed.report.networkMessageId).toBe(verdict.facts.networkMessageId?.toLowerCase());
    expect(await store.get(filed.report.id)).toEqual(filed.report);
    expect(await outboxStats(db)).toEqual({ pending: 2, delivered: 0, failing: 0 });
  });

  test('the same clientReportId is a duplicate and queues nothing more', async () => {
    const first = await store.file({
      clientReportId: uuid(2),
      reporter: { id: 'u1' },
      source: 'addin',
      headers: 'x',
      verdict,
    });
    const again = await store.file({
      clientReportId: uuid(2),
      reporter: { id: 'u1' },
      source: 'addin',
      headers: 'x',
      verdict,
    });
    expect(again).toMatchObject({ duplicate: true, report: { id: first.report.id } });
    expect((await outboxStats(db)).pending).toBe(2);
  });

  test('the same Network-Message-Id from the same reporter is a duplicate; from another reporter it is not', async () => {
    const a = await store.file({
      clientReportId: uuid(3),
      reporter: { id: 'u1' },
      source: 'addin',
      headers: 'x',
      verdict,
    });
    const b = await store.file({
      clientReportId: uuid(4),
      reporter: { id: 'u1' },
      source: 'teams',
      headers: 'x',
      verdict,
    });
    const c = await store.file({
      clientReportId: uuid(5),
      reporter: { id: 'u2' },
      source: 'addin',
      headers: 'x',
      verdict,
    });
    expect(b).toMatchObject({ duplicate: true, report: { id: a.report.id } });
    expect(c.duplicate).toBe(false);
    expect(await store.count()).toBe(2);
  });

  test('concurrent filings of one report store it once', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.file({ clientReportId: uuid(6), reporter: { id: 'u3' }, source: 'api', headers: 'x', verdict }),
      ),
    );
    expect(new Set(results.map((r) => r.report.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await store.count()).toBe(1);
  });

  test('lists newest first, per reporter, and updates status', async () => {
    const noNmid = { ...verdict, facts: { ...verdict.facts, networkMessageId: undefined } };
    for (let i = 0; i < 3; i++)
      await store.file({
        clientReportId: uuid(10 + i),
        reporter: { id: i === 2 ? 'u2' : 'u1' },
        source: 'api',
        headers: `h${i}`,
        verdict: noNmid,
      });
    expect((await store.list({ reporterId: 'u1' })).map((r) => r.headers)).toEqual(['h1', 'h0']);
    expect(await store.list()).toHaveLength(3);
    const [one] = await store.list({ reporterId: 'u2' });
    const updated = await store.setStatus(one!.id, 'confirmed-spoof', 'Sec');
    expect(updated).toMatchObject({ status: 'confirmed-spoof', statusBy: 'Sec' });
    expect(await store.setStatus('nope', 'resolved', 'x')).toBeUndefined();
  });

  test('outbox items are leased once until delivered or the lease runs out', async () => {
    await store.file({ clientReportId: uuid(20), reporter: { id: 'u1' }, source: 'api', headers: 'x', verdict });
    const now = Date.now();
    const first = await claimDue(db, 10, 1000, now);
    expect(first.map((i) => i.kind).sort()).toEqual(['syslog', 'webhook']);
    expect(await claimDue(db, 10, 1000, now + 10)).toEqual([]);
    await markDelivered(db, first[0]!.id);
    const reclaimed = await claimDue(db, 10, 1000, now + 2000);
    expect(reclaimed.map((i) => i.id)).toEqual([first[1]!.id]);
    expect(reclaimed[0]!.attempts).toBe(2);
  });
});

test('SQLite: a report acknowledged by one connection is visible to another process-level connection', async () => {
  const file = path.join(tmp, 'shared.sqlite');
  const a = openSqlite(file);
  const b = openSqlite(file);
  await migrate(a);
  await migrate(b);
  const storeA = new ReportStore(a);
  const storeB = new ReportStore(b);
  await Promise.all([
    ...Array.from({ length: 10 }, (_, i) =>
      storeA.file({
        clientReportId: uuid(100 + i),
        reporter: { id: 'a' },
        source: 'api',
        headers: 'x',
        verdict: { ...verdict, facts: {} },
      }),
    ),
    ...Array.from({ length: 10 }, (_, i) =>
      storeB.file({
        clientReportId: uuid(100 + i),
        reporter: { id: 'a' },
        source: 'api',
        headers: 'x',
        verdict: { ...verdict, facts: {} },
      }),
    ),
  ]);
  expect(await storeA.count()).toBe(10);
  await a.close();
  await b.close();
});
