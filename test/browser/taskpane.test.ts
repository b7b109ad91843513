/**
 * The production task pane page in headless Chromium, with a fake Office.js served in place of Microsoft's
 * CDN script and a mailbox over corpus messages.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { FakeMessage, FakeOfficeOptions } from './fixtures/fake-office';
import {
  fakeOfficeScript,
  launchBrowser,
  repoRoot,
  routeFakeOffice,
  screenshotsDir,
  seriousViolations,
  startServer,
  type Browser,
  type TestServer,
} from './support/harness';

const samples = join(repoRoot, 'samples');
const labels: { file: string; tenant?: Record<string, unknown> }[] = JSON.parse(
  readFileSync(join(samples, 'labels.json'), 'utf8'),
);
const headersOf = (file: string): string => {
  const text = readFileSync(join(samples, file), 'utf8');
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? text : text.slice(0, end + 1);
};
const message = (id: string, file: string, subject: string, extra: Partial<FakeMessage> = {}): FakeMessage => ({
  id,
  subject,
  headers: headersOf(file),
  eml: Buffer.from(readFileSync(join(samples, file), 'utf8')).toString('base64'),
  ...extra,
});

const mailbox: FakeMessage[] = [
  message('spoof', '01-spoof-self.eml', 'W-9 request'),
  message('internal', '07-internal.eml', 'Quarterly numbers'),
  message('fabrikam-spoof', '02-spoof-other.eml', 'Invoice'),
  message('sent', '12-sentitems.eml', 'Travel plans', { headers: '' }),
  message('broken', '07-internal.eml', 'Broken', {
    headersError: { code: 9020, name: 'GenericResponseError', message: 'The server is busy' },
  }),
];

let browser: Browser;
let server: TestServer;
let office: string;

beforeAll(async () => {
  office = fakeOfficeScript();
  mkdirSync(screenshotsDir, { recursive: true });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  const tenant = labels.find((l) => l.file === '01-spoof-self.eml')!.tenant;
  server = await startServer({ ...tenant, notifyDirectSend: false });
});

afterEach(async () => {
  await server.close();
});

async function openPane(config: Partial<FakeOfficeOptions> & { selected: string | null }): Promise<Page> {
  const page = await browser.context.newPage();
  const options: FakeOfficeOptions = { messages: mailbox, userEmail: 'maria@northwindtraders.org', ...config };
  await routeFakeOffice(page, office, options);
  await page.goto(`${server.url}/addin/taskpane.html`);
  return page;
}

const notificationsOf = (page: Page, id: string) =>
  page.evaluate(
    (itemId) =>
      (window as unknown as { __fakeOffice: { notifications(id: string): unknown[] } }).__fakeOffice.notifications(
        itemId,
      ),
    id,
  );

describe('task pane in Chromium', () => {
  test('a spoof: red banner, reasons, persistent notification, report POST', async () => {
    const page = await openPane({ selected: 'spoof' });
    const verdict = page.locator('[data-verdict="spoof"]');
    await verdict.waitFor({ timeout: 15_000 });
    await expect(page.locator('[data-testid="verdict-banner"]').getAttribute('data-tone')).resolves.toBe('danger');
    await expect(page.getByRole('heading', { name: 'Probable Direct Send spoof' }).count()).resolves.toBe(1);
    expect(await page.locator('[data-testid="reasons"] li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="reasons"] li[data-severity="high"]').count()).toBeGreaterThan(0);
    await page.waitForFunction(
      () =>
        (window as unknown as { __fakeOffice: { notifications(id: string): unknown[] } }).__fakeOffice.notifications(
          'spoof',
        ).length > 0,
    );
    expect(await notificationsOf(page, 'spoof')).toEqual([
      expect.objectContaining({
        key: 'dsguard-verdict',
        type: 'informationalMessage',
        persistent: true,
        icon: 'Icon.16x16',
      }),
    ]);
    expect(server.tenantContextRequests).toBe(1);

    await page.screenshot({ path: join(screenshotsDir, 'taskpane-spoof.png'), fullPage: true });

    await page.getByLabel('Note for the security team (optional)').fill('I never asked for a W-9.');
    await page.getByRole('checkbox', { name: /Include the whole message/ }).check();
    await page.getByRole('button', { name: 'Report to security' }).click();
    await page.getByText(/Reported\. Thank you\. Reference: R-1\./).waitFor();
    expect(server.reports).toHaveLength(1);
    const body = server.reports[0]!.body;
    expect(body).toMatchObject({
      source: 'addin',
      note: 'I never asked for a W-9.',
      subject: 'W-9 request',
      verdict: { verdict: 'spoof' },
    });
    expect(body.clientReportId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Buffer.from(String(body.eml), 'base64').toString('utf8')).toContain('Subject: W-9 request');
    expect(String(body.headers)).toContain('compauth=fail');
    expect(server.reports[0]!.authorization).toBeUndefined(); // local mode: no token
    await expect(page.getByRole('button', { name: 'Report to security' }).isDisabled()).resolves.toBe(true);
    await page.close();
  }, 60_000);

  test('internal mail is neutral, gets no notification, and a pinned pane follows ItemChanged', async () => {
    server.tenantContext = { ...labels.find((l) => l.file === '07-internal.eml')!.tenant, notifyDirectSend: false };
    const page = await openPane({ selected: 'internal', userEmail: 'ann@fabrikam.co.uk' });
    await page.locator('[data-verdict="internal"]').waitFor({ timeout: 15_000 });
    await expect(page.locator('[data-testid="verdict-banner"]').getAttribute('data-tone')).resolves.toBe('neutral');
    await page.getByRole('button', { name: /Route \(oldest first\)/ }).click();
    await page.locator('[data-testid="hops"] li').last().waitFor();
    await page.waitForTimeout(400); // let the accordion finish opening
    await page.screenshot({ path: join(screenshotsDir, 'taskpane-internal.png'), fullPage: true });
    expect(await notificationsOf(page, 'internal')).toEqual([]);

    await page.evaluate(() =>
      (window as unknown as { __fakeOffice: { select(id: string | null): void } }).__fakeOffice.select(
        'fabrikam-spoof',
      ),
    );
    await page.locator('[data-verdict="spoof"]').waitFor();
    await page.waitForFunction(
      () =>
        (window as unknown as { __fakeOffice: { notifications(id: string): unknown[] } }).__fakeOffice.notifications(
          'fabrikam-spoof',
        ).length === 1,
    );
    await page.evaluate(() =>
      (window as unknown as { __fakeOffice: { select(id: string | null): void } }).__fakeOffice.select(null),
    );
    await page.locator('[data-state="no-item"]').waitFor();
    await expect(page.getByRole('heading', { name: 'No message selected' }).count()).resolves.toBe(1);
    await page.close();
  }, 60_000);

  test('empty headers are "no data" with the reason; a host error offers a retry', async () => {
    const page = await openPane({ selected: 'sent' });
    await page.locator('[data-state="no-data"][data-reason="empty"]').waitFor({ timeout: 15_000 });
    expect(await page.getByText(/not a sign that it is safe/).count()).toBe(1);
    expect(await page.locator('[data-verdict]').count()).toBe(0);
    await page.evaluate(() =>
      (window as unknown as { __fakeOffice: { select(id: string | null): void } }).__fakeOffice.select('broken'),
    );
    await page.locator('[data-state="error"]').waitFor();
    expect(await page.getByText('Outlook reported an error: The server is busy').count()).toBe(1);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-state="error"]').waitFor();
    await page.close();
  }, 60_000);

  test('reports made while the server is down are kept and say so', async () => {
    server.reportStatus = 503;
    const page = await openPane({ selected: 'spoof' });
    await page.locator('[data-verdict="spoof"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Report to security' }).click();
    await page.getByText(/saved on this device and will be sent automatically/).waitFor();
    const saved = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('dsguard.report.v1.')),
    );
    expect(saved).toHaveLength(1);
    expect(server.reports).toHaveLength(1);
    // the server recovers; a new pane (same device) sends the saved report with the same idempotency key
    server.reportStatus = 201;
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage).filter((k) => k.startsWith('dsguard.report.v1.'))) {
        const entry = JSON.parse(localStorage.getItem(key)!);
        entry.nextAttemptAt = 0;
        localStorage.setItem(key, JSON.stringify(entry));
      }
    });
    await page.reload();
    await page.waitForFunction(() => Object.keys(localStorage).every((k) => !k.startsWith('dsguard.report.v1.')));
    expect(server.reports).toHaveLength(2);
    expect(server.reports[1]!.body.clientReportId).toBe(server.reports[0]!.body.clientReportId);
    await page.close();
  }, 60_000);

  test('axe-core finds no serious or critical violations (light and dark, evidence open)', async () => {
    for (const theme of [undefined, { isDarkTheme: true, bodyBackgroundColor: '#1f1f1f' }]) {
      const page = await openPane({ selected: 'spoof', ...(theme ? { theme } : {}) });
      await page.locator('[data-verdict="spoof"]').waitFor({ timeout: 15_000 });
      for (const name of [/Sender/, /Route/, /Authentication results/, /Stamps from your Exchange Online/]) {
        await page.getByRole('button', { name }).first().click();
      }
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    }
  }, 90_000);
});
