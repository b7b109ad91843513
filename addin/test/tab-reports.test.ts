import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReportsApi, type ReportSummary } from '../src/tab/reports-api';
import { ReportsModel } from '../src/tab/reports-model';
import { strings } from '../src/strings';

// A local stand-in for the server's GET /api/reports: bearer tokens, ?mine=1, scope own/all, 401 without a token.
let server: Server;
let base: string;
const seen: { url: string; auth?: string }[] = [];
let handler: (req: IncomingMessage, res: ServerResponse) => void;

const row = (id: string, reporterId: string, extra: Partial<ReportSummary> = {}): ReportSummary => ({
  id,
  createdAt: '2026-11-20T09:30:00.000Z',
  subject: `Invoice ${id}`,
  verdict: 'spoof',
  score: 92,
  status: 'new',
  reporterId,
  ...extra,
});
const ALL = [row('r1', 'me'), row('r2', 'colleague', { verdict: 'internal', score: 3, status: 'false-positive' })];

function serverLike(isAdmin: boolean, requireToken: boolean) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown): void =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (requireToken && !req.headers.authorization)
      return send(401, { error: { code: 'unauthorized', message: 'a bearer token is required' } });
    const mine = !isAdmin || url.searchParams.get('mine') === '1';
    send(200, { reports: mine ? ALL.filter((r) => r.reporterId === 'me') : ALL, scope: mine ? 'own' : 'all' });
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
});

test('in Teams the SSO token goes in the Authorization header', async () => {
  handler = serverLike(false, true);
  const api = createReportsApi({ baseUrl: base, getToken: async () => ({ token: 'sso-token' }) });
  const result = await api.list(false);
  expect(result).toEqual({ ok: true, list: { reports: [ALL[0]], scope: 'own' } });
  expect(seen).toEqual([{ url: '/api/reports?limit=100', auth: 'Bearer sso-token' }]);
});

test('in local mode no Authorization header is sent', async () => {
  handler = serverLike(false, false);
  const result = await createReportsApi({ baseUrl: base }).list(false);
  expect(result.ok).toBe(true);
  expect(seen[0]?.auth).toBeUndefined();
});

test('a 401 after a failed Teams sign-in explains the sign-in failure', async () => {
  handler = serverLike(false, true);
  const api = createReportsApi({ baseUrl: base, getToken: async () => ({ token: null, reason: 'consent required' }) });
  expect(await api.list(false)).toEqual({ ok: false, message: strings.tab.signInFailed('consent required') });
});

test('server errors, an unreachable server, a slow one and a malformed answer each give a clear message', async () => {
  handler = (_req, res) =>
    void res
      .writeHead(503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { code: 'busy', message: 'database is busy' } }));
  expect(await createReportsApi({ baseUrl: base }).list(false)).toEqual({
    ok: false,
    message: strings.tab.serverError('database is busy'),
  });

  handler = (_req, res) =>
    void res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ reports: [{ id: 1 }], scope: 'own' }));
  expect(await createReportsApi({ baseUrl: base }).list(false)).toEqual({ ok: false, message: strings.tab.badAnswer });

  handler = () => undefined; // never answers
  expect(await createReportsApi({ baseUrl: base, timeoutMs: 100 }).list(false)).toEqual({
    ok: false,
    message: strings.tab.timeout,
  });

  expect(await createReportsApi({ baseUrl: 'http://127.0.0.1:1' }).list(false)).toEqual({
    ok: false,
    message: strings.tab.unreachable,
  });
});

test('the model: an admin sees all, can switch to their own and back; a retry recovers from an error', async () => {
  handler = serverLike(true, false);
  const api = createReportsApi({ baseUrl: base });
  let fail = false;
  const model = new ReportsModel((mine) =>
    fail ? Promise.resolve({ ok: false as const, message: 'down' }) : api.list(mine),
  );
  const phases: string[] = [];
  model.subscribe(() => phases.push(model.state.phase));

  await model.load();
  expect(model.state).toMatchObject({ phase: 'ready', isAdmin: true, showingAll: true, mine: false });
  expect(model.state.reports.map((r) => r.id)).toEqual(['r1', 'r2']);

  await model.setMine(true);
  expect(model.state).toMatchObject({ phase: 'ready', isAdmin: true, showingAll: false, mine: true });
  expect(model.state.reports.map((r) => r.id)).toEqual(['r1']);
  expect(seen.at(-1)?.url).toBe('/api/reports?limit=100&mine=1');

  fail = true;
  await model.setMine(false);
  expect(model.state).toMatchObject({ phase: 'error', error: 'down', isAdmin: true });
  fail = false;
  await model.load();
  expect(model.state.phase).toBe('ready');
  expect(model.state.error).toBeUndefined();
  expect(model.state.showingAll).toBe(true);
  // The switch flips at once (still showing the old list), then the list reloads.
  expect(phases).toEqual([
    'loading',
    'ready',
    'ready',
    'loading',
    'ready',
    'ready',
    'loading',
    'error',
    'loading',
    'ready',
  ]);
});

test('a non-admin is never offered the switch, and an empty list is ready, not an error', async () => {
  handler = (_req, res) =>
    void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ reports: [], scope: 'own' }));
  const model = new ReportsModel((mine) => createReportsApi({ baseUrl: base }).list(mine));
  await model.load();
  expect(model.state).toMatchObject({ phase: 'ready', reports: [], isAdmin: false, showingAll: false });
});

test('an answer to an older request does not overwrite a newer one', async () => {
  const answers: ((value: { ok: true; list: { reports: ReportSummary[]; scope: 'own' | 'all' } }) => void)[] = [];
  const model = new ReportsModel(() => new Promise((resolve) => answers.push(resolve)));
  const first = model.load();
  const second = model.load();
  answers[1]!({ ok: true, list: { reports: [row('new', 'me')], scope: 'own' } });
  answers[0]!({ ok: true, list: { reports: [row('old', 'me')], scope: 'own' } });
  await Promise.all([first, second]);
  expect(model.state.reports.map((r) => r.id)).toEqual(['new']);
});
