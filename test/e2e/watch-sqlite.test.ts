import { execFile } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { repoRoot } from '../../bot/test/support/fixtures';
import { emailEvent } from '../../bot/test/support/hunting-table';
import { useProductProcesses, type ProductProcess } from './support/product-process';
import { waitFor } from './support/wait-for';
import { campaign, MIN, watchWorld, type WatchWorld } from './support/watch-world';

// The real server process on SQLite: SIGKILL in the middle of a poll, restart, and the CLI's one-off poll.
const products = useProductProcesses();
let world: WatchWorld;

beforeEach(async () => {
  world = await watchWorld();
});
afterEach(() => world.close());

const users = ['amy', 'bob'];

function dsguard(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'bot', 'bin', 'dsguard.js'), ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function countRows(product: ProductProcess, sql: string): number {
  const db = new Database(product.sqlitePath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('each spoof campaign is alerted once across a SIGKILL in the middle of a poll and a restart; the printer never', async () => {
  const now = Date.now();
  world.table.rows.push(
    ...campaign('first', { messages: 3, at: now - 10 * MIN, users }),
    ...Array.from({ length: 2 }, (_, i) =>
      emailEvent({
        at: now - 9 * MIN + i,
        from: 'scanner@contoso.com',
        to: 'ops@contoso.com',
        ip: '198.51.100.10',
        id: `printer-${i}`,
      }),
    ),
  );
  const product = await products.start({ env: world.env() });
  const [first] = await waitFor('the first incident', () => world.incidents().length === 1 && world.incidents());
  expect(first).toMatchObject({ SenderFromAddress: 'ceo@contoso.com', Messages: 3, Recipients: 2 });
  expect(first!.NetworkMessageIds).toEqual(['first-0', 'first-1', 'first-2']);

  // A new campaign arrives; the next poll's query hangs and the server is killed while it waits.
  world.table.rows.push(
    ...campaign('second', {
      from: 'payroll@contoso.com',
      ip: '203.0.113.99',
      messages: 2,
      at: Date.now() - MIN,
      users,
    }),
  );
  world.table.delayMs = 120_000;
  const asked = world.table.queries.length;
  await waitFor('the next poll', () => world.table.queries.length > asked, 15000);
  await product.kill('SIGKILL');
  world.table.delayMs = 0;
  expect(world.incidents()).toHaveLength(1);

  await product.start();
  await waitFor('the second incident', () => world.incidents().length === 2);
  // Two more intervals: the overlap reads both campaigns again, and nothing is alerted twice.
  const polls = world.table.queries.length;
  await waitFor('two more polls', () => world.table.queries.length >= polls + 2, 20000);
  await product.stop();
  const incidents = world.incidents();
  expect(incidents.map((i) => i.SenderFromAddress)).toEqual(['ceo@contoso.com', 'payroll@contoso.com']);
  expect(new Set(incidents.map((i) => i.IncidentId)).size).toBe(2);
  expect(incidents[1]!.NetworkMessageIds).toEqual(['second-0', 'second-1']);
  expect(countRows(product, 'SELECT COUNT(*) AS n FROM watch_messages')).toBe(7);
  expect(countRows(product, "SELECT COUNT(*) AS n FROM watch_incidents WHERE sender = 'scanner@contoso.com'")).toBe(0);
  expect(countRows(product, "SELECT messages AS n FROM inventory_sources WHERE key = '198.51.100.0/24'")).toBe(2);
}, 120000);

test('npx dsguard watch --once --json polls once into the server database; the server delivers the alert it queued', async () => {
  const product = products.create({ env: world.env() });
  world.table.rows.push(...campaign('cli', { messages: 2, at: Date.now() - 5 * MIN, users }));
  // Asynchronously: the contract servers live in this process and must keep answering.
  const cli = () => dsguard(['watch', '--once', '--json'], product.env, product.dataDir);
  const once = await cli();
  expect(once.stderr).toBe('');
  expect(once.status).toBe(0);
  const result = JSON.parse(once.stdout) as {
    sources: {
      source: string;
      events: number;
      incidents: {
        verdict: string;
        messages: number;
        recipients: number;
        networkMessageIds: string[];
        reasons: string[];
      }[];
    }[];
  };
  expect(result.sources).toHaveLength(1);
  expect(result.sources[0]).toMatchObject({ source: 'defender', events: 4 });
  expect(result.sources[0]!.incidents).toEqual([
    expect.objectContaining({
      verdict: 'spoof',
      messages: 2,
      recipients: 2,
      networkMessageIds: ['cli-0', 'cli-1'],
      reasons: expect.arrayContaining(['auth.dmarc-fail']),
    }),
  ]);
  const again = await cli();
  expect(again.status).toBe(0);
  expect((JSON.parse(again.stdout) as typeof result).sources[0]!.incidents).toEqual([]);
  expect(world.incidents()).toHaveLength(0);

  await product.start();
  await waitFor('the queued alert', () => world.incidents().length === 1);
  expect(world.incidents()[0]!.NetworkMessageIds).toEqual(['cli-0', 'cli-1']);
}, 120000);

test('watch without --once, or without WATCH_SOURCES, explains itself', async () => {
  const { env, dataDir } = products.create({ env: world.env() });
  const noOnce = await dsguard(['watch'], env, dataDir);
  expect(noOnce.status).toBe(2);
  expect(noOnce.stderr).toMatch(/--once/);
  const off = await dsguard(['watch', '--once'], { ...env, WATCH_SOURCES: '' }, dataDir);
  expect(off.status).toBe(2);
  expect(off.stderr).toMatch(/WATCH_SOURCES/);
});
