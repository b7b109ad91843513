/**
 * The add-in against the real product server (not a stand-in): the demo page served by the server, and the task
 * pane reading the server's tenant context and filing a report the server stores and re-classifies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeOfficeOptions } from '../browser/fixtures/fake-office';
import { fakeOfficeScript, repoRoot, routeFakeOffice } from '../browser/support/harness';
import { useProductAndBrowser } from './support/product-and-browser';

const samples = join(repoRoot, 'samples');
const sample = (file: string) => readFileSync(join(samples, file), 'utf8');

const running = useProductAndBrowser();

test('the demo page served by the product server classifies a pasted message', async () => {
  const page = await running.browser().context.newPage();
  await page.goto(`${running.product().url}/`);
  expect(new URL(page.url()).pathname).toBe('/addin/demo.html');
  await page.getByLabel('Message headers').fill(sample('14-spoof-p1external.eml'));
  await page.getByRole('button', { name: 'Analyze' }).click();
  await page.locator('[data-verdict]').waitFor({ timeout: 15_000 });
  expect(await page.locator('[data-verdict]').first().getAttribute('data-verdict')).toBe('spoof');
  await page.close();
}, 60_000);

test('the task pane uses the server tenant context and its report is stored and re-classified by the server', async () => {
  const page = await running.browser().context.newPage();
  const options: FakeOfficeOptions = {
    messages: [
      {
        id: 'm1',
        subject: 'W-9 request',
        headers: sample('01-spoof-self.eml').split(/\r?\n\r?\n/)[0] ?? '',
        eml: Buffer.from(sample('01-spoof-self.eml')).toString('base64'),
      },
    ],
    // A user of another domain: only the server's accepted domains make northwindtraders.org internal.
    userEmail: 'someone@example.org',
    selected: 'm1',
  };
  await routeFakeOffice(page, fakeOfficeScript(), options);
  await page.goto(`${running.product().url}/addin/taskpane.html`);
  await page.locator('[data-verdict="spoof"]').waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Report to security' }).click();
  await page.getByText(/Reported\. Thank you\./).waitFor({ timeout: 15_000 });

  const listed = (await (await fetch(`${running.product().url}/api/reports`)).json()) as {
    reports: { id: string; verdict: string; source: string; subject?: string }[];
  };
  expect(listed.reports).toHaveLength(1);
  expect(listed.reports[0]).toMatchObject({ verdict: 'spoof', source: 'addin', subject: 'W-9 request' });
  const full = (await (await fetch(`${running.product().url}/api/reports/${listed.reports[0]!.id}`)).json()) as {
    verdict: { verdict: string; facts: { networkMessageId?: string } };
  };
  expect(full.verdict.facts.networkMessageId).toBe('9531985d-5d9d-c9f8-1818-e811892f902b');
  await page.close();
}, 60_000);
