import { strings } from '../../bot/src/strings';
import { startExchangeSmtp, type ExchangeSmtp } from '../../bot/test/support/exchange-smtp';
import { startPostgres, type PostgresCluster } from '../../bot/test/support/postgres-cluster';
import { localActivity, localChat } from '../../bot/test/support/local-chat';
import { startServer, type RunningServer } from '../../bot/test/support/server-harness';

// Two instances behind one public URL, on one PostgreSQL: a quota, the probe's cooldown and a download link made on
// one hold on the other (they used to live in each instance's memory).
let cluster: PostgresCluster;
let mx: ExchangeSmtp;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  cluster = await startPostgres();
  mx = await startExchangeSmtp();
  const db = await cluster.createDatabase('dsguard_shared_limits');
  const vars = {
    DATABASE_URL: db,
    ACCEPTED_DOMAINS: 'contoso.com',
    PROBE_MX_HOST: '127.0.0.1',
    PROBE_PORT: String(mx.port),
    RATE_LIMIT_CLASSIFY_PER_MINUTE: '3',
  };
  [a, b] = await Promise.all([startServer(vars, { startOutbox: false }), startServer(vars, { startOutbox: false })]);
}, 120000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await mx?.close();
  cluster?.stop();
});

const classify = (url: string): Promise<Response> =>
  fetch(`${url}/api/classify`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: 'Received: from x\r\nFrom: a@contoso.com\r\n\r\n',
  });

const chat = (url: string, text: string) => localChat(url, localActivity(text));

test('a per-user rate counts requests on both instances', async () => {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5000) await new Promise((r) => setTimeout(r, left + 100));
  for (const url of [a.url, b.url, a.url]) expect((await classify(url)).status).toBe(200);
  expect((await classify(b.url)).status).toBe(429);
  expect((await classify(a.url)).status).toBe(429);
});

test('the SMTP probe runs once per interval across instances', async () => {
  const first = await chat(a.url, 'probe enforced@contoso.com confirm');
  expect(first.some((r) => (r.attachments ?? []).length > 0)).toBe(true);
  const second = await chat(b.url, 'probe enforced@contoso.com confirm');
  expect([strings.probe.rateLimited(59), strings.probe.rateLimited(60)]).toContain(
    second.map((r) => r.text).filter(Boolean)[0],
  );
  expect(mx.commands.filter((c) => c.startsWith('RCPT'))).toHaveLength(1);
});

test('a download link made on one instance is served by the other, until it expires', async () => {
  const token = a.server.downloads.add({
    body: '# plan',
    contentType: 'text/markdown; charset=utf-8',
    filename: 'plan.md',
  });
  const deadline = Date.now() + 5000;
  let res = await fetch(`${b.url}/downloads/${token}`);
  while (res.status === 404 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    res = await fetch(`${b.url}/downloads/${token}`);
  }
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('# plan');
  expect(res.headers.get('content-disposition')).toMatch(/plan\.md/);
  expect((await fetch(`${b.url}/downloads/${token.slice(0, -1)}x`)).status).toBe(404);
});
