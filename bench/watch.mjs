#!/usr/bin/env node
// Tenant watcher: one poll of 100,000 Defender advanced hunting rows (the most one query returns) through the real
// client, judgement and SQLite recording; then the same rows again (the overlap: all already seen). Prints events
// judged per second and peak memory. Runs the built packages (bench/run.mjs builds first).
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyMailEvent } from '../shared/dist/index.js';
import { clientCredentialsTokenProvider } from '../bot/dist/admin/clients/token-provider.js';
import { migrateInventory } from '../bot/dist/admin/inventory/migrations.js';
import { SqliteInventoryStore } from '../bot/dist/admin/inventory/sqlite-inventory-store.js';
import { silentLogger } from '../bot/dist/log/logger.js';
import { openStorage } from '../bot/dist/storage/open-storage.js';
import { deliveryFromHunting } from '../bot/dist/watch/mail-events.js';
import { WatchPoller } from '../bot/dist/watch/watch-poller.js';
import { defenderSource } from '../bot/dist/watch/watch-sources.js';
import { WatchStore } from '../bot/dist/watch/watch-store.js';

const ROWS = Number(process.env.BENCH_WATCH_ROWS ?? 100_000);
const now = Date.now();
const context = { acceptedDomains: ['contoso.com'], knownSenders: [{ name: 'Printers', ips: ['198.51.100.0/24'] }] };

// 70% approved printers, 20% spoof campaigns (200 sender/range groups), 10% authenticated mail via a partner connector.
const rows = [];
for (let i = 0; i < ROWS; i++) {
  const kind = i % 10;
  const at = new Date(now - 50 * 60_000 + Math.floor((i / ROWS) * 49 * 60_000)).toISOString();
  const base = {
    Timestamp: at,
    NetworkMessageId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    InternetMessageId: `<m${i}@bench.test>`,
    RecipientEmailAddress: `user${i % 5000}@contoso.com`,
    Subject: 'Scanned document',
    SenderIPv6: '',
    EmailDirection: 'Inbound',
    DeliveryAction: 'Delivered',
    DeliveryLocation: 'Inbox/folder',
    DetectionMethods: '',
  };
  if (kind < 7) {
    rows.push({
      ...base,
      SenderMailFromAddress: 'scanner@contoso.com',
      SenderFromAddress: 'scanner@contoso.com',
      SenderIPv4: `198.51.100.${(i % 50) + 1}`,
      Connectors: '',
      AuthenticationDetails: '{"SPF":"fail","DKIM":"none","DMARC":"fail","CompAuth":"fail"}',
    });
  } else if (kind < 9) {
    const group = Math.floor(i / 10) % 200;
    rows.push({
      ...base,
      Subject: 'Voicemail received',
      SenderMailFromAddress: `ceo${group}@contoso.com`,
      SenderFromAddress: `ceo${group}@contoso.com`,
      SenderIPv4: `203.0.${group % 100}.${(i % 7) + 1}`,
      Connectors: '',
      AuthenticationDetails: '{"SPF":"fail","DKIM":"none","DMARC":"fail","CompAuth":"fail"}',
    });
  } else {
    rows.push({
      ...base,
      SenderMailFromAddress: 'news@contoso.com',
      SenderFromAddress: 'news@contoso.com',
      SenderIPv4: '192.0.2.10',
      Connectors: 'Partner',
      AuthenticationDetails: '{"SPF":"pass","DKIM":"pass","DMARC":"pass","CompAuth":"pass"}',
    });
  }
}
const answer = Buffer.from(JSON.stringify({ schema: [{ name: 'Timestamp', type: 'DateTime' }], results: rows }));
const empty = Buffer.from(JSON.stringify({ schema: [], results: [] }));
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.url.endsWith('/oauth2/v2.0/token')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ access_token: 't', expires_in: 3600 }));
    }
    // Every row fits the first page; the query for the page after it (keyset clause) finds none.
    const page = body.includes('NetworkMessageId >') ? empty : answer;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': page.length });
    res.end(page);
  });
});
server.keepAliveTimeout = 120_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;

// Judgement alone, in process.
const events = rows.map((r) => deliveryFromHunting(r).event);
for (let i = 0; i < 2000; i++) classifyMailEvent(events[i], context);
let t0 = process.hrtime.bigint();
for (const event of events) classifyMailEvent(event, context);
const judgeSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
events.length = 0;
globalThis.gc?.();

const dir = mkdtempSync(join(tmpdir(), 'dsguard-bench-watch-'));
const file = join(dir, 'db.sqlite');
const db = await openStorage({ kind: 'sqlite', path: file });
await migrateInventory(db);
const inventory = new SqliteInventoryStore(file);
const store = new WatchStore(db, () => ['webhook']);
const poller = new WatchPoller({
  store,
  sources: [
    defenderSource({
      tokens: clientCredentialsTokenProvider({ tenantId: 't', clientId: 'c', clientSecret: 's', authority: url }),
      graphUrl: url,
      acceptedDomains: ['contoso.com'],
      pageSize: 100_000,
    }),
  ],
  judge: classifyMailEvent,
  tenantContext: async () => context,
  inventory,
  acceptedDomains: ['contoso.com'],
  logger: silentLogger,
  instance: 'bench',
  firstLookbackMs: 60 * 60_000,
});
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
t0 = process.hrtime.bigint();
const first = await poller.poll();
const firstSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
t0 = process.hrtime.bigint();
const second = await poller.poll();
const secondSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const [a] = first.sources;
const [b] = second.sources;
if (a.error || b.error) throw new Error(a.error ?? b.error);
await inventory.close();
await db.close();
server.close();
rmSync(dir, { recursive: true, force: true });

const rate = (n, s) => Math.round(n / s).toLocaleString('en');
console.log(
  `tenant watcher: ${ROWS.toLocaleString('en')} advanced hunting rows in one poll (70% approved printers, 20% spoofs in 200 campaigns, 10% partner mail), SQLite`,
);
console.log(`  judgement only (classifyMailEvent)   ${rate(ROWS, judgeSeconds)} events/s`);
console.log(
  `  first poll (fetch, judge, record)    ${firstSeconds.toFixed(2)} s  ${rate(ROWS, firstSeconds)} events/s  ${a.newMessages.toLocaleString('en')} messages, ${a.incidents.length} incidents`,
);
console.log(
  `  same rows again (all already seen)   ${secondSeconds.toFixed(2)} s  ${rate(ROWS, secondSeconds)} events/s  ${b.newMessages} new, ${b.incidents.length} incidents`,
);
console.log(`  peak RSS                             ${(peakRss / 1048576).toFixed(0)} MB`);
console.log(
  JSON.stringify({
    bench: 'watch',
    rows: ROWS,
    judgePerSecond: Math.round(ROWS / judgeSeconds),
    firstPollSeconds: +firstSeconds.toFixed(2),
    secondPollSeconds: +secondSeconds.toFixed(2),
    incidents: a.incidents.length,
    peakRssMB: Math.round(peakRss / 1048576),
  }),
);
