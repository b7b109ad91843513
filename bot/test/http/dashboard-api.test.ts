/** GET /api/dashboard and POST /api/inventory/<source>/decision against the real composed server, over HTTP. */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { InventoryAggregator } from '../../src/admin/inventory/aggregator';
import { DAY_MS } from '../../src/admin/inventory/inventory-overview';
import { MemoryInventoryStore } from '../support/memory-inventory-store';
import { LOCAL_PRINCIPAL } from '../../src/http/api-auth';
import { dashboardRoute } from '../../src/http/routes/dashboard-route';
import type { DayWindow } from '../../src/reports/daily-counts';
import { startEntraIssuer, type EntraIssuer } from '../support/entra-issuer';
import { repoRoot } from '../support/fixtures';
import { startServer, type RunningServer } from '../support/server-harness';

const TENANT = '44444444-4444-4444-8444-444444444444';
const APP = '55555555-5555-4555-8555-555555555555';
const ADMIN = '11111111-1111-4111-8111-111111111111';
const ANN = '22222222-2222-4222-8222-222222222222';

interface Dashboard {
  sources: {
    total: number;
    statuses: { status: string; sources: number; messages: number }[];
    categories: { category: string; sources: number }[];
  };
  volume: {
    estimated: boolean;
    from: string;
    bucketDays: number;
    labels: string[];
    series: { category: string; values: number[] }[];
  } | null;
  reports: { from: string; labels: string[]; series: { verdict: string; values: number[] }[] };
  incidents: { wired: boolean; labels: string[]; series: unknown[] };
}

const day0 = Date.UTC(2026, 5, 1, 8);

async function seedInventory(server: RunningServer): Promise<void> {
  const aggregator = new InventoryAggregator();
  for (const d of [0, 1, 2, 3])
    aggregator.add({
      origin: 'csv-summary',
      recipients: ['a@contoso.com'],
      clientIp: '198.51.100.20',
      senderAddress: 'scanner@contoso.com',
      receivedAt: day0 + d * DAY_MS,
    });
  aggregator.add({
    origin: 'csv-summary',
    recipients: ['b@contoso.com'],
    clientIp: '192.0.2.40',
    senderAddress: 'erp@contoso.com',
    receivedAt: day0 + DAY_MS,
  });
  await server.server.inventory.upsertSources(aggregator.drain());
}

const fileReport = (server: RunningServer, sample: string, id: string): Promise<Response> =>
  fetch(`${server.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientReportId: id,
      headers: readFileSync(join(repoRoot, 'samples', sample), 'utf8').split(/\r?\n\r?\n/)[0],
      verdict: {},
      source: 'addin',
    }),
  });

describe('local mode (the loopback caller is the local admin)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ ACCEPTED_DOMAINS: 'northwindtraders.org' }, { startOutbox: false });
  });
  afterAll(() => server?.close());

  test('an empty server answers zeros, no volume, and an unwired incidents series', async () => {
    const res = await fetch(`${server.url}/api/dashboard`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Dashboard;
    expect(body.sources.total).toBe(0);
    expect(body.sources.statuses.map((s) => s.status)).toEqual([
      'new',
      'approved',
      'to-migrate',
      'malicious',
      'retired',
    ]);
    expect(body.volume).toBeNull();
    expect(body.reports.labels).toHaveLength(30);
    expect(body.reports.series).toEqual([]);
    expect(body.incidents).toMatchObject({ wired: false, series: [] });
    expect(body.incidents.labels).toEqual(body.reports.labels);
  });

  test('sources, volume over time and reports per day by verdict; a decision is recorded and shows in the counts', async () => {
    await seedInventory(server);
    expect((await fileReport(server, '01-spoof-self.eml', '30000000-0000-4000-8000-000000000001')).status).toBe(201);
    expect((await fileReport(server, '08-external.eml', '30000000-0000-4000-8000-000000000002')).status).toBe(201);
    expect(
      (await fileReport(server, '09-external-spoofbrand.eml', '30000000-0000-4000-8000-000000000003')).status,
    ).toBe(201);
    const body = (await (await fetch(`${server.url}/api/dashboard?days=7`)).json()) as Dashboard;
    expect(body.sources.total).toBe(2);
    expect(body.sources.statuses.find((s) => s.status === 'new')).toEqual({ status: 'new', sources: 2, messages: 5 });
    expect(body.volume).toMatchObject({
      estimated: true,
      from: '2026-06-01',
      bucketDays: 1,
      labels: ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04'],
    });
    const perDay = body.volume!.labels.map((_, i) => body.volume!.series.reduce((n, s) => n + s.values[i]!, 0));
    expect(perDay).toEqual([1, 2, 1, 1]);
    expect(body.reports.labels).toHaveLength(7);
    expect(body.reports.labels[6]).toBe(new Date().toISOString().slice(0, 10));
    expect(body.reports.series).toEqual([
      { verdict: 'external', values: [0, 0, 0, 0, 0, 0, 2] },
      { verdict: 'spoof', values: [0, 0, 0, 0, 0, 0, 1] },
    ]);

    const decided = await fetch(`${server.url}/api/inventory/${encodeURIComponent('198.51.100.0/24')}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve', name: 'Floor 2 copier' }),
    });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({
      source: {
        ip: '198.51.100.0/24',
        status: 'approved',
        name: 'Floor 2 copier',
        statusBy: 'Local user (local-user)',
      },
    });
    expect(await server.server.inventory.listActions('198.51.100.0/24')).toMatchObject([
      { action: 'approve', actor: 'Local user (local-user)', name: 'Floor 2 copier' },
    ]);
    // Approved sources are known senders at once (the tenant context is re-read).
    const context = (await (await fetch(`${server.url}/api/tenant-context`)).json()) as {
      knownSenders: { name: string }[];
    };
    expect(context.knownSenders.map((k) => k.name)).toContain('Floor 2 copier');
    const after = (await (await fetch(`${server.url}/api/dashboard`)).json()) as Dashboard;
    expect(after.sources.statuses.find((s) => s.status === 'approved')).toEqual({
      status: 'approved',
      sources: 1,
      messages: 4,
    });
  });

  test('bad input gets a clear error and changes nothing', async () => {
    const post = (key: string, body: string, type = 'application/json'): Promise<Response> =>
      fetch(`${server.url}/api/inventory/${encodeURIComponent(key)}/decision`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
    for (const [key, body, status, code] of [
      ['192.0.2.0/24', '{"action":"delete"}', 400, 'bad-request'],
      ['192.0.2.0/24', '{"action":"approve","name":""}', 400, 'bad-request'],
      ['192.0.2.0/24', `{"action":"approve","name":"${'x'.repeat(101)}"}`, 400, 'bad-request'],
      ['192.0.2.0/24', '{"action":', 400, 'bad-json'],
      ['203.0.113.0/24', '{"action":"retire"}', 404, 'unknown-source'],
    ] as const) {
      const res = await post(key, body);
      expect({
        key,
        body,
        status: res.status,
        code: ((await res.json()) as { error: { code: string } }).error.code,
      }).toEqual({ key, body, status, code });
    }
    expect((await post('192.0.2.0/24', 'action=approve', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await server.server.inventory.getSource('192.0.2.0/24'))!.status).toBe('new');
    for (const days of ['0', '367', '1.5', 'x'])
      expect((await fetch(`${server.url}/api/dashboard?days=${days}`)).status).toBe(400);
  });
});

describe('with Entra ID: admins only', () => {
  let issuer: EntraIssuer;
  let server: RunningServer;
  beforeAll(async () => {
    issuer = await startEntraIssuer(TENANT, APP);
    server = await startServer(
      { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: APP, ENTRA_AUTHORITY_HOST: issuer.url, ADMIN_USER_IDS: ADMIN },
      { startOutbox: false },
    );
    await seedInventory(server);
  });
  afterAll(async () => {
    await server?.close();
    await issuer?.close();
  });

  test('a signed-in user who is not an admin gets 403 and cannot decide; no token is 401; the admin decides', async () => {
    const call = async (oid: string | null, method: string, path: string, body?: string): Promise<Response> =>
      fetch(`${server.url}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(oid ? { authorization: `Bearer ${await issuer.token(oid, 'Sec Admin')}` } : {}),
        },
        ...(body ? { body } : {}),
      });
    const decision = `/api/inventory/${encodeURIComponent('192.0.2.0/24')}/decision`;
    for (const [method, path, body] of [
      ['GET', '/api/dashboard'],
      ['POST', decision, '{"action":"mark-malicious"}'],
    ] as const) {
      const refused = await call(ANN, method, path, body);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
      expect((await call(null, method, path, body)).status).toBe(401);
    }
    expect((await server.server.inventory.getSource('192.0.2.0/24'))!.status).toBe('new');
    expect(await server.server.inventory.listActions()).toEqual([]);
    expect((await call(ADMIN, 'GET', '/api/dashboard')).status).toBe(200);
    const decided = await call(ADMIN, 'POST', decision, '{"action":"mark-malicious"}');
    expect(decided.status).toBe(200);
    expect(await server.server.inventory.listActions()).toMatchObject([
      { action: 'mark-malicious', actor: `Sec Admin (${ADMIN})` },
    ]);
  });
});

test('incidents come from the injected provider once the tenant watcher is wired, over the same window', async () => {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.principal = LOCAL_PRINCIPAL;
    next();
  });
  const windows: DayWindow[] = [];
  app.use(
    dashboardRoute({
      inventory: new MemoryInventoryStore(),
      reportsPerDay: async (window) => ({ ...window, series: [] }),
      incidents: async (window) => {
        windows.push(window);
        return { ...window, series: [{ key: 'spoof', values: [0, 3] }] };
      },
      clock: () => Date.UTC(2026, 5, 10, 12),
    }),
  );
  const listener = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listener.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(listener.address() as AddressInfo).port}/api/dashboard?days=2`);
    expect(await res.json()).toMatchObject({
      incidents: {
        wired: true,
        from: '2026-06-09',
        labels: ['2026-06-09', '2026-06-10'],
        series: [{ verdict: 'spoof', values: [0, 3] }],
      },
    });
    expect(windows).toEqual([{ fromDay: Math.floor(Date.UTC(2026, 5, 9) / DAY_MS), days: 2 }]);
  } finally {
    listener.close();
  }
});
