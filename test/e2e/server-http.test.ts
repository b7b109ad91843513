import { sourceKeyFor } from '../../bot/src/admin/inventory/source-key';
import { strings as adminStrings } from '../../bot/src/admin/strings';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classify, type Verdict } from '@dsguard/classifier';
import { VERBS } from '../../bot/src/cards/card-types';
import { strings } from '../../bot/src/strings';
import { cardActions, cardTexts } from '../../bot/test/support/core-harness';
import { headerBlockOf, repoRoot, sample } from '../../bot/test/support/fixtures';
import { startServer } from '../../bot/test/support/server-harness';
import { expectCardShowsVerdict } from '../../bot/test/support/verdict-card-assertions';
import { startFileServer, type FileServer } from './support/file-server';
import { startServerInTeams, type ServerInTeams } from './support/local-teams';
import {
  admin,
  ADMIN,
  ann,
  ANN,
  fileAttachment,
  teamsActivity,
  teamsInvoke,
  teamsTurn,
  type TeamsEndpoint,
} from './support/teams-turn';
import { waitFor } from './support/wait-for';

const CHANNEL = '19:security@thread.tacv2';
const spoof = sample('01-spoof-self.eml');
const headers = headerBlockOf(spoof.raw);
const tenantVars = { ACCEPTED_DOMAINS: spoof.tenant.acceptedDomains!.join(',') };

const sec = admin;

let server: ServerInTeams;
let files: FileServer;

beforeAll(async () => {
  files = await startFileServer({
    'voicemail.eml': {
      type: 'message/rfc822',
      body: readFileSync(path.join(repoRoot, 'samples', '01-spoof-self.eml')),
    },
    'huge.eml': { body: Buffer.alloc(2 * 1024 * 1024, 'a') },
  });
  server = await startServerInTeams({
    ...tenantVars,
    ADMIN_USER_IDS: ADMIN,
    SECURITY_CHANNEL_ID: CHANNEL,
    MAX_EML_BYTES: String(1024 * 1024),
  });
});
afterAll(async () => {
  await server?.close();
  await files?.close();
});

const to = (): TeamsEndpoint => server.endpoint('tenant-1');

async function post(pathname: string, body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const botReplies = (extra: Record<string, unknown>, user = ann) => teamsTurn(to(), user, extra);
const invoke = (name: string, value: unknown, extra: Record<string, unknown> = {}, user = ann) =>
  teamsInvoke(to(), user, name, value, extra);

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
  const fileInfo = (name: string) => fileAttachment(name, files.fileUrl(name), 'eml');
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
  expect((await botReplies({ text: 'probe' }, sec))[0]?.text).toBe(strings.probe.usage);
});

test('Action.Execute "Report to security": invoke response card, card updated through the connector, security channel gets a card whose buttons update it', async () => {
  // The bot sees the security channel once (e.g. installed there) and keeps its conversation reference.
  await botReplies({
    text: 'help',
    conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
    channelData: { channel: { id: CHANNEL } },
  });

  const [checked] = await botReplies({ text: headers });
  // Teams shows the turn's reply in Ann's chat as a message of its own id; the report button is pressed on it.
  const annsChat = `a:personal-${ANN}`;
  server.teams.connector.seed(annsChat, { ...checked!, id: 'card-msg-1' });
  const reportAction = cardActions(checked!.attachments![0]!.content).find((a) => a.verb === VERBS.report)!;
  const executed = await invoke(
    'adaptiveCard/action',
    { action: { type: 'Action.Execute', verb: VERBS.report, data: reportAction.data } },
    { replyToId: 'card-msg-1' },
  );
  expect(executed.status).toBe(200);
  expect(executed.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  expect(cardTexts(executed.body.value).some((t) => t.startsWith('Thanks: your report'))).toBe(true);
  expect(server.teams.connector.accepted().filter((a) => a.method === 'PUT')).toEqual([
    expect.objectContaining({ conversationId: annsChat, activityId: 'card-msg-1' }),
  ]);
  expect(
    cardTexts(server.teams.connector.card(annsChat, 'card-msg-1')).some((t) => t.startsWith('Thanks: your report')),
  ).toBe(true);

  // The outbox posts the security card to the channel (proactive message with the stored reference).
  const channelPost = () =>
    server.teams.connector.accepted().find((a) => a.method === 'POST' && a.conversationId === CHANNEL);
  const posted = await waitFor('the security card in the channel', channelPost, 5000).catch(async (e: Error) => {
    const outbox = await server.server.db.query('SELECT kind, attempts, last_error FROM outbox');
    throw new Error(
      `${e.message}; outbox: ${JSON.stringify(outbox)}; requests: ${JSON.stringify(server.teams.connector.requests)}`,
    );
  });
  const securityCard = posted.body.attachments![0]!.content;
  expect(cardTexts(securityCard)).toContain(strings.securityReportedBy('Ann'));
  const confirm = cardActions(securityCard).find((a) => a.verb === VERBS.confirm)!;

  // The buttons are pressed on the card the bot posted: its thread, its id.
  const channelInvoke = {
    conversation: { id: `${CHANNEL};messageid=${posted.activityId}`, conversationType: 'channel', isGroup: true },
    replyToId: posted.activityId,
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
    sec,
  );
  expect(cardTexts(confirmed.body.value)).toContain(strings.securityStatus('Confirmed spoof', 'Sec'));
  expect(
    server.teams.connector.accepted().filter((a) => a.method === 'PUT' && a.activityId === posted.activityId),
  ).toHaveLength(1);
  expect(cardTexts(server.teams.connector.card(CHANNEL, posted.activityId))).toContain(
    strings.securityStatus('Confirmed spoof', 'Sec'),
  );

  const added = await invoke(
    'adaptiveCard/action',
    { action: { type: 'Action.Execute', verb: VERBS.addKnownSender, data: confirm.data } },
    channelInvoke,
    sec,
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
      body: JSON.stringify(teamsActivity(to(), ann, { text: 'help' })),
    });
    expect(res.status).toBe(401);
    const forged = await fetch(`${authed.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' },
      body: JSON.stringify(teamsActivity(to(), ann, { text: 'help' })),
    });
    expect(forged.status).toBe(401);
  } finally {
    await authed.close();
  }
});
