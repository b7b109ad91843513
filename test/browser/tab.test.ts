/** The Teams personal tab in Chromium, outside Teams (local mode): reports, empty state, errors with retry, axe-core. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { distDir, launchBrowser, screenshotsDir, seriousViolations, type Browser } from './support/harness';

/** Answers GET /api/reports like the server in local mode (no token needed from loopback); serves addin/dist. */
interface ReportsServer {
  url: string;
  /** The next answers, in order; the last one repeats. */
  answers: { status: number; body: unknown }[];
  requests: { url: string; authorization?: string }[];
  close(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.txt': 'text/plain',
};

async function startReportsServer(): Promise<ReportsServer> {
  const state: ReportsServer = { url: '', answers: [], requests: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/reports' && req.method === 'GET') {
      state.requests.push({
        url: `${url.pathname}${url.search}`,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      const answer = state.answers.length > 1 ? state.answers.shift()! : state.answers[0]!;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      return;
    }
    const file = normalize(join(distDir, decodeURIComponent(url.pathname.replace(/^\/addin\//, ''))));
    if (url.pathname.startsWith('/addin/') && file.startsWith(distDir) && existsSync(file) && statSync(file).isFile()) {
      res
        .writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
        .end(readFileSync(file));
      return;
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { code: 'not-found', message: url.pathname } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
  return state;
}

const summary = (
  id: string,
  createdAt: string,
  subject: string | undefined,
  verdict: string,
  score: number,
  status: string,
  reporterName: string,
) => ({
  id,
  clientReportId: `c-${id}`,
  reporterId: `oid-${reporterName}`,
  reporterName,
  source: 'addin',
  ...(subject !== undefined ? { subject } : {}),
  hasEml: false,
  verdict,
  score,
  status,
  createdAt,
  updatedAt: createdAt,
});
const MINE = [
  summary(
    'r3',
    '2026-11-27T08:15:00.000Z',
    'Urgent: updated bank details for invoice 4471',
    'spoof',
    94,
    'confirmed-spoof',
    'Megan Bowen',
  ),
  summary(
    'r2',
    '2026-11-24T13:40:00.000Z',
    'Scanned document from MFP-3F',
    'direct-send',
    12,
    'false-positive',
    'Megan Bowen',
  ),
  summary('r1', '2026-11-20T09:05:00.000Z', undefined, 'suspicious', 61, 'new', 'Megan Bowen'),
];
const OTHERS = [
  summary('r4', '2026-11-26T16:20:00.000Z', 'Payroll: confirm your sign-in', 'spoof', 88, 'new', 'Alex Wilber'),
];

let browser: Browser;
let server: ReportsServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startReportsServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
  await browser?.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

describe('Teams tab in a plain browser (local mode)', () => {
  test("lists the user's reports with date, subject, verdict headline, score and status; no token; no Teams wait", async () => {
    server.answers = [{ status: 200, body: { reports: MINE, scope: 'own' } }];
    const page = await browser.context.newPage();
    const started = Date.now();
    await page.goto(`${server.url}/addin/tab.html`);
    await page.getByRole('heading', { name: 'My reports' }).waitFor();
    const rows = page.getByRole('table', { name: 'Reports' }).getByRole('row');
    await rows.nth(3).waitFor();
    expect(Date.now() - started).toBeLessThan(2500); // a top-level page does not wait for Teams' initialize
    const first = await rows.nth(1).getByRole('cell').allInnerTexts();
    expect(first.slice(1)).toEqual([
      'Urgent: updated bank details for invoice 4471',
      'Probable Direct Send spoof',
      '94',
      'Confirmed spoof',
    ]);
    expect(first[0]).toMatch(/2026/);
    expect(await rows.nth(3).getByRole('cell').nth(1).innerText()).toBe('(no subject)');
    expect(await page.getByRole('switch').count()).toBe(0); // not an admin
    expect(server.requests).toEqual([{ url: '/api/reports?limit=100' }]);
    // Narrow (Teams mobile width): the table scrolls sideways instead of hiding cells, and stays accessible.
    expect(await page.getByRole('cell', { name: 'Scanned document from MFP-3F' }).isVisible()).toBe(true);
    expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });
    await page.close();
  }, 60_000);

  test("an admin sees everyone's reports with the reporter, and can switch to only their own", async () => {
    server.answers = [
      { status: 200, body: { reports: [MINE[0], OTHERS[0]], scope: 'all' } },
      { status: 200, body: { reports: MINE, scope: 'own' } },
    ];
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/addin/tab.html`);
    await page.getByRole('heading', { name: 'All reports' }).waitFor();
    await page.getByRole('columnheader', { name: 'Reported by' }).waitFor();
    await page.getByRole('cell', { name: 'Alex Wilber' }).waitFor();
    await page.getByRole('switch', { name: 'Only my reports' }).check();
    await page.getByRole('heading', { name: 'My reports' }).waitFor();
    await page.getByRole('cell', { name: 'Scanned document from MFP-3F' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Reported by' }).count()).toBe(0);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/reports?limit=100', '/api/reports?limit=100&mine=1']);
    await page.close();
  }, 60_000);

  test('no reports: the empty state', async () => {
    server.answers = [{ status: 200, body: { reports: [], scope: 'own' } }];
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/addin/tab.html`);
    await page.getByTestId('empty').filter({ hasText: 'You have not reported any messages yet.' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });
    await page.close();
  }, 60_000);

  test('a server error is shown with the server\'s message, and "Try again" recovers', async () => {
    server.answers = [
      { status: 503, body: { error: { code: 'unavailable', message: 'the database is not reachable' } } },
      { status: 200, body: { reports: MINE, scope: 'own' } },
    ];
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/addin/tab.html`);
    const alert = page.getByRole('alert').filter({ hasText: 'The reports could not be loaded.' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('the database is not reachable');
    expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('cell', { name: 'Scanned document from MFP-3F' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  }, 60_000);

  test('axe-core: no serious or critical violations in light and dark; screenshot', async () => {
    server.answers = [
      {
        status: 200,
        body: { reports: [...MINE, ...OTHERS].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), scope: 'all' },
      },
    ];
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1100, height: 420 });
      await page.goto(`${server.url}/addin/tab.html`);
      await page.getByRole('cell', { name: 'Alex Wilber' }).waitFor();
      expect(await page.locator('[data-theme]').getAttribute('data-theme')).toBe(scheme);
      expect({ scheme, violations: await seriousViolations(page) }).toEqual({ scheme, violations: [] });
      if (scheme === 'light') await page.screenshot({ path: join(screenshotsDir, 'teams-tab.png'), fullPage: false });
      await page.close();
    }
  }, 90_000);
});
