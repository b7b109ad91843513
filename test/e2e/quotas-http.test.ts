import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strings } from '../../bot/src/strings';
import { headerBlockOf, sample } from '../../bot/test/support/fixtures';
import { localActivity, localChat } from '../../bot/test/support/local-chat';
import { startServer, type RunningServer } from '../../bot/test/support/server-harness';

jest.setTimeout(20000);

// One caller flooding the server: every answer past the quota is a clear 429/413, and nothing is lost.
const headers = headerBlockOf(sample('01-spoof-self.eml').raw);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dsguard-quotas-'));
const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(tmp, { recursive: true, force: true });
});

/** Counters are per clock minute: start a burst well inside one, so the test never straddles two. */
async function awayFromMinuteEdge(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5000) await new Promise((r) => setTimeout(r, left + 100));
}

async function start(vars: Record<string, string>): Promise<RunningServer> {
  await awayFromMinuteEdge();
  const server = await startServer(vars, { startOutbox: false });
  servers.push(server);
  return server;
}

let reportCounter = 0;
const report = (url: string, extra: Record<string, unknown> = {}): Promise<Response> =>
  fetch(`${url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientReportId: uniqueId(++reportCounter),
      headers: distinct(reportCounter),
      source: 'addin',
      ...extra,
    }),
  });
const uniqueId = (n: number): string => `7a7a7a7a-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** Each report a different message (a report of the same message by the same user is a duplicate, not a new one). */
const distinct = (n: number): string => headers.replace('9531985d-5d9d-c9f8-1818-e811892f902b', uniqueId(n));
const classify = (url: string): Promise<Response> =>
  fetch(`${url}/api/classify`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: headers });

test('classify and reports past the per-user rate: 429 with Retry-After and a clear message', async () => {
  const server = await start({ RATE_LIMIT_CLASSIFY_PER_MINUTE: '3', RATE_LIMIT_REPORTS_PER_HOUR: '2' });
  for (let i = 0; i < 3; i++) expect((await classify(server.url)).status).toBe(200);
  const limited = await classify(server.url);
  expect(limited.status).toBe(429);
  const wait = Number(limited.headers.get('retry-after'));
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
  expect(await limited.json()).toEqual({ error: { code: 'rate-limited', message: strings.api.rateLimited(wait) } });

  expect((await report(server.url)).status).toBe(201);
  expect((await report(server.url)).status).toBe(201);
  const refused = await report(server.url);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
  const list = (await (await fetch(`${server.url}/api/reports`)).json()) as { reports: unknown[] };
  expect(list.reports).toHaveLength(2);
});

test('the counters live in the database: two instances on one database share them', async () => {
  const file = path.join(tmp, 'shared.sqlite');
  const a = await start({ SQLITE_PATH: file, RATE_LIMIT_CLASSIFY_PER_MINUTE: '4' });
  const b = await start({ SQLITE_PATH: file, RATE_LIMIT_CLASSIFY_PER_MINUTE: '4' });
  await awayFromMinuteEdge();
  for (const url of [a.url, b.url, a.url, b.url]) expect((await classify(url)).status).toBe(200);
  expect((await classify(b.url)).status).toBe(429);
  expect((await classify(a.url)).status).toBe(429);
});

test('bot activities past the per-user rate are answered with the wait, not processed', async () => {
  const server = await start({ RATE_LIMIT_BOT_PER_MINUTE: '2' });
  const send = () => localChat(server.url, localActivity('help'));
  expect((await send())[0]?.text).toBe(strings.help(true));
  expect((await send())[0]?.text).toBe(strings.help(true));
  expect((await send())[0]?.text).toMatch(/^Too many requests; try again in \d+ s\.$/);
});

test('stored .eml: a per-user cap (413 storage-full, nothing filed), a retention deleting old .eml', async () => {
  const file = path.join(tmp, 'eml.sqlite');
  const server = await start({ SQLITE_PATH: file, MAX_EML_STORAGE_MB_PER_USER: '1' });
  const eml = Buffer.alloc(450 * 1024, 'a').toString('base64'); // 600 KB stored
  expect((await report(server.url, { eml })).status).toBe(201);
  const full = await report(server.url, { eml });
  expect(full.status).toBe(413);
  expect(await full.json()).toEqual({ error: { code: 'storage-full', message: strings.api.storageFull(1) } });
  expect((await report(server.url)).status).toBe(201); // without an .eml it still files
  const listed = (await (await fetch(`${server.url}/api/reports`)).json()) as { reports: { hasEml: boolean }[] };
  expect(listed.reports.map((r) => r.hasEml).sort()).toEqual([false, true]);

  // Ninety-one days later (EML_RETENTION_DAYS=90): the next start deletes the .eml, keeps the report.
  await server.server.db.execute('UPDATE reports SET created_at = $1', [Date.now() - 91 * 24 * 3_600_000]);
  const later = await start({ SQLITE_PATH: file, EML_RETENTION_DAYS: '90' });
  const deadline = Date.now() + 5000;
  let after: { hasEml: boolean }[] = [];
  do {
    after = ((await (await fetch(`${later.url}/api/reports`)).json()) as { reports: { hasEml: boolean }[] }).reports;
  } while (after.some((r) => r.hasEml) && Date.now() < deadline);
  expect(after.map((r) => r.hasEml)).toEqual([false, false]);
  // Room again for new .eml files.
  expect((await report(later.url, { eml })).status).toBe(201);
});
