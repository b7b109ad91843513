/**
 * For tests that drive the add-in's pages in Chromium against the real product server: registers the set-up and
 * tear-down hooks of the calling test file and hands back the running server and browser.
 */
import { startServer, type RunningServer } from '../../../bot/test/support/server-harness';
import { distDir, launchBrowser, type Browser } from '../../browser/support/harness';

export function useProductAndBrowser(): { product: () => RunningServer; browser: () => Browser } {
  let browser: Browser | undefined;
  let product: RunningServer | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    product = await startServer({ ADDIN_DIST: distDir, ACCEPTED_DOMAINS: 'northwindtraders.org,nwt.org' });
  }, 120_000);
  afterAll(async () => {
    await product?.close();
    await browser?.close();
  });
  return {
    product: () => {
      if (!product) throw new Error('the product server is not running');
      return product;
    },
    browser: () => {
      if (!browser) throw new Error('the browser is not running');
      return browser;
    },
  };
}
