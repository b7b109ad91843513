import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUMMARY_COLUMNS } from '../../bot/src/admin/trace/trace-formats';
import { READINESS_CSV_COLUMNS } from '../../bot/src/admin/readiness/render-csv';
import { INVENTORY_CSV_COLUMNS } from '../../bot/src/admin/inventory/source-json';
import { VERBS } from '../../bot/src/cards/card-types';
import { strings } from '../../bot/src/strings';
import { cardTexts } from '../../bot/test/support/core-harness';
import { startEntraIssuer } from '../../bot/test/support/entra-issuer';
import { repoRoot } from '../../bot/test/support/fixtures';
import { startServer } from '../../bot/test/support/server-harness';
import { startFileServer, type FileServer } from './support/file-server';
import { startServerInTeams, type ServerInTeams } from './support/local-teams';
import { APP, startContosoTenant, TENANT, type MicrosoftTenant } from './support/microsoft-tenant';
import {
  admin,
  ADMIN,
  ann,
  ANN,
  cardIn,
  fileAttachment,
  postActivity,
  pressButton,
  teamsActivity,
  teamsTurn,
  type Activity,
  type TeamsEndpoint,
} from './support/teams-turn';
import { waitFor } from './support/wait-for';

const traceCsv = [
  SUMMARY_COLUMNS.join(','),
  '2026-06-02T08:15:00Z,scanner@contoso.com,"alice@contoso.com##Receive, Deliver",Scanned from MX-3071,40211,<a1@contoso.com>,1f0e7c1a-0000-4000-8000-000000000001,198.51.100.20,Incoming,,Normal',
  '2026-06-03T08:15:00Z,scanner@contoso.com,"bob@contoso.com##Receive, Deliver",Scanned from MX-3071,40211,<a2@contoso.com>,1f0e7c1a-0000-4000-8000-000000000002,198.51.100.21,Incoming,,Normal',
  '2026-06-02T09:00:00Z,erp@contoso.com,"ap@contoso.com##Receive, Deliver",Invoice run finished,1200,<a3@x>,1f0e7c1a-0000-4000-8000-000000000003,192.0.2.40,Incoming,,Normal',
  '2026-06-02T10:00:00Z,only,three',
].join('\r\n');

let server: ServerInTeams;
let files: FileServer;
let tenant: MicrosoftTenant;

beforeAll(async () => {
  files = await startFileServer({
    'trace.csv': { type: 'text/csv', body: traceCsv },
    'slow.csv': (res) => {
      // Slower than a turn may take: the first bytes now, the rest after a while.
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write(`${SUMMARY_COLUMNS.join(',')}\r\n`);
      const rest = traceCsv
        .replace(/\r\n(?:.*,only,three)$/, '')
        .split('\r\n')
        .slice(1)
        .map((l) => l.replace('2026-06', '2026-07'))
        .join('\r\n');
      // Longer than the progress card's 2 s update interval, so that it is updated before the summary.
      setTimeout(() => res.end(`${rest}\r\n`), 3000);
    },
    'big.csv': { type: 'text/csv', body: Buffer.alloc(64 * 1024, 'a') },
  });
  tenant = await startContosoTenant();
  server = await startServerInTeams(
    {
      ...tenant.vars,
      ADMIN_USER_IDS: ADMIN,
      ACCEPTED_DOMAINS: 'contoso.com',
      MAX_TRACE_BYTES: String(32 * 1024),
      PUBLIC_URL: 'https://dsguard.example.com',
    },
    { startOutbox: false },
  );
});
afterAll(async () => {
  await server?.close();
  await files?.close();
  await tenant?.close();
});

const to = (): TeamsEndpoint => server.endpoint(TENANT);
const bot = (extra: Record<string, unknown>, user = admin): Promise<Activity[]> => teamsTurn(to(), user, extra);
const fileInfo = (name: string) => fileAttachment(name, files.fileUrl(name));

test('Teams: an admin imports a trace CSV (typing, then a summary card), lists the inventory, approves a source that then feeds /api/tenant-context', async () => {
  const imported = await bot({ text: 'import', attachments: [fileInfo('trace.csv')] });
  expect(imported[0]?.type).toBe('typing');
  const summary = cardTexts(cardIn(imported));
  expect(summary).toEqual(
    expect.arrayContaining([
      strings.admin.importTitle('trace.csv'),
      `${strings.admin.importFacts.rows}: 4`,
      `${strings.admin.importFacts.sources}: 2`,
      `${strings.admin.importFacts.skipped}: 1`,
    ]),
  );
  expect(summary.some((t) => t.startsWith('- Line 5: '))).toBe(true);
  expect((await bot({ text: '', attachments: [fileInfo('big.csv')] }))[1]?.text).toBe(
    strings.admin.importTooLarge(32 * 1024),
  );

  expect((await bot({ text: 'inventory' }, ann))[0]?.text).toBe(strings.adminOnly('inventory'));
  const list = cardIn(await bot({ text: 'inventory' }));
  expect(cardTexts(list)).toEqual(
    expect.arrayContaining([strings.admin.inventoryTitle(2, false, ''), '198.51.100.0/24', '192.0.2.0/24']),
  );

  const approved = cardIn(await bot({ text: 'approve 198.51.100.20 Scanner 3rd floor' }));
  expect(cardTexts(approved)).toContain(strings.admin.actionDone.approve!('Scanner 3rd floor'));
  const context = (await (await fetch(`${server.url}/api/tenant-context`)).json()) as { knownSenders: unknown[] };
  expect(context.knownSenders).toContainEqual({
    name: 'Scanner 3rd floor',
    ips: ['198.51.100.20', '198.51.100.21'],
    addresses: ['scanner@contoso.com'],
  });

  // A card button over HTTP: Action.Execute invoke, answered with the refreshed card.
  const invoked = await pressButton(to(), admin, VERBS.sourceMigrate, { sourceKey: '192.0.2.0/24', list: '10' });
  expect(invoked.status).toBe(200);
  expect(invoked.body.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(cardTexts(invoked.body.value)).toContain(strings.admin.actionDone['mark-to-migrate']!('192.0.2.0/24'));
});

test('GET /api/inventory: JSON list, CSV export, filters, bad input', async () => {
  const json = (await (await fetch(`${server.url}/api/inventory`)).json()) as {
    sources: { ip: string; status: string; name: string | null; senders: string[]; category: string }[];
  };
  expect(json.sources.map((s) => s.ip)).toEqual(['198.51.100.0/24', '192.0.2.0/24']);
  expect(json.sources[0]).toMatchObject({
    status: 'approved',
    name: 'Scanner 3rd floor',
    senders: ['scanner@contoso.com'],
    category: 'device',
  });
  const approved = (await (await fetch(`${server.url}/api/inventory?status=approved`)).json()) as {
    sources: unknown[];
  };
  expect(approved.sources).toHaveLength(1);
  const csv = await fetch(`${server.url}/api/inventory?format=csv`);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="direct-send-inventory.csv"/);
  const lines = (await csv.text()).trimEnd().split('\r\n');
  expect(lines[0]).toBe(INVENTORY_CSV_COLUMNS.join(','));
  expect(lines[1]).toMatch(
    /^198\.51\.100\.0\/24,Scanner 3rd floor,device,approved,Sec \(11111111-1111-4111-8111-111111111111\),/,
  );
  expect(lines).toHaveLength(3);
  expect((await fetch(`${server.url}/api/inventory?status=bogus`)).status).toBe(400);
  expect((await fetch(`${server.url}/api/inventory?limit=0`)).status).toBe(400);
});

test('readiness: the bot card from the configured tenant; GET /api/readiness as Markdown and CSV; POST /api/readiness from a snapshot', async () => {
  const card = cardIn(await bot({ text: 'readiness' }));
  const texts = cardTexts(card);
  expect(texts[0]).toBe('RejectDirectSend: not ready');
  expect(texts).toContain('Scanner 3rd floor (198.51.100.0/24): covered: Scanner (ip)');
  // The buttons open short-lived download links (no bearer token needed: a browser opened from Teams has none).
  const [mdLink, csvLink] = (card as { actions: { url: string }[] }).actions.map((a) => a.url);
  expect(mdLink).toMatch(/^https:\/\/dsguard\.example\.com\/downloads\/[A-Za-z0-9_-]{43}$/);
  const mdDownload = await fetch(mdLink!.replace('https://dsguard.example.com', server.url));
  expect(mdDownload.status).toBe(200);
  expect(mdDownload.headers.get('content-disposition')).toMatch(/filename="rejectdirectsend-readiness.md"/);
  expect(await mdDownload.text()).toMatch(/^# RejectDirectSend readiness: contoso\.onmicrosoft\.com/);
  expect(await (await fetch(csvLink!.replace('https://dsguard.example.com', server.url))).text()).toMatch(
    /^source,name,ips,/,
  );
  const forged = await fetch(`${server.url}/downloads/${'A'.repeat(43)}`);
  expect(forged.status).toBe(404);
  expect(await forged.json()).toMatchObject({ error: { code: 'link-expired' } });

  const md = await fetch(`${server.url}/api/readiness?format=md`);
  expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
  expect(await md.text()).toMatch(/^# RejectDirectSend readiness: contoso\.onmicrosoft\.com\n\n\*\*Not ready\.\*\*/);
  const csv = await fetch(`${server.url}/api/readiness?format=csv`);
  const csvLines = (await csv.text()).trimEnd().split('\r\n');
  expect(csvLines[0]).toBe(READINESS_CSV_COLUMNS.join(','));
  expect(csvLines.some((l) => l.startsWith('198.51.100.0/24,Scanner 3rd floor,'))).toBe(true);
  const model = (await (await fetch(`${server.url}/api/readiness`)).json()) as {
    ready: boolean;
    card: { title: string };
  };
  expect(model).toMatchObject({ ready: false, card: { title: 'RejectDirectSend: not ready' } });
  expect((await fetch(`${server.url}/api/readiness?format=pdf`)).status).toBe(400);

  const snapshot = readFileSync(path.join(repoRoot, 'bot', 'src', 'admin', 'examples', 'tenant-snapshot.json'), 'utf8');
  const posted = await fetch(`${server.url}/api/readiness`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: snapshot,
  });
  expect(posted.status).toBe(200);
  const result = (await posted.json()) as {
    ready: boolean;
    sources: unknown[];
    plan: unknown[];
    card: { title: string; facts: unknown[] };
  };
  expect(result.ready).toBe(false);
  expect(result.card.title).toBe('RejectDirectSend: not ready');
  expect(result.plan.length).toBeGreaterThan(0);
  const postedMd = await fetch(`${server.url}/api/readiness?format=md`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: snapshot,
  });
  expect(await postedMd.text()).toMatch(/^# RejectDirectSend readiness/);
  const bad = await fetch(`${server.url}/api/readiness`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version: 2 }),
  });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ error: { code: 'bad-snapshot' } });
  expect(
    (
      await fetch(`${server.url}/api/readiness`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: snapshot,
      })
    ).status,
  ).toBe(415);
});

test('with Entra configured, the inventory and readiness APIs are for admins only; an unconfigured tenant is a clear 409', async () => {
  const issuer = await startEntraIssuer(TENANT, APP);
  const entra = await startServer(
    { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: APP, ENTRA_AUTHORITY_HOST: issuer.url, ADMIN_USER_IDS: ADMIN },
    { startOutbox: false },
  );
  try {
    const call = async (oid: string, method: string, pathname: string, body?: string): Promise<Response> =>
      fetch(`${entra.url}${pathname}`, {
        method,
        headers: { authorization: `Bearer ${await issuer.token(oid)}`, 'content-type': 'application/json' },
        ...(body ? { body } : {}),
      });
    const snapshot = readFileSync(
      path.join(repoRoot, 'bot', 'src', 'admin', 'examples', 'tenant-snapshot.json'),
      'utf8',
    );
    for (const [method, pathname, body] of [
      ['GET', '/api/inventory'],
      ['GET', '/api/inventory?format=csv'],
      ['GET', '/api/readiness'],
      ['POST', '/api/readiness', snapshot],
    ] as const) {
      const refused = await call(ANN, method, pathname, body);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect((await call(ADMIN, 'GET', '/api/inventory')).status).toBe(200);
    expect((await call(ADMIN, 'POST', '/api/readiness', snapshot)).status).toBe(200);
    const unconfigured = await call(ADMIN, 'GET', '/api/readiness');
    expect(unconfigured.status).toBe(409);
    expect(await unconfigured.json()).toMatchObject({ error: { code: 'tenant-not-configured' } });
    expect((await fetch(`${entra.url}/api/inventory`)).status).toBe(401);
  } finally {
    await entra.close();
    await issuer.close();
  }
});

test('Teams (normal delivery): the import turn answers at once; typing and a progress card follow through the connector, the card is updated, then replaced by the summary', async () => {
  const conversation = `a:personal-slow-${ADMIN}`;
  const started = Date.now();
  const res = await postActivity(
    to(),
    teamsActivity(to(), admin, {
      id: 'in-slow-1',
      conversation: { id: conversation, conversationType: 'personal', tenantId: TENANT },
      deliveryMode: undefined,
      text: 'import',
      attachments: [fileInfo('slow.csv')],
    }),
  );
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(1500);
  const inConversation = () => server.teams.connector.accepted().filter((a) => a.conversationId === conversation);
  const posted = () => inConversation().filter((a) => a.method === 'POST');
  // Updates of the progress card are PUTs to the id the connector gave the card when it was posted.
  const updates = () => inConversation().filter((a) => a.method === 'PUT');
  await waitFor(
    'the summary in place of the progress card',
    () => updates().some((u) => JSON.stringify(u.body).includes(strings.admin.importTitle('slow.csv'))),
    10_000,
  );
  expect(posted()[0]?.body.type).toBe('typing');
  const cards = posted().filter((a) => a.body.attachments?.length);
  expect(cards).toHaveLength(1);
  expect(cardTexts(cards[0]?.body.attachments?.[0]?.content)).toEqual(
    expect.arrayContaining([strings.admin.importProgressTitle('slow.csv'), strings.admin.importProgressRows(0)]),
  );
  const progressCard = cards[0]!.activityId;
  const updated = updates();
  expect(updated.length).toBeGreaterThanOrEqual(2);
  expect(updated.every((u) => u.activityId === progressCard && u.body.id === progressCard)).toBe(true);
  expect(cardTexts(updated[0]?.body.attachments?.[0]?.content)).toEqual(
    expect.arrayContaining([strings.admin.importProgressTitle('slow.csv')]),
  );
  const summary = expect.arrayContaining([
    strings.admin.importTitle('slow.csv'),
    `${strings.admin.importFacts.rows}: 3`,
  ]);
  expect(cardTexts(updated.at(-1)?.body.attachments?.[0]?.content)).toEqual(summary);
  expect(cardTexts(server.teams.connector.card(conversation, progressCard))).toEqual(summary);
});

test("Teams: an admin pulls the inventory from Graph message trace with the server's app credentials", async () => {
  const now = Date.now();
  tenant.microsoft.state.traces = [0, 1, 2].map((i) => ({
    id: `g${i}`,
    senderAddress: 'copier@contoso.com',
    recipientAddress: 'alice@contoso.com',
    subject: `Scan ${i}`,
    receivedDateTime: new Date(now - (i + 1) * 3_600_000).toISOString(),
    fromIP: '203.0.113.7',
    status: 'Delivered',
  }));
  expect((await bot({ text: 'import graph 5' }, ann))[0]?.text).toBe(strings.adminOnly('import'));
  const pulled = await bot({ text: 'import graph 5' });
  expect(pulled[0]?.type).toBe('typing');
  const texts = cardTexts(cardIn(pulled));
  expect(texts[0]).toMatch(/^Pulled Graph message trace \d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d$/);
  expect(texts).toEqual(
    expect.arrayContaining([`${strings.admin.importFacts.rows}: 3`, `${strings.admin.importFacts.sources}: 1`]),
  );
  const call = tenant.microsoft.state.requests.find((r) =>
    r.path.startsWith('/graph/v1.0/admin/exchange/tracing/messageTraces'),
  );
  expect(decodeURIComponent(call?.path ?? '')).toMatch(/receivedDateTime ge .* and receivedDateTime le /);
  const inventory = (await (await fetch(`${server.url}/api/inventory`)).json()) as
    { sources: { key: string }[] } | { key: string }[];
  expect(JSON.stringify(inventory)).toContain('203.0.113.0/24');
});
