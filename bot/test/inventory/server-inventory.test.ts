import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importTraceRows } from '../../src/admin/inventory/import-into-store';
import { SqliteInventoryStore } from '../../src/admin/inventory/sqlite-inventory-store';
import { openInventory } from '../../src/admin/inventory/open-server-inventory';
import { retryingInventoryStore } from '../../src/admin/inventory/retrying-inventory-store';
import { migrate, migrations } from '../../src/storage/migrations';
import { openSqlite } from '../../src/storage/sqlite-client';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-server-inventory-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the inventory shares the server SQLite file: a decision waits for the server transaction without blocking the event loop', async () => {
  const file = path.join(dir, 'dsguard.sqlite');
  const db = openSqlite(file);
  await migrate(db);
  const store = await openInventory({ kind: 'sqlite', path: file }, db);
  // Its schema is recorded beside the server's own, in the one schema_migrations table.
  expect(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map(
      (r) => r.version,
    ),
  ).toEqual([...migrations.map((m) => m.version), 100, 101]);
  await importTraceRows(
    [
      {
        origin: 'csv-summary',
        clientIp: '198.51.100.20',
        senderAddress: 'scanner@contoso.com',
        recipients: ['a@contoso.com'],
      },
    ],
    store,
    { kind: 'test', label: 'seed' },
  );

  // The server's connection holds the write lock across awaits (as a report being filed does).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const serverTx = db.transaction(async (tx) => {
    await tx.execute('INSERT INTO known_senders (id, name, ips, addresses, created_at) VALUES ($1, $2, $3, $4, $5)', [
      'k1',
      'x',
      '[]',
      '[]',
      1,
    ]);
    await held;
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  let ticks = 0;
  const ticker = setInterval(() => (ticks += 1), 10);
  let decision: Promise<{ status: string }> | undefined;
  try {
    decision = store.recordAction({ sourceKey: '198.51.100.0/24', action: 'approve', actor: 'Sec', at: 1 });
    decision.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    clearInterval(ticker);
    release();
    await serverTx;
  }
  // The event loop kept running while the decision waited for the lock (about 30 ticks; a blocked loop gets 1 or 2,
  // a loaded machine fewer than 30).
  expect(ticks).toBeGreaterThanOrEqual(5);
  expect((await decision).status).toBe('approved');
  // Both connections see one file: the CLI's store on the same path reads the decision.
  const cli = new SqliteInventoryStore(file);
  expect((await cli.getSource('198.51.100.0/24'))?.status).toBe('approved');
  await cli.close();
  await store.close();
  await db.close();
});

test('busy beyond the timeout: the error surfaces (nothing half-written)', async () => {
  const file = path.join(dir, 'x.sqlite');
  const inner = new SqliteInventoryStore(file, { busyTimeoutMs: 5 });
  const store = retryingInventoryStore(inner, 100);
  await importTraceRows([{ origin: 'csv-summary', clientIp: '192.0.2.1', recipients: [] }], store, {
    kind: 'test',
    label: 'seed',
  });
  const other = openSqlite(file);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const tx = other.transaction(async () => held);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await expect(
    store.recordAction({ sourceKey: '192.0.2.0/24', action: 'retire', actor: 'Sec', at: 1 }),
  ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
  release();
  await tx;
  expect(await store.listActions()).toEqual([]);
  await store.close();
  await other.close();
});
