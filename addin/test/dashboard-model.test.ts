import type { ApiResult } from '../src/api-client';
import type { DashboardApi, DashboardData, SourceRow } from '../src/dashboard/dashboard-api';
import { DashboardModel, PAGE_SIZE } from '../src/dashboard/dashboard-model';

const data = (approved: number): DashboardData => ({
  generatedAt: '2026-12-01T00:00:00.000Z',
  sources: {
    total: 2,
    statuses: [
      { status: 'new', sources: 2 - approved, messages: 9 },
      { status: 'approved', sources: approved, messages: 1 },
    ],
    categories: [],
  },
  volume: null,
  reports: { from: '2026-11-02', labels: [], series: [] },
  incidents: { wired: false, from: '2026-11-02', labels: [], series: [] },
});
const source = (ip: string, status: SourceRow['status'] = 'new'): SourceRow => ({
  ip,
  name: null,
  category: 'device',
  status,
  messages: 5,
  senders: ['mfp@contoso.com'],
  lastSeen: null,
  statusBy: null,
});
const ok = <T>(body: T): ApiResult<T> => ({ ok: true, status: 200, body });

function fakeApi(overrides: Partial<DashboardApi> = {}): DashboardApi & { calls: string[] } {
  const calls: string[] = [];
  let approved = 0;
  return {
    calls,
    dashboard: async () => (calls.push('dashboard'), ok(data(approved))),
    sources: async (offset, limit) => (
      calls.push(`sources ${offset} ${limit}`),
      ok({ sources: [source('192.0.2.0/24'), source('198.51.100.0/24')] })
    ),
    readiness: async (fresh) => {
      calls.push(`readiness${fresh ? ' fresh' : ''}`);
      return { ok: false, status: 409, code: 'tenant-not-configured', message: 'The tenant is not configured.' };
    },
    decide: async (key, decision) => {
      calls.push(`decide ${key} ${decision}`);
      approved += 1;
      return ok({ source: { ...source(key, 'approved'), name: 'Floor 2 copier' } });
    },
    ...overrides,
  };
}

test('loads the series, a page of sources (one more than shown, to know of a next page) and readiness', async () => {
  const api = fakeApi();
  const model = new DashboardModel(api);
  await model.load();
  const state = model.getSnapshot();
  expect(state.phase).toBe('ready');
  expect(state.sources.map((s) => s.ip)).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
  expect(state.hasMore).toBe(false);
  expect(state.readiness).toEqual({ phase: 'not-configured', message: 'The tenant is not configured.' });
  expect(api.calls).toEqual(expect.arrayContaining(['dashboard', `sources 0 ${PAGE_SIZE + 1}`, 'readiness']));
  await model.load(true);
  expect(api.calls).toContain('readiness fresh');
});

test('a 403 is the admins-only view, not an error', async () => {
  const model = new DashboardModel(
    fakeApi({
      dashboard: async () => ({
        ok: false,
        status: 403,
        code: 'forbidden',
        message: 'This needs a Direct Send Guard admin.',
      }),
    }),
  );
  await model.load();
  expect(model.getSnapshot().phase).toBe('forbidden');
  expect(model.getSnapshot().error).toBeUndefined();
});

test('a Teams sign-in failure and an unreachable server are told apart', async () => {
  const auth = new DashboardModel(
    fakeApi({ dashboard: async () => ({ ok: false, code: 'auth', message: 'consent required' }) }),
  );
  await auth.load();
  expect(auth.getSnapshot()).toMatchObject({ phase: 'error', error: expect.stringContaining('consent required') });
  const network = new DashboardModel(
    fakeApi({ dashboard: async () => ({ ok: false, code: 'network', message: 'fetch failed' }) }),
  );
  await network.load();
  expect(network.getSnapshot()).toMatchObject({
    phase: 'error',
    error: 'The Direct Send Guard server could not be reached.',
  });
});

test('a decision updates its row, announces itself and refreshes the counts; a refused one changes nothing', async () => {
  const api = fakeApi();
  const model = new DashboardModel(api);
  await model.load();
  await model.decide(model.getSnapshot().sources[1]!, 'approve');
  const state = model.getSnapshot();
  expect(state.sources.map((s) => s.status)).toEqual(['new', 'approved']);
  expect(state.notice).toEqual({ intent: 'success', text: 'Approved Floor 2 copier: it is now a known sender.' });
  expect(state.data!.sources.statuses.find((s) => s.status === 'approved')!.sources).toBe(1);
  expect(api.calls).toContain('decide 198.51.100.0/24 approve');

  const refusing = new DashboardModel(
    fakeApi({
      decide: async () => ({ ok: false, status: 404, code: 'unknown-source', message: 'no inventory source' }),
    }),
  );
  await refusing.load();
  await refusing.decide(refusing.getSnapshot().sources[0]!, 'retire');
  expect(refusing.getSnapshot().sources[0]!.status).toBe('new');
  expect(refusing.getSnapshot().notice).toMatchObject({
    intent: 'error',
    text: expect.stringContaining('192.0.2.0/24 was not recorded'),
  });
  expect(refusing.getSnapshot().pending).toBeUndefined();
});

test('paging: a full page plus one means there is a next page', async () => {
  const rows = Array.from({ length: PAGE_SIZE + 1 }, (_, i) => source(`10.0.${i}.0/24`));
  const model = new DashboardModel(
    fakeApi({ sources: async (offset) => ok({ sources: offset === 0 ? rows : rows.slice(0, 3) }) }),
  );
  await model.load();
  expect(model.getSnapshot()).toMatchObject({ offset: 0, hasMore: true });
  expect(model.getSnapshot().sources).toHaveLength(PAGE_SIZE);
  await model.showPage(PAGE_SIZE);
  expect(model.getSnapshot()).toMatchObject({ offset: PAGE_SIZE, hasMore: false });
  expect(model.getSnapshot().sources).toHaveLength(3);
});
