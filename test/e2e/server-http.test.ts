import { sourceKeyFor } from '../../bot/src/admin/inventory/source-key';
import { strings as adminStrings } from '../../bot/src/admin/strings';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classify, type Verdict } from '@dsguard/classifier';
import { VERBS } from '../../bot/src/cards/card-types';
import { strings } from '../../bot/src/strings';
import { cardActions, cardTexts } from '../../bot/test/support/core-harness';
import { headerBlockOf, repoRoot, sample } from '../../bot/test/support/fixtures';
import { startLocalBotFramework, type LocalBotFramework } from '../../bot/test/support/bot-framework';
import { localServer, startServer, type LocalServer, type RunningServer } from '../../bot/test/support/server-harness';
import { expectCardShowsVerdict } from '../../bot/test/support/verdict-card-assertions';

const ADMIN = '11111111-1111-4111-8111-111111111111';
const ANN = '22222222-2222-4222-8222-222222222222';
const CHANNEL = '19:security@thread.tacv2';
const spoof = sample('01-spoof-self.eml');
const headers = headerBlockOf(spoof.raw);
const tenantVars = { ACCEPTED_DOMAINS: spoof.tenant.acceptedDomains!.join(',') };

let server: RunningServer;
let connector: LocalServer;
let files: LocalServer;
let activityCounter = 0;
let botFramework: LocalBotFramework;

beforeAll(async () => {
  // Bot Framework connector contract: create activity answers an id, update answers the id.
  connector = await localServer((req, res) => {
    const create = /^\/v3\/conversations\/([^/]+)\/activities$/.exec(req.path);
    const update = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(req.path);
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && create)
      return void res.writeHead(200).end(JSON.stringify({ id: `act-${++activityCounter}` }));
    if (req.method === 'PUT' && update)
      return void res.writeHead(200).end(JSON.stringify({ id: decodeURIComponent(update[2]!) }));
    if (req.method === 'POST' && update)
      return void res.writeHead(200).end(JSON.stringify({ id: `act-${++activityCounter}` }));
    res.writeHead(404).end('{}');
  });
  const eml = readFileSync(path.join(repoRoot, 'samples', '01-spoof-self.eml'));
  files = await localServer((req, res) => {
    if (req.path === '/files/voicemail.eml')
      return void res.writeHead(200, { 'content-type': 'message/rfc822' }).end(eml);
    if (req.path === '/files/huge.eml') return void res.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 'a'));
    res.writeHead(404).end();
  });
  botFramework = await startLocalBotFramework();
  server = await startServer(
    {
      ...tenantVars,
      ...botFramework.vars,
      ADMIN_USER_IDS: ADMIN,
      SECURITY_CHANNEL_ID: CHANNEL,
      MAX_EML_BYTES: String(1024 * 1024),
    },
    { botAuthentication: botFramework.authentication },
  );
});
afterAll(async () => {
  await server?.close();
  await connector?.close();
  await files?.close();
  await botFramework?.close();
});

function activity(
  extra: Record<string, unknown>,
  user = { id: '29:ann', aadObjectId: ANN, name: 'Ann' },
): Record<string, unknown> {
  return {
    type: 'message',
    id: `in-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: user,
    recipient: { id: '28:dsguard', name: 'Direct Send Guard' },
    conversation: { id: 'a:personal-ann', conversationType: 'personal', tenantId: 'tenant-1' },
    deliveryMode: 'expectReplies',
    ...extra,
  };
}

async function post(pathname: string, body: unknown, contentType = 'application/json'): Promise<Response> {
  // The bot endpoint, as Teams calls it: with a Bot Framework token vouching for the (local) connector.
  const auth: Record<string, string> =
    pathname === '/api/messages' ? { authorization: `Bearer ${await botFramework.channelToken(connector.url)}` } : {};
  return fetch(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...auth },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function botReplies(
  extra: Record<string, unknown>,
  user?: { id: string; aadObjectId: string; name: string },
): Promise<{ type: string; text?: string; attachments?: { contentType: string; content: unknown }[] }[]> {
  const res = await post('/api/messages', activity(extra, user));
  expect(res.status).toBe(200);
  return ((await res.json()) as { activities: never[] }).activities;
}

async function invoke(
  name: string,
  value: unknown,
  extra: Record<string, unknown> = {},
  user?: { id: string; aadObjectId: string; name: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await post(
    '/api/messages',
    activity({ type: 'invoke', name, value, deliveryMode: undefined, ...extra }, user),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('POST /api/classify (text/plain and JSON) and the bot show the same verdict', async () => {
  const fromText = (await (await post('/api/classify', spoof.raw, 'text/plain')).json()) as Verdict;
  const fromJson = (await (await post('/api/classify', { headers })).json()) as Verdict;
  const expected = classify(headers, spoof.tenant);
  expect(fromText.verdict).toBe('spoof');
  expect(fromJson).toEqual(expected);
  const [reply] = await botReplies({ text: headers });
  expect(reply?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expectCardShowsVerdict(reply!.attachments![0]!.content, fromJson);
});

test('/api/classify: tenant in the JSON body, and bad input answered with clear errors', async () => {
  const withTenant = (await (
    await post('/api/classify', { headers, tenant: { acceptedDomains: ['other.example'] } })
  ).json()) as Verdict;
  expect(withTenant.verdict).not.toBe('spoof');
  const empty = await post('/api/classify', '', 'text/plain');
  expect(empty.status).toBe(400);
  expect(((await empty.json()) as { error: { code: string } }).error.code).toMatch(/empty|no-headers/);
  const badJson = await post('/api/classify', '{"headers": ', 'application/json');
  expect(badJson.status).toBe(400);
  expect(await badJson.json()).toMatchObject({ error: { code: 'bad-json' } });
  expect((await post('/api/classify', '<x/>', 'application/xml')).status).toBe(415);
  expect((await post('/api/classify', { headers: 42 })).status).toBe(400);
});

test('.eml attachment: the bot downloads it from downloadUrl (size-limited) and answers a verdict card', async () => {
  const fileInfo = (name: string) => ({
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    name,
    content: { downloadUrl: `${files.url}/files/${name}`, uniqueId: 'x', fileType: 'eml' },
  });
  const [card] = await botReplies({ text: '', attachments: [fileInfo('voicemail.eml')] });
  expectCardShowsVerdict(card!.attachments![0]!.content, classify(headers, spoof.tenant));
  expect(cardTexts(card!.attachments![0]!.content).some((t) => t.startsWith('Subject:'))).toBe(true);
  const [tooBig] = await botReplies({ text: '', attachments: [fileInfo('huge.eml')] });
  expect(tooBig?.text).toBe(strings.attachmentTooLarge(1024 * 1024));
});

test('help, unknown input and admin refusal over HTTP', async () => {
  expect((await botReplies({ text: 'help' }))[0]?.text).toBe(strings.help(false));
  expect((await botReplies({ text: 'hmm?' }))[0]?.text).toBe(strings.unsure(['help', 'check', 'reports']));
  expect((await botReplies({ text: 'readiness' }))[0]?.text).toBe(strings.adminOnly('readiness'));
  expect((await botReplies({ text: 'probe' }, { id: '29:sec', aadObjectId: ADMIN, name: 'Sec' }))[0]?.text).toBe(
    strings.probe.usage,
  );
});

test('Action.Execute "Report to security": invoke response card, card updated through the connector, security channel gets a card whose buttons update it', async () => {
  // The bot sees the security channel once (e.g. installed there) and keeps its conversation reference.
  await botReplies({
    text: 'help',
    conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
    channelData: { channel: { id: CHANNEL } },
  });

  const [checked] = await botReplies({ text: headers });
  const reportAction = cardActions(checked!.attachments![0]!.content).find((a) => a.verb === VERBS.report)!;
  const executed = await invoke(
    'adaptiveCard/action',
    { action: { type: 'Action.Execute', verb: VERBS.report, data: reportAction.data } },
    { replyToId: 'card-msg-1' },
  );
  expect(executed.status).toBe(200);
  expect(executed.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  expect(cardTexts(executed.body.value).some((t) => t.startsWith('Thanks: your report'))).toBe(true);
  expect(
    connector.requests.some(
      (r) => r.method === 'PUT' && r.path === '/v3/conversations/a%3Apersonal-ann/activities/card-msg-1',
    ),
  ).toBe(true);

  // The outbox posts the security card to the channel (proactive message with the stored reference).
  const channelPath = `/v3/conversations/${encodeURIComponent(CHANNEL)}/activities`;
  const deadline = Date.now() + 5000;
  while (!connector.requests.some((r) => r.method === 'POST' && r.path === channelPath) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 25));
  const posted = connector.requests.find((r) => r.method === 'POST' && r.path === channelPath);
  if (!posted)
    throw new Error(
      `no channel post; outbox: ${JSON.stringify(await server.server.db.query('SELECT kind, attempts, last_error FROM outbox'))}; requests: ${connector.requests.map((r) => r.method + ' ' + r.path).join(', ')}`,
    );
  const securityCard = (JSON.parse(posted.body) as { attachments: { content: unknown }[] }).attachments[0]!.content;
  expect(cardTexts(securityCard)).toContain(strings.securityReportedBy('Ann'));
  const confirm = cardActions(securityCard).find((a) => a.verb === VERBS.confirm)!;

  const channelInvoke = {
    conversation: { id: `${CHANNEL};messageid=act-1`, conversationType: 'channel', isGroup: true },
    replyToId: 'sec-card-1',
  };
  const denied = await invoke(
    'adaptiveCard/action',
    { action: { type: 'Action.Execute', verb: VERBS.confirm, data: confirm.data } },
    channelInvoke,
  );
  expect(denied.body).toMatchObject({
    type: 'application/vnd.microsoft.activity.message',
    value: strings.securityActionDenied,
  });
  const confirmed = await invoke(
    'adaptiveCard/action',
    { action: { type: 'Action.Execute', verb: VERBS.confirm, data: confirm.data } },
    channelInvoke,
    { id: '29:sec', aadObjectId: ADMIN, name: 'Sec' },
  );
  expect(cardTexts(confirmed.body.value)).toContain(strings.securityStatus('Confirmed spoof', 'Sec'));
  const update = connector.requests
    .filter((r) => r.method === 'PUT' && r.path.endsWith('/activities/sec-card-1'))
    .at(-1)!;
  expect(
    cardTexts((JSON.parse(update.body) as { attachments: { content: unknown }[] }).attachments[0]!.content),
  ).toContain(strings.securityStatus('Confirmed spoof', 'Sec'));

  const added = await invoke(
    'adaptiveCard/action',
    { action: { type: 'Action.Execute', verb: VERBS.addKnownSender, data: confirm.data } },
    channelInvoke,
    { id: '29:sec', aadObjectId: ADMIN, name: 'Sec' },
  );
  // The report's headers could have been pasted by anyone: its source is not trusted until message trace shows it.
  expect(added.status).toBe(200);
  const reportedIp = classify(headers, spoof.tenant).facts.connectingIp!;
  expect(JSON.stringify(added.body)).toContain(
    JSON.stringify(adminStrings.approveUnverified(sourceKeyFor(reportedIp).key)).slice(1, -1),
  );
  const context = (await (await fetch(`${server.url}/api/tenant-context`)).json()) as {
    knownSenders: { ips?: string[] }[];
  };
  expect(context.knownSenders.some((s) => s.ips?.includes(reportedIp))).toBe(false);
});

test('message action over HTTP: fetchTask task module, submitAction files a report', async () => {
  const messagePayload = {
    id: '1699999999999',
    body: { contentType: 'html', content: '<p>Please approve the invoice</p>' },
    from: { user: { displayName: 'Mallory' } },
    linkToMessage: 'https://teams.microsoft.com/l/message/2',
  };
  const fetched = await invoke('composeExtension/fetchTask', {
    commandId: 'reportMessage',
    commandContext: 'message',
    messagePayload,
  });
  expect(fetched).toMatchObject({
    status: 200,
    body: { task: { type: 'continue', value: { title: strings.messageActionTitle } } },
  });
  const submitted = await invoke('composeExtension/submitAction', {
    commandId: 'reportMessage',
    commandContext: 'message',
    messagePayload,
    data: { note: 'odd' },
  });
  expect(submitted.body).toMatchObject({ task: { type: 'message' } });
  expect(String((submitted.body.task as { value: string }).value)).toMatch(/^Thanks: your report/);
});

test('POST /api/reports: 201 new, 200 duplicate (same clientReportId or same message from the same reporter), 400 bad input, 413 too large', async () => {
  const body = {
    clientReportId: '5a5a5a5a-0000-4000-8000-000000000001',
    headers,
    verdict: { verdict: 'spoof' },
    source: 'addin',
    note: 'n',
    eml: Buffer.from(spoof.raw).toString('base64'),
  };
  // Local mode: the loopback caller is the local user, who reported nothing yet via the add-in.
  const first = await post('/api/reports', body);
  expect(first.status).toBe(201);
  const created = (await first.json()) as { id: string; status: string; duplicate: boolean };
  expect(created).toMatchObject({ status: 'new', duplicate: false });
  const again = await post('/api/reports', body);
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual({ id: created.id, status: 'new', duplicate: true });
  const sameMessage = await post('/api/reports', { ...body, clientReportId: '5a5a5a5a-0000-4000-8000-000000000002' });
  expect(await sameMessage.json()).toMatchObject({ id: created.id, duplicate: true });

  expect((await post('/api/reports', { ...body, clientReportId: 'nope' })).status).toBe(400);
  expect((await post('/api/reports', { ...body, source: 'fax' })).status).toBe(400);
  const noHeaders = await post('/api/reports', {
    ...body,
    clientReportId: '5a5a5a5a-0000-4000-8000-000000000003',
    headers: 'hello',
  });
  expect(noHeaders.status).toBe(400);
  expect(((await noHeaders.json()) as { error: { message: string } }).error.message).toMatch(/^headers: /);
  const tooBig = await post('/api/reports', {
    ...body,
    clientReportId: '5a5a5a5a-0000-4000-8000-000000000004',
    eml: 'A'.repeat(2 * 1024 * 1024),
  });
  expect(tooBig.status).toBe(413);

  const list = (await (await fetch(`${server.url}/api/reports`)).json()) as {
    reports: { id: string; hasEml: boolean; verdict: string }[];
  };
  // The server's own classification (with the tenant's known senders), not the client's claim.
  const serverVerdict = (await (await post('/api/classify', { headers })).json()) as Verdict;
  expect(list.reports.find((r) => r.id === created.id)).toMatchObject({ hasEml: true, verdict: serverVerdict.verdict });
});

test('static: /addin/ explains a missing build; the well-known file lists the report handler; unknown API paths are JSON 404s', async () => {
  const addin = await fetch(`${server.url}/addin/taskpane.html`);
  expect(addin.status).toBe(503);
  expect(await addin.text()).toMatch(/has not been built yet/);
  const wellKnown = (await (await fetch(`${server.url}/.well-known/microsoft-officeaddins-allowed.json`)).json()) as {
    allowed: string[];
  };
  expect(wellKnown.allowed).toContain('https://localhost:0/addin/report.js');
  const missing = await fetch(`${server.url}/api/nothing`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } });
});

test('with a bot app id configured, /api/messages refuses unauthenticated requests with 401', async () => {
  const authed = await startServer(
    { BOT_ID: '33333333-3333-4333-8333-333333333333', BOT_PASSWORD: 'secret' },
    { startOutbox: false },
  );
  try {
    const res = await fetch(`${authed.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity({ text: 'help' })),
    });
    expect(res.status).toBe(401);
    const forged = await fetch(`${authed.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' },
      body: JSON.stringify(activity({ text: 'help' })),
    });
    expect(forged.status).toBe(401);
  } finally {
    await authed.close();
  }
});
