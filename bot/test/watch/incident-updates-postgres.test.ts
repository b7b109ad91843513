import { classifyMailEvent } from '@dsguard/classifier';
import { claimDue, markDelivered } from '../../src/storage/outbox';
import { migrate } from '../../src/storage/migrations';
import { openPostgres } from '../../src/storage/postgres-client';
import type { SqlClient } from '../../src/storage/sql-client';
import { deliveryFromHunting } from '../../src/watch/mail-events';
import { WatchStore } from '../../src/watch/watch-store';
import { emailEvent } from '../support/hunting-table';
import { startPostgres, type PostgresCluster } from '../support/postgres-cluster';

// The update bookkeeping's SQL on PostgreSQL: revisions, one queued update per destination, coalescing, delivered
// revisions that never go down.
let cluster: PostgresCluster;
let db: SqlClient;
beforeAll(async () => {
  cluster = await startPostgres();
  db = openPostgres(await cluster.createDatabase('updates'));
  await migrate(db);
}, 60000);
afterAll(async () => {
  await db?.close();
  cluster?.stop();
});

const now = Date.parse('2026-03-02T10:00:00Z');
const judged = (id: string, to: string) => {
  const delivery = deliveryFromHunting(
    emailEvent({ at: now - 10 * 60_000, from: 'ceo@contoso.com', to, ip: '203.0.113.7', id }),
  )!;
  return { delivery, verdict: classifyMailEvent(delivery.event, { acceptedDomains: ['contoso.com'] }) };
};

test('growth is a revision; the poll queues one update per destination, none while an alert waits, none twice', async () => {
  const store = new WatchStore(db, () => ['webhook', 'teams-channel']);
  const [incident] = (await store.recordPage('defender', [judged('m1', 'amy@contoso.com')], now)).newIncidents;
  expect(incident!.revision).toBe(0);
  // The new incident's alerts still wait: they will carry the growth, so nothing more is queued.
  await store.recordPage('defender', [judged('m2', 'bob@contoso.com')], now);
  expect(await store.queueIncidentUpdates(now)).toEqual([incident!.id]);
  expect(Number((await db.query<{ n: string }>('SELECT COUNT(*) AS n FROM outbox'))[0]!.n)).toBe(2);

  for (const item of await claimDue(db, 10, 60_000, now)) await markDelivered(db, item.id);
  await store.recordPage('defender', [judged('m3', 'cat@contoso.com'), judged('m4', 'dan@contoso.com')], now);
  await store.recordPage('defender', [judged('m5', 'eve@contoso.com')], now);
  expect(await store.getIncident(incident!.id)).toMatchObject({ messages: 5, recipients: 5, revision: 3 });
  expect(await store.queueIncidentUpdates(now)).toEqual([incident!.id]);
  expect(await store.queueIncidentUpdates(now)).toEqual([]);
  const queued = await db.query<{ kind: string; payload: string }>(
    `SELECT kind, payload FROM outbox WHERE delivered_at IS NULL ORDER BY kind`,
  );
  expect(queued).toEqual([
    { kind: 'teams-channel', payload: JSON.stringify({ incidentId: incident!.id, revision: 3 }) },
    { kind: 'webhook', payload: JSON.stringify({ incidentId: incident!.id, revision: 3 }) },
  ]);

  // A late row of a known message to a recipient the incident already counts: nothing the card shows changes.
  for (const item of await claimDue(db, 10, 60_000, now)) await markDelivered(db, item.id);
  await store.recordPage('defender', [judged('m5', 'amy@contoso.com')], now);
  expect(await store.getIncident(incident!.id)).toMatchObject({ messages: 5, recipients: 5, revision: 3 });
  expect(await store.queueIncidentUpdates(now)).toEqual([]);

  expect(await store.deliveredRevision(incident!.id, 'webhook')).toBeUndefined();
  await store.setDeliveredRevision(incident!.id, 'webhook', 3);
  await store.setDeliveredRevision(incident!.id, 'webhook', 1);
  expect(await store.deliveredRevision(incident!.id, 'webhook')).toBe(3);
}, 30000);
