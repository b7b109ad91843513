/** The demo page in Chromium: no Office.js, no server calls, the bundled samples, axe-core. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchBrowser,
  repoRoot,
  screenshotsDir,
  seriousViolations,
  startServer,
  type Browser,
  type TestServer,
} from './support/harness';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer(null);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await browser?.close();
});

describe('demo page in Chromium', () => {
  test('pasted headers: "Message headers" + "Analyze" give a data-verdict element; it works with no Office.js or API', async () => {
    const page = await browser.context.newPage();
    const foreign: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.origin !== server.url || url.pathname.startsWith('/api/')) foreign.push(req.url());
    });
    await page.goto(`${server.url}/addin/demo.html`);
    const text = readFileSync(join(repoRoot, 'samples', '14-spoof-p1external.eml'), 'utf8');
    await page.getByLabel('Message headers').fill(text);
    await page.getByLabel(/Your organization.s domains/).fill('fabrikam.co.uk, fabrikam.onmicrosoft.com');
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.locator('[data-verdict="spoof"]').waitFor();
    expect(foreign).toEqual([]);
    expect(await page.evaluate(() => 'Office' in window)).toBe(false);
    await page.close();
  }, 60_000);

  test('every bundled sample gives one of its expected verdicts', async () => {
    const labels: { file: string; expect: string[] }[] = JSON.parse(
      readFileSync(join(repoRoot, 'samples', 'labels.json'), 'utf8'),
    );
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/addin/demo.html`);
    for (const label of labels) {
      await page.getByLabel('Sample message').selectOption(label.file);
      await page.getByRole('button', { name: 'Analyze' }).click();
      const verdict = await page.locator('[data-verdict]').getAttribute('data-verdict');
      expect({ file: label.file, verdict }).toEqual({
        file: label.file,
        verdict: expect.stringMatching(new RegExp(`^(${label.expect.join('|')})$`)),
      });
    }
    await page.close();
  }, 60_000);

  test('empty input asks for headers instead of judging', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/addin/demo.html`);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.getByRole('alert').filter({ hasText: 'Paste message headers first.' }).waitFor();
    expect(await page.locator('[data-verdict]').count()).toBe(0);
    await page.close();
  }, 60_000);

  test('axe-core: no serious or critical violations in light, dark and high contrast; screenshot', async () => {
    for (const theme of ['light', 'dark', 'contrast']) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 820, height: 1000 });
      await page.goto(`${server.url}/addin/demo.html?theme=${theme}`);
      await page.getByLabel('Sample message').selectOption('02-spoof-other.eml');
      await page.getByRole('button', { name: 'Analyze' }).click();
      await page.locator('[data-verdict="spoof"]').waitFor();
      expect({ theme, violations: await seriousViolations(page) }).toEqual({ theme, violations: [] });
      if (theme === 'light') await page.screenshot({ path: join(screenshotsDir, 'demo.png'), fullPage: false });
      await page.close();
    }
  }, 90_000);
});
