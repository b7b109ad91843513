import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InventoryAggregator } from '../../src/admin/inventory/aggregator.js';
import { SOURCE_CATEGORIES } from '../../src/admin/inventory/categorize.js';
import { importTraceFile } from '../../src/admin/inventory/import-into-store.js';
import { DAY_MS } from '../../src/admin/inventory/inventory-overview.js';
import { UnverifiedSourceError, type InventoryStore } from '../../src/admin/inventory/inventory-store.js';
import { knownSendersFrom } from '../../src/admin/inventory/known-senders.js';
import type { TraceRow } from '../../src/admin/trace/trace-row.js';

const row = (over: Partial<TraceRow>): TraceRow => ({
  origin: 'csv-summary',
  recipients: ['alice@contoso.com'],
  receivedAt: Date.UTC(2025, 5, 1),
  ...over,
});

/** What every InventoryStore must do; `open` gets a fresh temporary directory and answers an empty store. */
export function storeContract(name: string, open: (dir: string) => InventoryStore | Promise<InventoryStore>): void {
  describe(`${name} inventory store`, () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'dsguard-inventory-contract-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test('merges batches exactly, records admin actions with who and when, and feeds knownSenders', async () => {
      const store = await open(dir);
      const aggregator = new InventoryAggregator();
      aggregator.add(row({ clientIp: '198.51.100.20', senderAddress: 'scanner@contoso.com', receivedAt: 5 }));
      await store.upsertSources(aggregator.drain());
      aggregator.add(row({ clientIp: '198.51.100.21', senderAddress: 'scanner@contoso.com', receivedAt: 2 }));
      aggregator.add(row({ clientIp: '2001:db8::1', senderAddress: 'alerts@contoso.com', receivedAt: 3 }));
      await store.upsertSources(aggregator.drain());
      const source = await store.getSource('198.51.100.0/24');
      expect(source).toMatchObject({
        messages: 2,
        ips: ['198.51.100.20', '198.51.100.21'],
        firstSeen: 2,
        lastSeen: 5,
        status: 'new',
      });
      await expect(store.recordAction({ sourceKey: 'nope', action: 'approve', actor: 'a', at: 1 })).rejects.toThrow(
        'no inventory source "nope"',
      );
      const approved = await store.recordAction({
        sourceKey: '198.51.100.0/24',
        action: 'approve',
        actor: 'admin@contoso.com',
        at: 100,
        name: 'Scanner floor 2',
      });
      expect(approved).toMatchObject({
        status: 'approved',
        statusBy: 'admin@contoso.com',
        statusAt: 100,
        name: 'Scanner floor 2',
      });
      await store.recordAction({
        sourceKey: '2001:db8::/64',
        action: 'mark-malicious',
        actor: 'sec@contoso.com',
        at: 101,
        note: 'spray',
      });
      expect(await store.listActions()).toEqual([
        { sourceKey: '2001:db8::/64', action: 'mark-malicious', actor: 'sec@contoso.com', at: 101, note: 'spray' },
        {
          sourceKey: '198.51.100.0/24',
          action: 'approve',
          actor: 'admin@contoso.com',
          at: 100,
          name: 'Scanner floor 2',
        },
      ]);
      expect(await store.listActions('198.51.100.0/24')).toEqual([
        {
          sourceKey: '198.51.100.0/24',
          action: 'approve',
          actor: 'admin@contoso.com',
          at: 100,
          name: 'Scanner floor 2',
        },
      ]);
      // A later import keeps the admin's decision.
      aggregator.add(row({ clientIp: '198.51.100.20', senderAddress: 'scanner@contoso.com', receivedAt: 9 }));
      await store.upsertSources(aggregator.drain());
      const sources = await store.listSources();
      expect(sources.map((s) => [s.key, s.status, s.messages])).toEqual([
        ['198.51.100.0/24', 'approved', 3],
        ['2001:db8::/64', 'malicious', 1],
      ]);
      expect(await store.getSource('198.51.100.0/24')).toEqual(sources[0]);
      expect(await store.listSources({ status: 'malicious' })).toHaveLength(1);
      expect((await store.listSources({ limit: 1, offset: 1 })).map((s) => s.key)).toEqual(['2001:db8::/64']);
      expect(knownSendersFrom(sources)).toEqual([
        { name: 'Scanner floor 2', ips: ['198.51.100.20', '198.51.100.21'], addresses: ['scanner@contoso.com'] },
      ]);
      await store.close();
    });

    test('rows users supplied stay apart: unverified until message trace reports the source, and never known senders', async () => {
      const store = await open(dir);
      const aggregator = new InventoryAggregator();
      aggregator.add(
        row({ origin: 'verdict', clientIp: '203.0.113.66', fromAddress: 'ceo@contoso.com', helo: 'PLANTED' }),
      );
      await store.upsertSources(aggregator.drain());
      const planted = await store.getSource('203.0.113.0/24');
      expect(planted).toMatchObject({ messages: 1, status: 'new' });
      expect(planted!.verified).toBeUndefined();
      await expect(
        store.recordAction({ sourceKey: '203.0.113.0/24', action: 'approve', actor: 'a', at: 1 }),
      ).rejects.toThrow(UnverifiedSourceError);
      expect(await store.listActions()).toEqual([]);
      // Other decisions stay possible (marking it malicious is the likely one).
      await store.recordAction({ sourceKey: '203.0.113.0/24', action: 'mark-to-migrate', actor: 'a', at: 2 });
      expect(knownSendersFrom(await store.listSources())).toEqual([]);

      aggregator.add(row({ clientIp: '203.0.113.7', senderAddress: 'scanner@contoso.com' }));
      await store.upsertSources(aggregator.drain());
      aggregator.add(row({ origin: 'verdict', clientIp: '203.0.113.67', fromAddress: 'cfo@contoso.com' }));
      await store.upsertSources(aggregator.drain());
      const verified = (await store.getSource('203.0.113.0/24'))!;
      expect(verified).toMatchObject({ messages: 3, ips: ['203.0.113.66', '203.0.113.7', '203.0.113.67'] });
      expect(verified.verified).toMatchObject({
        messages: 1,
        ips: ['203.0.113.7'],
        senders: { 'scanner@contoso.com': 1 },
        origins: { 'csv-summary': 1 },
      });
      expect((await store.listSources())[0]).toEqual(verified);
      const approved = await store.recordAction({ sourceKey: '203.0.113.0/24', action: 'approve', actor: 'a', at: 3 });
      // Named after its top sender in message trace, not the one pasted most.
      expect(approved.name).toBe('scanner@contoso.com (203.0.113.0/24)');
      expect(knownSendersFrom(await store.listSources())).toEqual([
        { name: 'scanner@contoso.com (203.0.113.0/24)', ips: ['203.0.113.7'], addresses: ['scanner@contoso.com'] },
      ]);
      await store.close();
    });

    test('an import is atomic and the same file is imported once', async () => {
      const store = await open(dir);
      const file = join(dir, 'trace.csv');
      writeFileSync(
        file,
        'origin_timestamp_utc,sender_address,recipient_status,message_subject,total_bytes,message_id,network_message_id,original_client_ip,directionality,connector_id,delivery_priority\n' +
          '2025-06-02T08:15:00Z,scanner@contoso.com,alice@contoso.com##Receive,Scan,1,<a>,id,198.51.100.20,Incoming,,Normal\n',
      );
      const first = await importTraceFile(file, store);
      expect(first.duplicateOf).toBeUndefined();
      const again = await importTraceFile(file, store);
      expect(again.duplicateOf?.id).toBe(first.record.id);
      expect(again.duplicateOf).toEqual(first.record);
      expect((await store.getSource('198.51.100.0/24'))?.messages).toBe(1);
      const broken = { key: 'x', ipVersion: 4 } as never;
      await expect(
        store.applyImport({ ...first.record, id: 'other', sha256: 'other' }, [
          [(await store.listSources())[0]!],
          [broken],
        ]),
      ).rejects.toThrow(TypeError);
      expect((await store.getSource('198.51.100.0/24'))?.messages).toBe(1);
      expect(await store.listImports()).toEqual([first.record]);
      await store.close();
    });

    test("overview: counts per status and category, and the volume per day spread over each source's sightings", async () => {
      const store = await open(dir);
      const empty = await store.overview();
      expect(empty.volume).toBeUndefined();
      expect(empty.statuses.map((s) => [s.key, s.sources, s.messages])).toEqual([
        ['new', 0, 0],
        ['approved', 0, 0],
        ['to-migrate', 0, 0],
        ['malicious', 0, 0],
        ['retired', 0, 0],
      ]);
      const day0 = Date.UTC(2025, 5, 1, 9);
      const aggregator = new InventoryAggregator();
      // The copier: three messages over three days (one a day); the app: four messages on the middle day.
      for (const d of [0, 1, 2])
        aggregator.add(
          row({ clientIp: '198.51.100.20', senderAddress: 'scanner@contoso.com', receivedAt: day0 + d * DAY_MS }),
        );
      for (let i = 0; i < 4; i += 1)
        aggregator.add(row({ clientIp: '192.0.2.7', senderAddress: 'erp@contoso.com', receivedAt: day0 + DAY_MS + i }));
      await store.upsertSources(aggregator.drain());
      await store.recordAction({ sourceKey: '198.51.100.0/24', action: 'approve', actor: 'a', at: 1 });
      const copier = (await store.getSource('198.51.100.0/24'))!;
      const app = (await store.getSource('192.0.2.0/24'))!;

      const overview = await store.overview();
      expect(overview.statuses.find((s) => s.key === 'approved')).toEqual({ key: 'approved', sources: 1, messages: 3 });
      expect(overview.statuses.find((s) => s.key === 'new')).toEqual({ key: 'new', sources: 1, messages: 4 });
      expect(overview.categories.reduce((n, c) => n + c.messages, 0)).toBe(7);
      expect(overview.categories.find((c) => c.key === copier.category)!.sources).toBe(
        copier.category === app.category ? 2 : 1,
      );
      const volume = overview.volume!;
      expect({ fromDay: volume.fromDay, bucketDays: volume.bucketDays, buckets: volume.buckets }).toEqual({
        fromDay: Math.floor(day0 / DAY_MS),
        bucketDays: 1,
        buckets: 3,
      });
      const expected = (copierSeries: number[], appSeries: number[]): Record<string, number[]> => {
        const out: Record<string, number[]> = Object.fromEntries(
          SOURCE_CATEGORIES.map((c) => [c, copierSeries.map(() => 0)]),
        );
        copierSeries.forEach((n, i) => (out[copier.category]![i]! += n));
        appSeries.forEach((n, i) => (out[app.category]![i]! += n));
        return out;
      };
      expect(volume.byCategory).toEqual(expected([1, 1, 1], [0, 4, 0]));
      // Fewer buckets than days: two-day buckets.
      const wide = (await store.overview({ maxBuckets: 2 })).volume!;
      expect([wide.bucketDays, wide.buckets]).toEqual([2, 2]);
      expect(wide.byCategory).toEqual(expected([2, 1], [4, 0]));
      await expect(store.overview({ maxBuckets: 0 })).rejects.toThrow('maxBuckets');
      await store.close();
    });
  });
}
