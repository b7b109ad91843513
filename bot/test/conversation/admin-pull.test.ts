import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteInventoryStore } from '../../src/admin/inventory/sqlite-inventory-store';
import { importCommand, type ImportCommandDeps } from '../../src/conversation/admin/import-command';
import { ImportProgress } from '../../src/conversation/admin/import-progress';
import type {
  AdminCommand,
  BotOutput,
  BotReply,
  BotUser,
  ProgressMessage,
  TurnIo,
  WorkIo,
} from '../../src/conversation/bot-types';
import { silentLogger } from '../../src/log/logger';
import { TENANT_VARIABLES } from '../../src/admin/readiness/tenant-readiness';
import { strings } from '../../src/strings';
import { startContractServer, type ContractServer } from '../admin/servers/microsoft-contract-server';
import { cardProblems } from '../support/card-schema';
import { cardTexts, coreHarness, type CoreHarness } from '../support/core-harness';

const DAY = 86_400_000;
const ann: BotUser = { id: 'aad-ann', name: 'Ann', isAdmin: false };
const sec: BotUser = { id: 'aad-sec', name: 'Sec', isAdmin: true };

let server: ContractServer;
let store: SqliteInventoryStore;
let h: CoreHarness;

/** A Teams-like io: long work runs inline, with a progress message whose updates are recorded. */
function recordingIo() {
  const posted: BotReply[] = [];
  const updates: BotReply[] = [];
  let typing = 0;
  const work: WorkIo = {
    typing: async () => void (typing += 1),
    progress: async (reply) => {
      posted.push(reply);
      return { update: async (next) => (updates.push(next), true) };
    },
  };
  const io: TurnIo = { ...work, runLong: (long) => long(work) };
  return { io, posted, updates, typings: () => typing };
}

async function harness(deps: Partial<ImportCommandDeps> = {}, acceptedDomains = ['contoso.com']) {
  store = new SqliteInventoryStore(':memory:');
  // The map is filled after the harness exists: the pull reads the reports and checks of the harness's database.
  const commands = new Map<string, AdminCommand>();
  h = await coreHarness({ acceptedDomains, adminCommands: commands });
  commands.set(
    'import',
    importCommand({
      inventory: store,
      open: async () => ({ ok: false, reason: 'failed' }),
      acceptedDomains,
      maxBytes: 1024 * 1024,
      timeoutMs: 5000,
      logger: silentLogger,
      pull: {
        tenant: { tenantId: 'tenant-1', clientId: 'app-id', clientSecret: 'app-secret', authorityHost: server.url },
        graphUrl: `${server.url}/graph/v1.0`,
        verdicts: h.db,
        sleep: async () => undefined,
      },
      ...deps,
    }),
  );
}

const say = (text: string, user = sec, io?: TurnIo): Promise<BotOutput> =>
  h.core.handle({ kind: 'message', text, files: [] }, user, io);
const textOf = (out: BotOutput): string => {
  const reply = out.replies[0];
  return reply && 'text' in reply ? reply.text : '';
};

beforeEach(async () => {
  const now = Date.now();
  server = await startContractServer({
    traces: Array.from({ length: 12 }, (_, i) => ({
      id: `t${i}`,
      senderAddress: 'scanner@contoso.com',
      recipientAddress: 'alice@contoso.com',
      subject: `Scan ${i}`,
      receivedDateTime: new Date(now - (i * 2 + 0.5) * DAY).toISOString(),
      fromIP: '198.51.100.20',
      status: 'Delivered',
    })),
    huntingRows: [
      {
        Timestamp: new Date(now - DAY).toISOString(),
        NetworkMessageId: 'n1',
        SenderMailFromAddress: 'ceo@contoso.com',
        SenderFromAddress: 'ceo@contoso.com',
        RecipientEmailAddress: 'bob@contoso.com',
        SenderIPv4: '192.0.2.66',
      },
    ],
  });
});
afterEach(async () => {
  await server.close();
  await store.close();
});

test('import graph: admins only; a progress card, updated per 10-day window, replaced by the summary', async () => {
  await harness({ progress: { everyMs: 0 } });
  expect(textOf(await say('import graph', ann))).toBe(strings.adminOnly('import'));
  const { io, posted, updates, typings } = recordingIo();
  const out = await say('import graph 25', sec, io);
  expect(out.replies).toEqual([]);
  expect(typings()).toBeGreaterThanOrEqual(1);
  expect(cardTexts((posted[0] as { card: unknown }).card)).toEqual(
    expect.arrayContaining([
      strings.admin.importProgressTitle('Graph message trace'),
      strings.admin.importProgressRows(0),
    ]),
  );
  const texts = updates.map((u) => cardTexts((u as { card: unknown }).card).join(' | '));
  expect(texts.some((t) => t.includes(strings.admin.pullStep(1, 3)))).toBe(true);
  expect(texts.at(-1)).toContain(`${strings.admin.importFacts.rows}: 12`);
  expect(texts.at(-1)).toContain(`${strings.admin.importFacts.messages}: 12`);
  for (const update of updates) expect(cardProblems((update as { card: unknown }).card)).toEqual([]);
  expect((await store.listSources()).map((s) => [s.key, s.messages])).toEqual([['198.51.100.0/24', 12]]);
  expect((await store.listImports())[0]).toMatchObject({ kind: 'graph-trace', actor: 'Sec (aad-sec)' });
});

test('without progress messages (expectReplies) the summary card is the answer', async () => {
  await harness();
  const out = await say('import defender 7');
  expect(cardTexts((out.replies[0] as { card: unknown }).card)).toEqual(
    expect.arrayContaining([`${strings.admin.importFacts.rows}: 1`]),
  );
  expect(server.state.requests.some((r) => r.path === '/graph/v1.0/security/runHuntingQuery')).toBe(true);
});

test('not configured, no accepted domains, bad days: a clear answer and nothing called', async () => {
  await harness({ pull: { verdicts: (await coreHarness()).db } });
  expect(textOf(await say('import graph'))).toBe(strings.admin.pullNotConfigured('graph', TENANT_VARIABLES));
  expect(textOf(await say('import defender'))).toBe(strings.admin.pullNotConfigured('defender', TENANT_VARIABLES));
  expect(textOf(await say('import graph'))).toContain('DSGUARD_CLIENT_SECRET');
  await store.close();
  await harness({}, []);
  expect(textOf(await say('import defender'))).toBe(strings.admin.pullNeedsDomains);
  expect(textOf(await say('import graph 91'))).toBe(strings.admin.pullUsage);
  expect(textOf(await say('import graph soon'))).toBe(strings.admin.pullUsage);
  expect(textOf(await say('import defender 31'))).toBe(strings.admin.pullNeedsDomains);
  expect(textOf(await say('import everything'))).toBe(strings.admin.importNeedsFile);
  expect(server.state.requests).toEqual([]);
});

test('a service that keeps throttling: the card ends with the failure, the inventory is unchanged', async () => {
  await harness({ progress: { everyMs: 0 } });
  server.state.throttleNext = 100;
  const { io, updates } = recordingIo();
  expect((await say('import graph 5', sec, io)).replies).toEqual([]);
  expect(updates.at(-1)).toEqual({
    text: strings.admin.pullFailed('Graph message trace: Too many requests (TooManyRequests, HTTP 429)'),
  });
  expect(await store.listSources()).toEqual([]);
  expect(await store.listImports()).toEqual([]);
});

test('import reports: stored reports and chat checks of the server feed the inventory', async () => {
  store = new SqliteInventoryStore(':memory:');
  h = await coreHarness({ acceptedDomains: ['northwindtraders.org', 'nwt.org'] });
  const spoof = readFileSync(join(__dirname, '../../../samples/01-spoof-self.eml'), 'utf8');
  await h.reports.file({ clientReportId: 'r1', reporter: { id: 'u1' }, source: 'teams', headers: spoof });
  const command = importCommand({
    inventory: store,
    open: async () => ({ ok: false, reason: 'failed' }),
    acceptedDomains: ['northwindtraders.org', 'nwt.org'],
    maxBytes: 1024,
    timeoutMs: 1000,
    logger: silentLogger,
    pull: { verdicts: h.db },
  });
  const out = await command('reports', {
    user: sec,
    files: [],
    typing: async () => undefined,
    runLong: (work) => work({ typing: async () => undefined }),
  });
  const texts = cardTexts((out[0] as { card: unknown }).card);
  expect(texts).toEqual(expect.arrayContaining([`${strings.admin.importFacts.rows}: 1`]));
  expect(texts[0]).toMatch(/^Pulled stored reports and checks /);
  expect((await store.listImports())[0]).toMatchObject({ kind: 'verdicts', rows: 1 });
});

test('progress updates are throttled by time and by share done; a refused update leaves the answer to be posted', async () => {
  let now = 0;
  const updates: BotReply[] = [];
  let accept = true;
  const message: ProgressMessage = { update: async (reply) => (updates.push(reply), accept) };
  const io: WorkIo = { typing: async () => undefined, progress: async () => message };
  const progress = await ImportProgress.start(io, 'trace.csv', {
    everyMs: 2000,
    clock: () => now,
    logger: silentLogger,
  });
  progress.report({ rows: 10, share: 0.01 });
  progress.report({ rows: 20, share: 0.05 });
  expect(updates).toHaveLength(0);
  progress.report({ rows: 30, share: 0.12 });
  expect(updates).toHaveLength(1);
  await Promise.resolve();
  now = 1000;
  progress.report({ rows: 40, share: 0.15 });
  expect(updates).toHaveLength(1);
  now = 2500;
  progress.report({ rows: 50, share: 0.16 });
  expect(updates).toHaveLength(2);
  expect(cardTexts((updates[1] as { card: unknown }).card)).toEqual(
    expect.arrayContaining([`${strings.admin.importProgressRows(50)} · ${strings.admin.importProgressShare(16)}`]),
  );
  accept = false;
  const summary: BotReply = { text: 'done' };
  expect(await progress.finish([summary])).toEqual([summary]);
  const none = await ImportProgress.start({ typing: async () => undefined }, 'x', { logger: silentLogger });
  none.report({ rows: 1 });
  expect(await none.finish([summary])).toEqual([summary]);
});
