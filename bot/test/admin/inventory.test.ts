import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InventoryAggregator } from '../../src/admin/inventory/aggregator.js';
import { categorizeSource } from '../../src/admin/inventory/categorize.js';
import { MemoryInventoryStore } from '../support/memory-inventory-store.js';
import { inventoryMigrations } from '../../src/admin/inventory/migrations.js';
import { sourceKeyFor } from '../../src/admin/inventory/source-key.js';
import { SqliteInventoryStore } from '../../src/admin/inventory/sqlite-inventory-store.js';
import { inventoryImport, inventoryList, type CliIo } from '../../src/admin/cli.js';
import { storeContract } from '../support/inventory-store-contract.js';
import type { TraceRow } from '../../src/admin/trace/trace-row.js';

const row = (over: Partial<TraceRow>): TraceRow => ({
  origin: 'csv-summary',
  recipients: ['alice@contoso.com'],
  receivedAt: Date.UTC(2025, 5, 1),
  ...over,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsguard-inventory-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('source keys', () => {
  test('IPv4 by /24, IPv6 by /64 or exactly, mapped IPv4 as IPv4', () => {
    expect(sourceKeyFor('198.51.100.20')).toEqual({ key: '198.51.100.0/24', ipVersion: 4, ip: '198.51.100.20' });
    expect(sourceKeyFor('2001:DB8:10:20:0:0:0:5')).toEqual({
      key: '2001:db8:10:20::/64',
      ipVersion: 6,
      ip: '2001:db8:10:20::5',
    });
    expect(sourceKeyFor('2001:db8:10:20::5', 'exact').key).toBe('2001:db8:10:20::5');
    expect(sourceKeyFor('::ffff:203.0.113.9').key).toBe('203.0.113.0/24');
    expect(sourceKeyFor('999.1.1.1').key).toBe('no-ip');
    expect(sourceKeyFor(undefined).key).toBe('no-ip');
  });
});

describe('aggregation and categories', () => {
  test('groups rows by source with members, senders, counts and first/last seen; skips outbound and connector mail', () => {
    const aggregator = new InventoryAggregator({ acceptedDomains: ['contoso.com'] });
    aggregator.add(
      row({
        clientIp: '198.51.100.20',
        senderAddress: 'scanner@contoso.com',
        subject: 'Scanned from MX-3071',
        receivedAt: 2000,
      }),
    );
    aggregator.add(
      row({
        clientIp: '198.51.100.21',
        senderAddress: 'scanner@contoso.com',
        subject: 'Scanned from MX-3071',
        receivedAt: 1000,
        helo: 'MX-3071',
      }),
    );
    expect(aggregator.add(row({ clientIp: '198.51.100.22', senderAddress: 'x@fabrikam.com' }))).toBe(false);
    expect(
      aggregator.add(row({ clientIp: '198.51.100.22', senderAddress: 'a@contoso.com', directionality: 'Originating' })),
    ).toBe(false);
    expect(
      aggregator.add(row({ clientIp: '198.51.100.22', senderAddress: 'a@contoso.com', connector: 'Partner in' })),
    ).toBe(false);
    expect(aggregator.counts).toEqual({ added: 2, outbound: 1, viaConnector: 1, otherDomain: 1 });
    const [source] = aggregator.drain();
    expect(source).toMatchObject({
      key: '198.51.100.0/24',
      ips: ['198.51.100.20', '198.51.100.21'],
      senders: { 'scanner@contoso.com': 2 },
      messages: 2,
      firstSeen: 1000,
      lastSeen: 2000,
      helos: ['MX-3071'],
    });
    expect(categorizeSource(source!).category).toBe('device');
    expect(aggregator.size).toBe(0);
  });

  test('self-addressed lures from a loopback HELO are attack-like; failing auth alone is suspicious; a no-reply sender is SaaS', () => {
    const attack = new InventoryAggregator();
    for (let i = 0; i < 4; i += 1)
      attack.add(
        row({
          clientIp: '203.0.113.66',
          senderAddress: `u${i}@contoso.com`,
          recipients: [`u${i}@contoso.com`],
          subject: 'Caller Left VM Message',
          helo: '[127.0.0.1]',
        }),
      );
    const attackResult = categorizeSource(attack.drain()[0]!);
    expect(attackResult.category).toBe('attack-like');
    expect(attackResult.evidence.map((e) => e.id)).toEqual(
      expect.arrayContaining(['helo.loopback', 'pattern.self-addressed', 'subject.lure']),
    );

    const failing = new InventoryAggregator();
    failing.add(
      row({
        origin: 'defender',
        clientIp: '192.0.2.5',
        senderAddress: 'erp@contoso.com',
        auth: { dmarc: 'fail', compauth: 'fail' },
      }),
    );
    expect(categorizeSource(failing.drain()[0]!).category).toBe('suspicious');

    const saas = new InventoryAggregator();
    saas.add(row({ clientIp: '192.0.2.9', senderAddress: 'no-reply@contoso.com', subject: 'Your weekly report' }));
    expect(categorizeSource(saas.drain()[0]!).category).toBe('saas-sender');
  });
});

storeContract('memory', () => new MemoryInventoryStore());
storeContract('SQLite', (tmp) => new SqliteInventoryStore(join(tmp, 'store.sqlite')));

test('a source stored before the verified evidence was kept apart counts as verified when message trace reported it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsguard-inventory-legacy-'));
  try {
    const file = join(dir, 'store.sqlite');
    const store = new SqliteInventoryStore(file);
    const aggregator = new InventoryAggregator();
    aggregator.add(row({ clientIp: '198.51.100.20', senderAddress: 'scanner@contoso.com' }));
    aggregator.add(row({ origin: 'verdict', clientIp: '203.0.113.66', fromAddress: 'ceo@contoso.com' }));
    await store.upsertSources(aggregator.drain());
    await store.close();
    // As a file written before migration 101: the sources, and no verified part.
    const db = new Database(file);
    db.exec('DELETE FROM inventory_verified_evidence');
    db.close();
    const reopened = new SqliteInventoryStore(file);
    expect((await reopened.getSource('198.51.100.0/24'))?.verified).toMatchObject({
      messages: 1,
      senders: { 'scanner@contoso.com': 1 },
    });
    expect((await reopened.getSource('203.0.113.0/24'))?.verified).toBeUndefined();
    await reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migrations start at version 100 and carry both dialects', () => {
  expect(inventoryMigrations[0]).toMatchObject({ version: 100, name: 'inventory' });
  for (const m of inventoryMigrations) expect(m.postgres).toMatch(/CREATE TABLE IF NOT EXISTS inventory_/);
});

describe('CLI', () => {
  const io = (env: Record<string, string> = {}) => {
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

  test('inventory import then list --json, with the default database under data/', async () => {
    writeFileSync(
      join(dir, 'trace.csv'),
      Buffer.from(
        'date_time_utc,connector_id,client_ip,sender_address,recipient_address,message_subject\n' +
          '2025-06-04T12:00:00Z,,203.0.113.9,fax@contoso.com,eve@contoso.com,New Missed Fax-msg\nbad\n',
        'utf16le',
      ),
    );
    const imp = io();
    expect(await inventoryImport(['trace.csv'], imp.value)).toBe(0);
    expect(imp.out.join('')).toMatch(
      /^imported 2 rows \(connector, utf-16le\) .*1 Direct Send candidates from 1 sources; 1 bad rows skipped\n$/,
    );
    expect(imp.err.join('')).toBe('line 3: expected 6 columns, found 1\n');
    const list = io();
    expect(await inventoryList(['--json'], list.value)).toBe(0);
    const lines = list.out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        ip: '203.0.113.0/24',
        senders: ['fax@contoso.com'],
        messages: 1,
        firstSeen: '2025-06-04T12:00:00.000Z',
        lastSeen: '2025-06-04T12:00:00.000Z',
        category: 'suspicious',
      }),
    ]);
  });

  test('bad input exits 2 with one line', async () => {
    const missing = io();
    expect(await inventoryImport(['nope.csv', '--db', 'x.sqlite'], missing.value)).toBe(2);
    expect(missing.err[0]).toBe('dsguard: cannot read nope.csv: no such file\n');
    writeFileSync(join(dir, 'other.csv'), 'a,b\n1,2\n');
    const unknown = io({ DSGUARD_DB: join(dir, 'env.sqlite') });
    expect(await inventoryImport(['other.csv'], unknown.value)).toBe(2);
    expect(unknown.err.join('').trim().split('\n')).toHaveLength(1);
    const option = io();
    expect(await inventoryList(['--category', 'fridge'], option.value)).toBe(2);
  });
});
