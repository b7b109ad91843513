import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importTraceRows } from '../../src/admin/inventory/import-into-store';
import { demo } from '../../src/admin/cli';
import type { CliIo } from '../../src/admin/cli';
import { DemoReadiness } from '../../src/demo/demo-readiness';
import { DEMO_IMPORT_KIND, DEMO_LABEL, DEMO_REPORTER_PREFIX } from '../../src/demo/demo-tenant';
import { DemoRefusedError, demoDatabaseState, loadDemo } from '../../src/demo/load-demo';
import { openInventory } from '../../src/admin/inventory/open-server-inventory';
import { ReportStore } from '../../src/reports/report-store';
import { openStorage } from '../../src/storage/open-storage';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-demo-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function open(file: string) {
  const storage = { kind: 'sqlite' as const, path: file };
  const db = await openStorage(storage);
  const inventory = await openInventory(storage, db);
  return {
    db,
    inventory,
    reports: new ReportStore(db, () => []),
    close: async () => (await inventory.close(), await db.close()),
  };
}

test('the demo: a labelled 30-day trace with every kind of source and status, reports, and readiness from its snapshot', async () => {
  const file = path.join(dir, 'demo.sqlite');
  const summary = await loadDemo(file);
  expect(summary.sources).toBe(6);
  expect(summary.rows).toBeGreaterThan(500);
  expect(await demoDatabaseState(file)).toBe('demo');
  const { inventory, reports, close } = await open(file);
  try {
    expect((await inventory.listImports()).map((i) => [i.kind, i.label])).toEqual([[DEMO_IMPORT_KIND, DEMO_LABEL]]);
    const sources = await inventory.listSources();
    expect(new Set(sources.map((s) => s.category))).toEqual(
      new Set(['device', 'application', 'saas-sender', 'attack-like']),
    );
    expect(new Set(sources.map((s) => s.status))).toEqual(new Set(['approved', 'to-migrate', 'retired', 'new']));
    expect(sources.find((s) => s.category === 'attack-like')?.status).toBe('new');
    const filed = await reports.list({ limit: 50 });
    expect(filed).toHaveLength(3);
    expect(filed.every((r) => r.reporterId.startsWith(DEMO_REPORTER_PREFIX) && r.subject?.startsWith('[DEMO]'))).toBe(
      true,
    );
    expect(filed.filter((r) => r.verdict.verdict === 'spoof')).toHaveLength(2);
    // Spread over the past days, for the charts.
    expect(new Set(filed.map((r) => new Date(r.createdAt).toISOString().slice(0, 10))).size).toBe(3);
    const outcome = await new DemoReadiness(inventory).evaluate();
    if (!outcome.ok) throw new Error('demo readiness failed');
    const { result } = outcome;
    expect(result.ready).toBe(false);
    expect(result.findings.map((f) => f.id)).toEqual(
      expect.arrayContaining(['dmarc.not-enforced', 'smtp-auth.organization', 'smtp-auth.mailboxes', 'spf.softfail']),
    );
    expect(result.sources.find((s) => s.key === '192.0.2.0/24')?.coveredBy).toMatchObject({ by: 'certificate' });
    expect(result.sources.find((s) => s.key === '198.51.100.0/24')?.coveredBy).toMatchObject({ by: 'ip' });
    expect(result.plan.map((s) => s.id)).toEqual(
      expect.arrayContaining(['smtp-auth.scope', 'network.port25', 'enforce']),
    );
  } finally {
    await close();
  }
});

test('never into a database with other data: refused, and that database is left exactly as it was', async () => {
  const file = path.join(dir, 'dsguard.sqlite');
  const real = await open(file);
  await importTraceRows(
    [{ origin: 'csv-summary', clientIp: '192.0.2.1', senderAddress: 'a@contoso.com', recipients: ['b@contoso.com'] }],
    real.inventory,
    { kind: 'csv-summary', label: 'real.csv' },
  );
  await real.close();
  const before = statSync(file).mtimeMs;
  expect(await demoDatabaseState(file)).toBe('other');
  await expect(loadDemo(file)).rejects.toThrow(DemoRefusedError);
  expect(statSync(file).mtimeMs).toBe(before);
  const after = await open(file);
  expect((await after.inventory.listImports()).map((i) => i.label)).toEqual(['real.csv']);
  expect(await after.inventory.listSources()).toHaveLength(1);
  await after.close();

  // A server database with only a known sender (no inventory import) is refused too.
  const other = path.join(dir, 'reports-only.sqlite');
  const withSender = await open(other);
  await withSender.db.execute(
    "INSERT INTO known_senders (id, name, ips, addresses, added_by, created_at) VALUES ('k1', 'Printer', '[]', '[]', 'admin', 1)",
  );
  await withSender.close();
  expect(await demoDatabaseState(other)).toBe('other');

  // A demo database into which someone imported a real trace is no longer the demo's to replace.
  const demoFile = path.join(dir, 'demo.sqlite');
  await loadDemo(demoFile);
  const mixed = await open(demoFile);
  await importTraceRows(
    [{ origin: 'csv-summary', clientIp: '192.0.2.1', senderAddress: 'a@contoso.com', recipients: ['b@contoso.com'] }],
    mixed.inventory,
    { kind: 'csv-summary', label: 'real.csv' },
  );
  await mixed.close();
  await expect(loadDemo(demoFile)).rejects.toThrow(/not demo data/);
});

test('loading again replaces the previous demo; the CLI verb says where it went and refuses with exit code 2', async () => {
  const file = path.join(dir, 'again.sqlite');
  await loadDemo(file);
  const first = await open(file);
  await first.inventory.recordAction({
    sourceKey: '198.18.7.0/24',
    action: 'mark-malicious',
    actor: 'tester',
    at: Date.now(),
  });
  await first.close();
  await loadDemo(file);
  const second = await open(file);
  expect((await second.inventory.getSource('198.18.7.0/24'))?.status).toBe('new');
  expect(await second.inventory.listImports()).toHaveLength(1);
  await second.close();

  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    cwd: dir,
    env: {},
  };
  expect(await demo([], io)).toBe(0);
  expect(out.join('')).toContain(path.join(dir, 'data', 'dsguard-demo.sqlite'));
  expect(out.join('')).toMatch(/DEMO DATA/);
  expect(await demoDatabaseState(path.join(dir, 'data', 'dsguard-demo.sqlite'))).toBe('demo');
  const real = await open(path.join(dir, 'real.sqlite'));
  await importTraceRows(
    [{ origin: 'csv-summary', clientIp: '192.0.2.1', senderAddress: 'a@contoso.com', recipients: ['b@contoso.com'] }],
    real.inventory,
    { kind: 'csv-summary', label: 'real.csv' },
  );
  await real.close();
  expect(await demo(['--db', 'real.sqlite'], io)).toBe(2);
  expect(err.join('')).toMatch(/holds data that is not demo data/);
  expect(await demo(['--bogus'], io)).toBe(2);
});
