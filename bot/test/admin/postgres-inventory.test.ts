import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inventoryImport, inventoryList, type CliIo } from '../../src/admin/cli.js';
import { importTraceFile, importTraceRows } from '../../src/admin/inventory/import-into-store.js';
import { migrateInventory } from '../../src/admin/inventory/migrations.js';
import { SqliteInventoryStore } from '../../src/admin/inventory/sqlite-inventory-store.js';
import { PostgresInventoryStore } from '../../src/admin/inventory/postgres-inventory-store.js';
import { migrate, migrations } from '../../src/storage/migrations.js';
import { openPostgres } from '../../src/storage/postgres-client.js';
import { openSqlite } from '../../src/storage/sqlite-client.js';
import { storeContract } from '../support/inventory-store-contract.js';
import { freePort, startPostgres, type PostgresCluster } from '../support/postgres-cluster.js';

const CORE_VERSIONS = migrations.map((m) => m.version);

// One real PostgreSQL server for this file; each test gets its own database.
let cluster: PostgresCluster;
let databases = 0;
const freshDatabase = (): Promise<string> => cluster.createDatabase(`inventory_${++databases}`);

beforeAll(async () => {
  cluster = await startPostgres();
}, 120000);
afterAll(() => cluster?.stop());

storeContract('PostgreSQL', async () => PostgresInventoryStore.open(await freshDatabase()));

const HEADER =
  'origin_timestamp_utc,sender_address,recipient_status,message_subject,total_bytes,message_id,network_message_id,original_client_ip,directionality,connector_id,delivery_priority\n';
const traceLine = (i: number, ip: string): string =>
  `2025-06-02T08:${String(i % 60).padStart(2, '0')}:00Z,scanner@contoso.com,alice@contoso.com##Receive,Scan ${i},1,<m${i}>,id${i},${ip},Incoming,,Normal\n`;

describe('PostgreSQL inventory with several writers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dsguard-pg-inventory-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('two importers of the same file at once (separate connections) import it exactly once', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresInventoryStore.open(url), PostgresInventoryStore.open(url)]);
    try {
      const file = join(dir, 'trace.csv');
      writeFileSync(
        file,
        HEADER + Array.from({ length: 2000 }, (_, i) => traceLine(i, `198.51.${i % 200}.20`)).join(''),
      );
      const results = await Promise.all([importTraceFile(file, a), importTraceFile(file, b)]);
      expect(results.filter((r) => r.duplicateOf === undefined)).toHaveLength(1);
      const winner = results.find((r) => r.duplicateOf === undefined)!;
      expect(results.find((r) => r.duplicateOf !== undefined)!.duplicateOf!.id).toBe(winner.record.id);
      expect(await a.listImports()).toEqual([winner.record]);
      const sources = await b.listSources();
      expect(sources).toHaveLength(200);
      expect(sources.reduce((sum, s) => sum + s.messages, 0)).toBe(2000);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('concurrent imports of different files and admin decisions on other connections lose nothing', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => PostgresInventoryStore.open(url)));
    try {
      const seed = [
        {
          origin: 'csv-summary' as const,
          clientIp: '203.0.113.5',
          senderAddress: 'erp@contoso.com',
          recipients: ['a@contoso.com'],
        },
      ];
      await importTraceRows(seed, stores[0]!, { kind: 'test', label: 'seed' });
      // Every file adds 50 messages to the same source, while another connection approves it.
      const work = [1, 2, 3, 4, 5, 6].map((n) => {
        const rows = Array.from({ length: 50 }, () => ({ ...seed[0]!, clientIp: `203.0.113.${n}` }));
        return importTraceRows(rows, stores[n % 3]!, { kind: 'test', label: `file ${n}` });
      });
      const decision = stores[2]!.recordAction({
        sourceKey: '203.0.113.0/24',
        action: 'approve',
        actor: 'sec@contoso.com',
        at: 42,
        name: 'ERP',
      });
      await Promise.all([...work, decision]);
      const source = await stores[1]!.getSource('203.0.113.0/24');
      expect(source).toMatchObject({
        messages: 301,
        status: 'approved',
        statusBy: 'sec@contoso.com',
        statusAt: 42,
        name: 'ERP',
      });
      expect([...source!.ips].sort()).toEqual([
        '203.0.113.1',
        '203.0.113.2',
        '203.0.113.3',
        '203.0.113.4',
        '203.0.113.5',
        '203.0.113.6',
      ]);
      expect(await stores[0]!.listImports()).toHaveLength(7);
      expect(await stores[0]!.listActions('203.0.113.0/24')).toHaveLength(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

test('free text PostgreSQL cannot store (NUL) is replaced, not refused: a decision or import never fails on it', async () => {
  const store = await PostgresInventoryStore.open(await freshDatabase());
  try {
    const seed = [
      {
        origin: 'csv-summary' as const,
        clientIp: '192.0.2.1',
        senderAddress: 'a\u0000b@contoso.com',
        subject: 'x\u0000y',
        recipients: [],
      },
    ];
    await importTraceRows(seed, store, { kind: 'test', label: 'file\u0000.csv' });
    const source = await store.recordAction({
      sourceKey: '192.0.2.0/24',
      action: 'approve',
      actor: 'Sec\u0000',
      at: 1,
      name: 'Fax\u0000',
      note: 'n\u0000',
    });
    expect(source).toMatchObject({ name: 'Fax\u0000', statusBy: 'Sec\u0000' });
    expect(await store.getSource('192.0.2.0/24')).toMatchObject({
      name: 'Fax\uFFFD',
      statusBy: 'Sec\uFFFD',
      senders: { 'a\u0000b@contoso.com': 1 },
    });
    expect((await store.listImports())[0]?.label).toBe('file\uFFFD.csv');
    expect(await store.listActions()).toEqual([
      { sourceKey: '192.0.2.0/24', action: 'approve', actor: 'Sec\uFFFD', at: 1, name: 'Fax\uFFFD', note: 'n\uFFFD' },
    ]);
  } finally {
    await store.close();
  }
});

describe('inventory migrations in the server schema', () => {
  test('share one schema_migrations table with the core (versions 100+), in either order, each once', async () => {
    const db = openPostgres(await freshDatabase());
    try {
      expect(await migrateInventory(db)).toEqual([100, 101]);
      expect(await migrate(db)).toEqual(CORE_VERSIONS);
      expect(await migrateInventory(db)).toEqual([]);
      expect(await migrate(db)).toEqual([]);
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => Number(r.version))).toEqual([...CORE_VERSIONS, 100, 101]);
    } finally {
      await db.close();
    }
  });

  test('several instances migrating at once apply version 100 once; a newer inventory schema is refused', async () => {
    const url = await freshDatabase();
    const clients = [1, 2, 3, 4].map(() => openPostgres(url, 2));
    try {
      const applied = await Promise.all(clients.map((c) => migrateInventory(c)));
      expect(applied.flat().sort()).toEqual([100, 101]);
      await clients[0]!.execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        199,
        'future',
        0,
      ]);
      await expect(migrateInventory(clients[1]!)).rejects.toThrow(
        /schema version 199, newer than this server knows \(1\d\d\)/,
      );
      // The core's own range is unaffected by the inventory's versions.
      expect(await migrate(clients[2]!)).toEqual(CORE_VERSIONS);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  test('the same runner records version 100 in a SQLite file, after the CLI store created the tables itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsguard-sqlite-inventory-'));
    const file = join(dir, 'dsguard.sqlite');
    await new SqliteInventoryStore(file).close();
    const db = openSqlite(file);
    try {
      expect(await migrate(db)).toEqual(CORE_VERSIONS);
      expect(await migrateInventory(db)).toEqual([100, 101]);
      expect(
        (await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map(
          (r) => r.version,
        ),
      ).toEqual([...CORE_VERSIONS, 100, 101]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a store on a SQLite client is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsguard-sqlite-inventory-'));
    const db = openSqlite(join(dir, 'x.sqlite'));
    try {
      await expect(PostgresInventoryStore.open(db)).rejects.toThrow('PostgresInventoryStore needs a PostgreSQL client');
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI with DATABASE_URL', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dsguard-pg-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const io = (env: Record<string, string>) => {
    const out: string[] = [];
    const err: string[] = [];
    const value: CliIo = {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      cwd: dir,
      env,
    };
    return { value, out, err };
  };

  test('import and list use the server PostgreSQL database; --db still means a SQLite file', async () => {
    const url = await freshDatabase();
    writeFileSync(join(dir, 'trace.csv'), HEADER + traceLine(1, '198.51.100.20') + traceLine(2, '198.51.100.21'));
    const imp = io({ DATABASE_URL: url, USER: 'ops' });
    expect(await inventoryImport(['trace.csv'], imp.value)).toBe(0);
    expect(imp.out.join('')).toMatch(/^imported 2 rows .*2 Direct Send candidates from 1 sources\n$/);
    const again = io({ DATABASE_URL: url });
    expect(await inventoryImport(['trace.csv'], again.value)).toBe(0);
    expect(again.out.join('')).toMatch(/^trace\.csv was already imported on /);

    // What the server instances read: the same rows.
    const server = await PostgresInventoryStore.open(url);
    try {
      expect((await server.listImports()).map((r) => [r.label, r.actor])).toEqual([['trace.csv', 'ops']]);
      expect((await server.getSource('198.51.100.0/24'))?.messages).toBe(2);
    } finally {
      await server.close();
    }
    const list = io({ DATABASE_URL: url });
    expect(await inventoryList(['--json'], list.value)).toBe(0);
    expect(
      list.out
        .join('')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { ip: string; messages: number }).messages),
    ).toEqual([2]);

    const local = io({ DATABASE_URL: url });
    expect(await inventoryList(['--db', 'local.sqlite'], local.value)).toBe(0);
    expect(local.err.join('')).toBe(
      `no inventory at ${join(dir, 'local.sqlite')} yet; run: dsguard inventory import <file>\n`,
    );
    expect(await inventoryImport(['trace.csv', '--db', 'local.sqlite'], io({ DATABASE_URL: url }).value)).toBe(0);
    expect(existsSync(join(dir, 'local.sqlite'))).toBe(true);
  });

  test('an unreachable DATABASE_URL fails with one clear line, without the password, and writes nothing', async () => {
    writeFileSync(join(dir, 'trace.csv'), HEADER + traceLine(1, '198.51.100.20'));
    const port = await freePort();
    const imp = io({ DATABASE_URL: `postgres://dsguard:s3cret@127.0.0.1:${port}/dsguard` });
    expect(await inventoryImport(['trace.csv'], imp.value)).toBe(1);
    expect(imp.err).toHaveLength(1);
    expect(imp.err[0]).toMatch(
      new RegExp(
        `^dsguard: cannot open the inventory in postgres://dsguard@127\\.0\\.0\\.1:${port}/dsguard \\(DATABASE_URL; .*ECONNREFUSED`,
      ),
    );
    expect(imp.err[0]).not.toContain('s3cret');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});
