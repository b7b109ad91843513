import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyMailEvent, type TenantContext } from '@dsguard/classifier';
import { clientCredentialsTokenProvider } from '../../src/admin/clients/token-provider';
import { SqliteInventoryStore } from '../../src/admin/inventory/sqlite-inventory-store';
import { migrateInventory } from '../../src/admin/inventory/migrations';
import { silentLogger } from '../../src/log/logger';
import { openStorage } from '../../src/storage/open-storage';
import type { SqlClient } from '../../src/storage/sql-client';
import { WatchPoller } from '../../src/watch/watch-poller';
import { defenderSource } from '../../src/watch/watch-sources';
import { WatchStore } from '../../src/watch/watch-store';
import { startContractServer, type ContractServer } from '../admin/servers/microsoft-contract-server';
import { emailEvent, huntingRoute, huntingTable, type HuntingTable } from '../support/hunting-table';

const MIN = 60_000;
const PRINTER = '198.51.100.10';
const ATTACKER = '203.0.113.7';
const context: TenantContext = {
  acceptedDomains: ['contoso.com'],
  knownSenders: [{ name: 'Scanner', ips: [PRINTER] }],
};

let server: ContractServer;
let table: HuntingTable;
let dir: string;
let db: SqlClient;
let inventory: SqliteInventoryStore;
let now: number;
const sleeps: number[] = [];

function poller(store: WatchStore, pageSize = 4, firstLookbackMs?: number): WatchPoller {
  const tokens = clientCredentialsTokenProvider({
    tenantId: 'tenant-1',
    clientId: 'app-id',
    clientSecret: 'app-secret',
    authority: server.url,
  });
  return new WatchPoller({
    store,
    sources: [
      defenderSource({
        tokens,
        graphUrl: `${server.url}/graph/v1.0`,
        acceptedDomains: ['contoso.com'],
        pageSize,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      }),
    ],
    judge: classifyMailEvent,
    tenantContext: async () => context,
    inventory,
    acceptedDomains: ['contoso.com'],
    logger: silentLogger,
    instance: 'test',
    clock: () => now,
    ...(firstLookbackMs ? { firstLookbackMs } : {}),
  });
}

const outboxCount = async (): Promise<number> =>
  Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM outbox'))[0]!.n);

beforeEach(async () => {
  sleeps.length = 0;
  dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-watch-'));
  const file = path.join(dir, 'server.sqlite');
  db = await openStorage({ kind: 'sqlite', path: file });
  await migrateInventory(db);
  inventory = new SqliteInventoryStore(file);
  table = huntingTable();
  server = await startContractServer({ graphRoutes: huntingRoute(table) });
  now = Date.parse('2026-03-02T10:00:00Z');
});

afterEach(async () => {
  await server.close();
  await inventory.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A campaign: `messages` spoofs of ceo@contoso.com from one IP, each to three recipients (one row per recipient). */
function campaign(start: number, messages: number, prefix: string, ip = ATTACKER, from = 'ceo@contoso.com') {
  return Array.from({ length: messages }, (_, m) =>
    ['amy', 'bob', 'cat'].map((user) =>
      emailEvent({ at: start + m * MIN, from, to: `${user}@contoso.com`, ip, id: `${prefix}-${m}` }),
    ),
  ).flat();
}

test('a campaign becomes one incident with its counts, one alert per destination; approved and external mail raise nothing', async () => {
  const store = new WatchStore(db, () => ['webhook', 'sentinel']);
  table.rows.push(
    ...campaign(now - 30 * MIN, 5, 'spoof'),
    ...Array.from({ length: 4 }, (_, i) =>
      emailEvent({
        at: now - 20 * MIN + i,
        from: 'scanner@contoso.com',
        to: 'ops@contoso.com',
        ip: PRINTER,
        id: `printer-${i}`,
      }),
    ),
    emailEvent({
      at: now - 10 * MIN,
      from: 'news@contoso.com',
      to: 'amy@contoso.com',
      ip: '192.0.2.1',
      id: 'signed',
      auth: { SPF: 'pass', DKIM: 'pass', DMARC: 'pass', CompAuth: 'pass' },
      Connectors: 'Partner gateway',
    }),
  );
  table.throttleNext = 1;
  table.retryAfter = '7';

  const result = await poller(store).poll();

  const [defender] = result.sources;
  expect(defender!.error).toBeUndefined();
  expect(sleeps).toEqual([7000]); // the 429's Retry-After was honoured
  // 15 + 4 + 1 rows at 4 per page: 6 queries (one throttled, then five pages, the last one short) plus none more.
  expect(table.queries.length).toBe(7);
  expect(defender!.events).toBe(20);
  expect(defender!.newMessages).toBe(10);
  expect(defender!.incidents).toHaveLength(1);
  const incident = defender!.incidents[0]!;
  expect(incident).toMatchObject({
    sender: 'ceo@contoso.com',
    sourceKey: '203.0.113.0/24',
    messages: 5,
    recipients: 3,
    origin: 'defender',
    status: 'new',
  });
  expect(incident.verdict.verdict).toBe('spoof');
  expect(incident.firstSeen).toBe(now - 30 * MIN);
  expect(incident.lastSeen).toBe(now - 26 * MIN);
  expect(await store.messageIds(incident.id)).toEqual(['spoof-0', 'spoof-1', 'spoof-2', 'spoof-3', 'spoof-4']);
  const queued = await db.query<{ kind: string; payload: string }>('SELECT kind, payload FROM outbox ORDER BY kind');
  expect(queued).toEqual([
    { kind: 'sentinel', payload: JSON.stringify({ incidentId: incident.id }) },
    { kind: 'webhook', payload: JSON.stringify({ incidentId: incident.id }) },
  ]);
  // The approved printer refreshed the inventory: its volume and last seen.
  const printer = await inventory.getSource('198.51.100.0/24');
  expect(printer).toMatchObject({ messages: 4, lastSeen: now - 20 * MIN + 3 });
  expect(await inventory.getSource('203.0.113.0/24')).toBeUndefined();
  expect(await store.states()).toEqual([
    expect.objectContaining({
      source: 'defender',
      watermark: now - 10 * MIN,
      lastPollAt: now,
      lastOkAt: now,
      lastEvents: 20,
      polledBy: 'test',
    }),
  ]);
});

test('rows read again, repeated by the service, or arriving late are counted once; a campaign that goes on grows its incident', async () => {
  const store = new WatchStore(db, () => ['webhook']);
  table.rows.push(...campaign(now - 30 * MIN, 3, 'first'));
  const first = await poller(store).poll();
  const incidentId = first.sources[0]!.incidents[0]!.id;
  expect(await outboxCount()).toBe(1);

  // Next poll: the same rows again (overlap), the service repeating every row, two more messages of the campaign,
  // one that Defender indexed late (its time is before the watermark), and a second campaign from another sender.
  now += 5 * MIN;
  table.duplicateRows = true;
  table.rows.push(
    ...campaign(now - 2 * MIN, 1, 'more'),
    ...campaign(now - 29.5 * MIN, 1, 'late'),
    ...campaign(now - MIN, 2, 'other', '203.0.113.99', 'payroll@contoso.com'),
  );
  const second = await poller(store, 100).poll();
  expect(second.sources[0]!.newMessages).toBe(4);
  expect(second.sources[0]!.incidents.map((i) => i.sender)).toEqual(['payroll@contoso.com']);
  expect(second.sources[0]!.grown).toEqual([incidentId]);
  expect(await store.getIncident(incidentId)).toMatchObject({ messages: 5, recipients: 3 });
  expect(await outboxCount()).toBe(2);

  // Nothing new: nothing changes.
  now += 5 * MIN;
  const third = await poller(store, 100).poll();
  expect(third.sources[0]!.newMessages).toBe(0);
  expect(await outboxCount()).toBe(2);
  expect(Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM watch_messages'))[0]!.n)).toBe(7);
});

test('the same sender and range an hour and more apart are two incidents', async () => {
  const store = new WatchStore(db, () => ['webhook']);
  table.rows.push(...campaign(now - 3 * 60 * MIN, 1, 'early'), ...campaign(now - 30 * MIN, 1, 'later'));
  const result = await poller(store, 4, 4 * 60 * MIN).poll();
  expect(result.sources[0]!.incidents.map((i) => i.messages)).toEqual([1, 1]);
});

test('a failing source keeps its watermark and says why; the next poll reads the same rows', async () => {
  const store = new WatchStore(db, () => ['webhook']);
  table.rows.push(...campaign(now - 30 * MIN, 2, 'x'));
  table.throttleNext = 10; // more than the client's retries
  const failed = await poller(store).poll();
  expect(failed.sources[0]!.error).toMatch(/Defender advanced hunting: .*allowed number of API calls.*HTTP 429/);
  expect(await store.watermark('defender')).toBeUndefined();
  expect((await store.states())[0]).toMatchObject({ lastError: expect.stringMatching(/429/), lastEvents: 0 });
  table.throttleNext = 0;
  const ok = await poller(store).poll();
  expect(ok.sources[0]!.incidents).toHaveLength(1);
  expect((await store.states())[0]!.lastError).toBeUndefined();
});

test('keyset paging: more rows with one timestamp than a page holds are each read once', async () => {
  const store = new WatchStore(db, () => []);
  const at = now - 10 * MIN;
  table.rows.push(
    ...Array.from({ length: 9 }, (_, i) =>
      emailEvent({ at, from: 'ceo@contoso.com', to: `u${i}@contoso.com`, ip: ATTACKER, id: 'same-message' }),
    ),
  );
  const result = await poller(store, 2).poll();
  expect(result.sources[0]!.events).toBe(9);
  expect(result.sources[0]!.incidents[0]).toMatchObject({ messages: 1, recipients: 9 });
  expect(table.queries.length).toBe(5);
});
