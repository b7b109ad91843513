import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runInNewContext } from 'node:vm';

const entry = resolve(__dirname, '../src/index.ts');

async function bundleForBrowser() {
  return build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'dsguard',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

describe('the classifier runs unchanged in a browser', () => {
  let code = '';
  let inputs: string[] = [];

  beforeAll(async () => {
    const result = await bundleForBrowser();
    code = result.outputFiles[0]?.text ?? '';
    inputs = Object.keys(result.metafile.inputs);
  });

  test('bundles for the browser platform with no Node built-in and no dependency but the Public Suffix List', () => {
    expect(code.length).toBeGreaterThan(1000);
    expect(
      inputs.filter((file) => !file.startsWith('shared/src/') && !/^node_modules\/tldts(-core)?\//.test(file)),
    ).toEqual([]);
    // The Public Suffix List holds names like "evennode": only a quoted module specifier is an import of a built-in.
    expect(code).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\.|["'`]node:/);
    const gzip = gzipSync(code).length;
    // Printed so the figure shows in every test run; the budget is generous and only guards against an accident.
    console.log(
      `classifier browser bundle: ${(code.length / 1024).toFixed(1)} KB minified, ${(gzip / 1024).toFixed(1)} KB gzip`,
    );
    // About 38 KB of it is the Public Suffix List (public-suffix-data.ts), which DMARC alignment needs.
    expect(gzip).toBeLessThan(80 * 1024);
  });

  test('a bundle that imports a Node built-in is refused by the same build', async () => {
    await expect(
      build({
        stdin: {
          contents: "import { readFileSync } from 'node:fs'; console.log(readFileSync);",
          resolveDir: __dirname,
        },
        bundle: true,
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/node:fs/);
  });

  test('classifies a sample in a bare JavaScript realm that has only browser globals', () => {
    const sandbox: Record<string, unknown> = { TextDecoder, atob };
    runInNewContext(code, sandbox);
    const api = sandbox.dsguard as { classify: (raw: string, ctx?: unknown) => { verdict: string } };
    const raw = readFileSync(resolve(__dirname, '../../samples/03-spoof-junk.eml'), 'utf8');
    expect(api.classify(raw, { acceptedDomains: ['contoso.com'] }).verdict).toBe('spoof');
    expect(runInNewContext('typeof process + typeof require + typeof Buffer', sandbox)).toBe(
      'undefinedundefinedundefined',
    );
  });
});
