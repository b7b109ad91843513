import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyMailEvent } from '@dsguard/classifier';
import { clientCredentialsTokenProvider } from '../../src/admin/clients/token-provider';
import { migrateInventory } from '../../src/admin/inventory/migrations';
import { SqliteInventoryStore } from '../../src/admin/inventory/sqlite-inventory-store';
import { silentLogger } from '../../src/log/logger';
import { openStorage } from '../../src/storage/open-storage';
import { WatchPoller } from '../../src/watch/watch-poller';
import { traceSource } from '../../src/watch/watch-sources';
import { WatchStore } from '../../src/watch/watch-store';
import { startContractServer } from '../admin/servers/microsoft-contract-server';

const MIN = 60_000;

test('message trace: candidates only (suspicious, never spoof), paged and throttled; outbound and approved mail raise nothing', async () => {
  const now = Date.now();
  const trace = (n: number, sender: string, recipient: string, ip: string, at: number) => ({
    id: `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    messageId: `<m${n}@example.test>`,
    senderAddress: sender,
    recipientAddress: recipient,
    receivedDateTime: new Date(at).toISOString(),
    subject: 'Missed fax',
    fromIP: ip,
    status: 'Delivered',
  });
  const server = await startContractServer({
    traces: [
      trace(1, 'ceo@contoso.com', 'amy@contoso.com', '203.0.113.7', now - 20 * MIN),
      trace(1, 'ceo@contoso.com', 'bob@contoso.com', '203.0.113.7', now - 20 * MIN),
      trace(2, 'ceo@contoso.com', 'cat@contoso.com', '203.0.113.7', now - 19 * MIN),
      trace(3, 'ceo@contoso.com', 'partner@fabrikam.com', '10.0.0.5', now - 18 * MIN),
      trace(4, 'scanner@contoso.com', 'ops@contoso.com', '198.51.100.10', now - 17 * MIN),
    ],
    throttleNext: 1,
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-watch-trace-'));
  const file = path.join(dir, 'db.sqlite');
  const db = await openStorage({ kind: 'sqlite', path: file });
  await migrateInventory(db);
  const inventory = new SqliteInventoryStore(file);
  const sleeps: number[] = [];
  const store = new WatchStore(db, () => ['syslog']);
  const poller = new WatchPoller({
    store,
    sources: [
      traceSource({
        tokens: clientCredentialsTokenProvider({
          tenantId: 'tenant-1',
          clientId: 'app-id',
          clientSecret: 'app-secret',
          authority: server.url,
        }),
        graphUrl: `${server.url}/graph/v1.0`,
        acceptedDomains: ['contoso.com'],
        pageSize: 2,
        sleep: async (ms) => void sleeps.push(ms),
      }),
    ],
    judge: classifyMailEvent,
    tenantContext: async () => ({
      acceptedDomains: ['contoso.com'],
      knownSenders: [{ name: 'Scanner', ips: ['198.51.100.10'] }],
    }),
    inventory,
    acceptedDomains: ['contoso.com'],
    logger: silentLogger,
    instance: 'test',
  });
  try {
    const [result] = (await poller.poll()).sources;
    expect(result!.error).toBeUndefined();
    expect(sleeps).toEqual([1000]);
    const pages = server.state.requests.filter((r) =>
      r.path.startsWith('/graph/v1.0/admin/exchange/tracing/messageTraces'),
    );
    expect(pages.length).toBe(4); // one 429, then three pages of two
    // Both date bounds in every request (one bound alone returns only the last 48 hours).
    for (const page of pages)
      expect(decodeURIComponent(page.path).replace(/\+/g, ' ')).toMatch(
        /receivedDateTime ge \S+Z and receivedDateTime le \S+Z/,
      );
    expect(result!.events).toBe(4); // the outbound message is not inbound to the tenant
    expect(result!.incidents).toHaveLength(1);
    expect(result!.incidents[0]).toMatchObject({
      origin: 'trace',
      sender: 'ceo@contoso.com',
      messages: 2,
      recipients: 3,
    });
    expect(result!.incidents[0]!.verdict.verdict).toBe('suspicious');
    expect(result!.approved).toBe(1);
    expect(await inventory.getSource('198.51.100.0/24')).toMatchObject({ messages: 1, origins: { 'graph-trace': 1 } });
    const [again] = (await poller.poll()).sources;
    expect(again!.incidents).toEqual([]);
    expect(again!.newMessages).toBe(0);
  } finally {
    await inventory.close();
    await db.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
