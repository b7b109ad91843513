/**
 * The admin dashboard in Chromium against the real product server with seeded data: charts with their data tables,
 * readiness blockers with their fix (tenant read from the Exchange admin contract server), a decision from the table
 * recorded in the store, keyboard use, axe-core in light, dark and high contrast, and the admins-only view for a
 * signed-in user who is not an admin (Entra ID configured, token as Teams SSO would send it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { InventoryAggregator } from '../../bot/src/admin/inventory/aggregator';
import { DAY_MS } from '../../bot/src/admin/inventory/inventory-overview';
import type { TraceRow } from '../../bot/src/admin/trace/trace-row';
import { startEntraIssuer, type EntraIssuer } from '../../bot/test/support/entra-issuer';
import { startServer, type RunningServer } from '../../bot/test/support/server-harness';
import { distDir, repoRoot, launchBrowser, screenshotsDir, type Browser } from '../browser/support/harness';
import { APP, startContosoTenant, TENANT, type MicrosoftTenant } from './support/microsoft-tenant';
import { ADMIN, ANN } from './support/teams-turn';

/** A small fictitious tenant's Direct Send over the last two weeks. */
function seedRows(now: number): TraceRow[] {
  const rows: TraceRow[] = [];
  const start = Math.floor(now / DAY_MS) * DAY_MS - 13 * DAY_MS;
  const at = (day: number, i: number): number => start + day * DAY_MS + 8 * 3600_000 + i * 60_000;
  const add = (
    count: number,
    days: [number, number],
    row: Omit<TraceRow, 'origin' | 'recipients' | 'receivedAt'> & { recipients?: string[] },
  ): void => {
    for (let i = 0; i < count; i += 1) {
      const day = days[0] + (i % (days[1] - days[0] + 1));
      rows.push({ origin: 'csv-summary', recipients: ['staff@contoso.com'], receivedAt: at(day, i), ...row });
    }
  };
  add(42, [0, 13], {
    clientIp: '198.51.100.20',
    senderAddress: 'scanner@contoso.com',
    subject: 'Scanned from MX-3071',
    helo: 'MX-3071',
  });
  add(28, [2, 13], {
    clientIp: '192.0.2.40',
    senderAddress: 'erp@contoso.com',
    subject: 'Invoice run finished',
    auth: { spf: 'pass' },
  });
  add(12, [5, 12], {
    clientIp: '203.0.113.9',
    senderAddress: 'noreply@contoso.com',
    subject: 'Your weekly digest',
    helo: 'o1.sendgrid.net',
  });
  add(9, [10, 13], {
    clientIp: '185.220.101.7',
    senderAddress: 'ceo@contoso.com',
    recipients: ['ceo@contoso.com'],
    subject: 'Voicemail received',
    helo: 'localhost',
    auth: { spf: 'fail', dmarc: 'fail', compauth: 'fail' },
  });
  return rows;
}

async function seed(server: RunningServer): Promise<void> {
  const aggregator = new InventoryAggregator();
  for (const row of seedRows(Date.now())) aggregator.add(row);
  await server.server.inventory.upsertSources(aggregator.drain());
  // Approved but covered by no connector: a readiness blocker, with its plan step as the fix.
  await server.server.inventory.recordAction({
    sourceKey: '203.0.113.0/24',
    action: 'approve',
    actor: 'seed',
    at: Date.now(),
    name: 'Newsletter service',
  });
  for (const [i, sample] of [
    '01-spoof-self.eml',
    '02-spoof-other.eml',
    '05-device-spfpass.eml',
    '11-mailinglist.eml',
  ].entries()) {
    const filed = await fetch(`${server.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientReportId: `40000000-0000-4000-8000-00000000000${i}`,
        headers: readFileSync(join(repoRoot, 'samples', sample), 'utf8').split(/\r?\n\r?\n/)[0],
        verdict: {},
        source: 'addin',
      }),
    });
    if (filed.status !== 201) throw new Error(`report not filed: ${filed.status}`);
  }
}

let browser: Browser;
let tenant: MicrosoftTenant;
let server: RunningServer;

beforeAll(async () => {
  browser = await launchBrowser();
  tenant = await startContosoTenant();
  server = await startServer(
    { ADDIN_DIST: distDir, ACCEPTED_DOMAINS: 'contoso.com,northwindtraders.org', ...tenant.vars },
    { startOutbox: false },
  );
  await seed(server);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await tenant?.close();
  await browser?.close();
});

async function openDashboard(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/addin/dashboard.html`);
  await page.getByRole('heading', { level: 1, name: 'Direct Send dashboard' }).waitFor();
}

const chart = (page: Page, testId: string) => page.getByTestId(testId);
const statusCell = (row: Locator) => row.getByRole('cell').nth(3);

/**
 * axe-core's serious and critical violations. Fluent's focus manager (Tabster, used by the charts' arrow-key
 * navigation) brackets each focus group with `<i data-tabster-dummy tabindex=0 aria-hidden>` sentinels that hand focus
 * straight on to the group; axe reports them as aria-hidden-focus. Only those sentinels are left out of the check.
 */
async function seriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<Result> } }).axe;
    const result = await axe.run(
      { include: [['html']], exclude: [['[data-tabster-dummy]']] },
      { resultTypes: ['violations'] },
    );
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

test('charts render with their data tables; readiness blockers show their fix; incidents wait for the watcher', async () => {
  const page = await browser.context.newPage();
  await openDashboard(page, server.url);
  await chart(page, 'volume-chart').locator('svg rect').first().waitFor({ timeout: 15_000 });
  await chart(page, 'status-chart').locator('svg path').first().waitFor();
  await chart(page, 'reports-chart').locator('svg rect').first().waitFor();
  expect(await page.getByTestId('incidents-not-wired').innerText()).toContain('tenant watcher is not set up');

  // The text alternative: the same figures as the API, in a table behind a disclosure.
  const api = (await (await fetch(`${server.url}/api/dashboard`)).json()) as {
    volume: { labels: string[]; series: { values: number[] }[] };
  };
  const volume = chart(page, 'volume-chart');
  await volume.getByText('Show the figures as a table').click();
  const rows = volume.getByRole('table').getByRole('row');
  expect(await rows.count()).toBe(api.volume.labels.length + 1);
  const total = (await rows.locator('td:last-child').allInnerTexts()).reduce(
    (n, t) => n + Number(t.replace(/,/g, '')),
    0,
  );
  expect(total).toBeCloseTo(91, 0);
  const statusTable = chart(page, 'status-chart');
  await statusTable.getByText('Show the figures as a table').click();
  expect(await statusTable.getByRole('row', { name: /^New/ }).innerText()).toMatch(/New\s+3/);
  await chart(page, 'reports-chart').getByText('Show the figures as a table').click();
  const reportColumns = await chart(page, 'reports-chart').getByRole('columnheader').allInnerTexts();
  expect(reportColumns).toEqual(expect.arrayContaining(['Date', 'Spoof', 'Total']));
  const reportTotals = await chart(page, 'reports-chart').locator('tbody td:last-child').allInnerTexts();
  expect(reportTotals.reduce((n, t) => n + Number(t), 0)).toBe(4);

  // Readiness against the tenant: the sources no connector covers are blockers, each with its plan step.
  const blockers = page.getByTestId('blockers');
  await blockers.waitFor({ timeout: 20_000 });
  const newsletter = blockers.getByRole('listitem').filter({ hasText: 'Newsletter service would be rejected' });
  expect(await newsletter.count()).toBe(1);
  expect(await newsletter.innerText()).toMatch(/Fix: .*New-InboundConnector .*'203\.0\.113\.9'/s);
  await page.close();
}, 90_000);

test('a decision from the table is recorded by the server, survives a reload, and updates the counts; keyboard works', async () => {
  const page = await browser.context.newPage();
  await openDashboard(page, server.url);
  const row = page.getByTestId('source-row').filter({ hasText: '192.0.2.0/24' });
  await row.waitFor({ timeout: 15_000 });
  await row.getByRole('button', { name: 'Approve: 192.0.2.0/24' }).click();
  await page.getByTestId('decision-notice').filter({ hasText: 'Approved' }).waitFor();
  expect(await statusCell(row).innerText()).toBe('Approved');
  expect(await row.getByRole('button', { name: 'Approve: 192.0.2.0/24' }).isDisabled()).toBe(true);
  expect(await server.server.inventory.getSource('192.0.2.0/24')).toMatchObject({
    status: 'approved',
    statusBy: 'Local user (local-user)',
  });
  const statusTable = chart(page, 'status-chart');
  await statusTable.getByText('Show the figures as a table').click();
  await statusTable
    .getByRole('row', { name: /^Approved/ })
    .filter({ hasText: /Approved\s*2/ })
    .waitFor();

  // Keyboard only: focus the next row's "To migrate" and press Enter.
  const scanner = page.getByTestId('source-row').filter({ hasText: '198.51.100.0/24' });
  await scanner.getByRole('button', { name: 'To migrate: 198.51.100.0/24' }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('decision-notice').filter({ hasText: '198.51.100.0/24 is marked to migrate' }).waitFor();
  expect((await server.server.inventory.getSource('198.51.100.0/24'))!.status).toBe('to-migrate');

  await page.reload();
  await row.waitFor({ timeout: 15_000 });
  expect(await statusCell(row).innerText()).toBe('Approved');
  expect(await statusCell(scanner).innerText()).toBe('To migrate');
  await page.close();
}, 90_000);

test('axe-core: no serious or critical violations in light, dark and high contrast; screenshot', async () => {
  for (const theme of ['light', 'dark', 'contrast'] as const) {
    const page = await browser.context.newPage();
    await page.emulateMedia(
      theme === 'contrast' ? { forcedColors: 'active' } : { colorScheme: theme, forcedColors: 'none' },
    );
    await page.setViewportSize({ width: 1280, height: 1500 });
    await openDashboard(page, server.url);
    await chart(page, 'volume-chart').locator('svg rect').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('blockers').waitFor({ timeout: 20_000 });
    await page.getByTestId('source-row').first().waitFor();
    expect(await page.locator('[data-theme]').getAttribute('data-theme')).toBe(theme);
    expect({ theme, violations: await seriousViolations(page) }).toEqual({ theme, violations: [] });
    if (theme === 'light') await page.screenshot({ path: join(screenshotsDir, 'dashboard.png'), fullPage: true });
    await page.close();
  }
}, 120_000);

describe('with Entra ID (as in Teams)', () => {
  let issuer: EntraIssuer;
  let entra: RunningServer;
  beforeAll(async () => {
    issuer = await startEntraIssuer(TENANT, APP);
    entra = await startServer(
      {
        ADDIN_DIST: distDir,
        ENTRA_TENANT_ID: TENANT,
        ENTRA_CLIENT_ID: APP,
        ENTRA_AUTHORITY_HOST: issuer.url,
        ADMIN_USER_IDS: ADMIN,
      },
      { startOutbox: false },
    );
  }, 60_000);
  afterAll(async () => {
    await entra?.close();
    await issuer?.close();
  });

  /** Sends the user's bearer token with every API call, as the page does with Teams SSO inside Teams. */
  async function signedInPage(oid: string): Promise<Page> {
    const page = await browser.context.newPage();
    const token = await issuer.token(oid, 'Signed-in user');
    await page.route(`${entra.url}/api/**`, (route) =>
      route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }),
    );
    return page;
  }

  test('a user who is not an admin sees the admins-only view (the API answered 403), accessible', async () => {
    const page = await signedInPage(ANN);
    const statuses: number[] = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname === '/api/dashboard') statuses.push(res.status());
    });
    await openDashboard(page, entra.url);
    await page.getByTestId('admins-only').filter({ hasText: 'Admins only' }).waitFor({ timeout: 15_000 });
    expect(statuses).toEqual([403]);
    expect(await page.getByTestId('volume-chart').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });
    await page.close();
  }, 60_000);

  test('an admin with a token sees the dashboard', async () => {
    const page = await signedInPage(ADMIN);
    await openDashboard(page, entra.url);
    await page.getByTestId('status-chart').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('admins-only').count()).toBe(0);
    await page.close();
  }, 60_000);
});
