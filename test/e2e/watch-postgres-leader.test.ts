import pg from 'pg';
import { startPostgres, type PostgresCluster } from '../../bot/test/support/postgres-cluster';
import { emailEvent } from '../../bot/test/support/hunting-table';
import { WATCH_LOCK_ID } from '../../bot/src/watch/leader-election';
import { useProductProcesses, type ProductProcess } from './support/product-process';
import { waitFor } from './support/wait-for';
import { campaign, MIN, watchWorld, type WatchWorld } from './support/watch-world';

// Two real server processes on one real PostgreSQL: one polls (advisory lock); kill it mid-poll, the other takes over.
const INTERVAL_S = 5;
const users = ['amy', 'bob', 'cat'];
const products = useProductProcesses();
let cluster: PostgresCluster;
let world: WatchWorld;

beforeAll(async () => {
  cluster = await startPostgres();
}, 180000);
afterAll(() => cluster?.stop());
beforeEach(async () => {
  world = await watchWorld();
});
afterEach(() => world.close());

const leads = (p: ProductProcess): boolean => p.output().includes('"event":"watch.leader"');

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

test('the leader killed mid-poll: the other instance takes over within one interval, nothing lost or alerted twice', async () => {
  const url = await cluster.createDatabase('watch_leader');
  const env = world.env({ DATABASE_URL: url, WATCH_INTERVAL_S: String(INTERVAL_S) });
  world.table.rows.push(
    ...campaign('one', { messages: 3, at: Date.now() - 10 * MIN, users }),
    emailEvent({
      at: Date.now() - 9 * MIN,
      from: 'scanner@contoso.com',
      to: 'ops@contoso.com',
      ip: '198.51.100.10',
      id: 'printer-0',
    }),
  );
  const processes = await Promise.all([products.start({ env }), products.start({ env })]);
  await waitFor('the first incident', () => world.incidents().length === 1);
  const leader = await waitFor('one leader', () => {
    const leading = processes.filter(leads);
    return leading.length === 1 && leading[0];
  });
  const follower = processes.find((p) => p !== leader)!;
  const holders = await query<{ n: string }>(
    url,
    `SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = ${WATCH_LOCK_ID} AND granted`,
  );
  expect(Number(holders[0]!.n)).toBe(1);

  // The next poll hangs on Defender; the leader dies while it waits.
  world.table.rows.push(
    ...campaign('two', { from: 'payroll@contoso.com', ip: '203.0.113.99', messages: 2, at: Date.now() - MIN, users }),
  );
  world.table.delayMs = 120_000;
  const asked = world.table.queries.length;
  await waitFor('the leader polling', () => world.table.queries.length > asked, 2 * INTERVAL_S * 1000);
  await leader.kill('SIGKILL');
  const killedAt = Date.now();
  world.table.delayMs = 0;

  await waitFor('the follower leading', () => leads(follower), 3 * INTERVAL_S * 1000);
  const takeover = Date.now() - killedAt;
  await waitFor('the second incident', () => world.incidents().length === 2, 3 * INTERVAL_S * 1000);
  // Within one interval (plus the time the poll takes here).
  expect(takeover).toBeLessThan(INTERVAL_S * 1000 + 3000);

  // Two more polls by the new leader read both campaigns again (the overlap): still two alerts.
  const polls = world.table.queries.length;
  await waitFor('two more polls', () => world.table.queries.length >= polls + 2, 4 * INTERVAL_S * 1000);
  const incidents = world.incidents();
  expect(incidents.map((i) => [i.SenderFromAddress, i.Messages, i.Recipients])).toEqual([
    ['ceo@contoso.com', 3, 3],
    ['payroll@contoso.com', 2, 3],
  ]);
  expect(incidents[1]!.NetworkMessageIds).toEqual(['two-0', 'two-1']);
  const counts = await query<{ messages: string; incidents: string; delivered: string }>(
    url,
    `SELECT (SELECT COUNT(*) FROM watch_messages) AS messages, (SELECT COUNT(*) FROM watch_incidents) AS incidents,
       (SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL) AS delivered`,
  );
  expect(counts[0]).toEqual({ messages: '6', incidents: '2', delivered: '2' });
}, 150000);
