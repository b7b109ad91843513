import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CheckStore } from '../../src/storage/checks';
import { migrate } from '../../src/storage/migrations';
import { openPostgres } from '../../src/storage/postgres-client';
import type { SqlClient } from '../../src/storage/sql-client';
import { openSqlite } from '../../src/storage/sqlite-client';
import { startPostgres, type PostgresCluster } from '../support/postgres-cluster';

const DAY = 24 * 3600 * 1000;
let cluster: PostgresCluster;
let tmp: string;
beforeAll(async () => {
  cluster = await startPostgres();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dsguard-checks-'));
}, 60000);
afterAll(() => {
  cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

let counter = 0;
const backends: [string, () => Promise<{ db: SqlClient; file?: string }>][] = [
  [
    'sqlite',
    async () => {
      const file = path.join(tmp, `c${++counter}.sqlite`);
      return { db: openSqlite(file), file };
    },
  ],
  ['postgres', async () => ({ db: openPostgres(await cluster.createDatabase(`c${++counter}`)) })],
];

describe.each(backends)('chat checks on %s', (_name, open) => {
  let db: SqlClient;
  let file: string | undefined;
  beforeEach(async () => {
    ({ db, file } = await open());
    await migrate(db);
  });
  afterEach(async () => {
    await db.close();
  });

  test('a saved check is readable by its user only, and survives reopening the database', async () => {
    const store = new CheckStore(db);
    const id = await store.save('u1', 'Received: x', 'W-9 request');
    expect(await store.get(id, 'u1')).toEqual({ id, userId: 'u1', headers: 'Received: x', subject: 'W-9 request' });
    expect(await store.get(id, 'u2')).toBeUndefined();
    if (file) {
      await db.close();
      db = openSqlite(file);
      expect(await new CheckStore(db).get(id, 'u1')).toMatchObject({ headers: 'Received: x' });
    }
  });

  test('expired checks are swept at most every ten minutes, not on every save', async () => {
    let now = Date.UTC(2026, 10, 1);
    const store = new CheckStore(db, () => now);
    const old = await store.save('u1', 'old');
    now += 8 * DAY;
    const first = await store.save('u1', 'new'); // first save of this store: sweeps
    expect(await store.get(old, 'u1')).toBeUndefined();
    const stale = await new CheckStore(db, () => now - 8 * DAY).save('u1', 'stale');
    now += 60 * 1000;
    await store.save('u1', 'newer'); // within ten minutes: no sweep yet
    expect(await store.get(stale, 'u1')).toBeDefined();
    now += 10 * 60 * 1000;
    await store.save('u1', 'newest');
    expect(await store.get(stale, 'u1')).toBeUndefined();
    expect(await store.get(first, 'u1')).toBeDefined();
  });
});

test('a relaxed SQLite write leaves the connection at synchronous=FULL for the reports that follow', async () => {
  const file = path.join(tmp, 'pragma.sqlite');
  const db = openSqlite(file);
  await migrate(db);
  await new CheckStore(db).save('u1', 'h');
  // Read the pragma through the same connection's statements: 2 = FULL.
  expect(await db.query<{ synchronous: number }>('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
  await db.close();
  const direct = new Database(file, { readonly: true });
  expect((direct.prepare('SELECT count(*) AS n FROM checks').get() as { n: number }).n).toBe(1);
  direct.close();
});
