/**
 * The Teams tab against the real product server in local mode (a browser on the same machine, no token): the server
 * serves tab.html, and the tab reads the server's own GET /api/reports answer (the loopback caller is the local admin).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../browser/support/harness';
import { useProductAndBrowser } from './support/product-and-browser';

const running = useProductAndBrowser();

test('empty at first; a filed report then shows with its subject, verdict headline, score and status', async () => {
  const page = await running.browser().context.newPage();
  const authorization: (string | undefined)[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/reports') authorization.push(req.headers().authorization);
  });
  await page.goto(`${running.product().url}/addin/tab.html`);
  await page.getByTestId('empty').waitFor({ timeout: 15_000 });
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('All reports'); // local mode: the local admin

  const raw = readFileSync(join(repoRoot, 'samples', '01-spoof-self.eml'), 'utf8');
  const filed = await fetch(`${running.product().url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientReportId: '20000000-0000-4000-8000-000000000001',
      headers: raw.split(/\r?\n\r?\n/)[0],
      verdict: {},
      source: 'addin',
      subject: 'W-9 request',
    }),
  });
  expect(filed.status).toBe(201);

  await page.getByRole('button', { name: 'Refresh' }).click();
  const row = page.getByTestId('report-row');
  await row.waitFor({ timeout: 15_000 });
  const cells = await row.getByRole('cell').allInnerTexts();
  expect(cells.slice(1, 3)).toEqual(['W-9 request', 'Probable Direct Send spoof']);
  expect(Number(cells[3])).toBeGreaterThanOrEqual(70);
  expect(cells[4]).toBe('New');

  await page.getByRole('switch', { name: 'Only my reports' }).check();
  await page.getByRole('heading', { name: 'My reports' }).waitFor();
  await row.waitFor();
  expect(authorization.length).toBeGreaterThanOrEqual(3);
  expect(authorization.every((a) => a === undefined)).toBe(true);
  await page.close();
}, 60_000);
