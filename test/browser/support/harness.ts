/**
 * Browser-test plumbing (jest's globalSetup builds addin/dist first): serves addin/dist at /addin/ from
 * a small server on 127.0.0.1 that answers GET /api/tenant-context and records POST /api/reports, bundles the
 * fake Office.js, and launches Debian's Chromium through playwright-core with a fresh profile.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const distDir = join(repoRoot, 'addin', 'dist');
/** Screenshots land in build/ (untracked); `npm run screenshots` copies them into docs/screenshots/. */
export const screenshotsDir = join(repoRoot, 'build', 'screenshots');
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's Chromium, headless, kept off the network it cannot reach here (one list for tests and benchmarks). */
export const CHROMIUM_ARGS = JSON.parse(readFileSync(join(__dirname, 'chromium-args.json'), 'utf8')) as string[];

/** The fake Office.js, bundled into one classic script. */
export function fakeOfficeScript(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = esbuild.buildSync({
    entryPoints: [join(__dirname, '..', 'fixtures', 'office-fixture.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2020',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface RecordedReport {
  body: Record<string, unknown>;
  authorization?: string;
}

export interface TestServer {
  url: string;
  reports: RecordedReport[];
  tenantContextRequests: number;
  /** Status for the next POST /api/reports answers (201 files it; others fail). */
  reportStatus: number;
  tenantContext: Record<string, unknown> | null;
  close(): Promise<void>;
}

export async function startServer(tenantContext: Record<string, unknown> | null): Promise<TestServer> {
  const state: TestServer = {
    url: '',
    reports: [],
    tenantContextRequests: 0,
    reportStatus: 201,
    tenantContext,
    close: async () => undefined,
  };
  const filed = new Map<string, string>();
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (url.pathname === '/api/tenant-context' && req.method === 'GET') {
        state.tenantContextRequests += 1;
        if (!state.tenantContext)
          return json(res, 404, { error: { code: 'not-configured', message: 'no tenant context' } });
        return json(res, 200, state.tenantContext);
      }
      if (url.pathname === '/api/reports' && req.method === 'POST') {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(raw);
        } catch {
          return json(res, 400, { error: { code: 'bad-json', message: 'body is not JSON' } });
        }
        state.reports.push({
          body,
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        });
        if (state.reportStatus !== 201)
          return json(res, state.reportStatus, { error: { code: 'unavailable', message: 'try later' } });
        const key = String(body.clientReportId);
        const existing = filed.get(key);
        if (existing) return json(res, 200, { id: existing, status: 'new', duplicate: true });
        const id = `R-${filed.size + 1}`;
        filed.set(key, id);
        return json(res, 201, { id, status: 'new', duplicate: false });
      }
      if (url.pathname.startsWith('/addin/')) {
        const file = normalize(join(distDir, decodeURIComponent(url.pathname.slice('/addin/'.length))));
        if (file.startsWith(distDir) && existsSync(file) && statSync(file).isFile()) {
          res.writeHead(200, {
            'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
            'Cache-Control': 'no-store',
          });
          return res.end(readFileSync(file));
        }
      }
      json(res, 404, { error: { code: 'not-found', message: url.pathname } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'dsguard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 380, height: 900 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Answers the CDN office.js request with the fake, configured for this page. */
export async function routeFakeOffice(page: Page, script: string, config: unknown): Promise<void> {
  await page.route(OFFICE_JS_URL, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/javascript',
      body: `window.__DSGUARD_FAKE_OFFICE__ = ${JSON.stringify(config)};\n${script}`,
    }),
  );
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
