#!/usr/bin/env node
// Admin dashboard benchmark: 5,000 sources from a generated 1,000,000-row message trace (30 days) imported into the
// server's SQLite file, plus 500 reports; then the real server (bot/dist) answers GET /api/dashboard, and headless
// Chromium loads /addin/dashboard.html until its first chart is drawn (the `dsguard:first-chart` performance mark,
// from navigation start). Target: first chart under 1 s (median). Prints Markdown figures and exits 0.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './lib/chromium.mjs';
import { bundleAdminTools } from './lib/admin-bundle.mjs';
import { writeSummaryTrace } from './lib/summary-trace.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SOURCES = Number(process.env.BENCH_SOURCES ?? 5_000);
const DAYS = 30;
const REPORTS = 500;
const RUNS = Number(process.env.DASHBOARD_RUNS ?? 7);
const TARGET_MS = 1000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'dsguard-bench-dashboard-'));
const csv = join(dir, 'message-trace.csv');
const db = join(dir, 'dsguard.sqlite');

/** ROWS messages from SOURCES distinct /24s over the last DAYS days; sources start and stop on different days. */
async function generate() {
  const subjects = [
    'Scanned from MX-3071',
    'Invoice run finished',
    'Backup job completed',
    'Caller Left VM Message',
    'Your weekly digest',
  ];
  const senders = ['scanner', 'printer', 'erp', 'alerts', 'noreply', 'ceo'];
  const end = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const start = end - DAYS * 86_400_000;
  await writeSummaryTrace(csv, ROWS, (i) => {
    const source = i % SOURCES;
    const firstDay = source % 20;
    const span = DAYS - firstDay;
    return {
      when: start + (firstDay + (Math.floor(i / SOURCES) % span)) * 86_400_000 + (i % 86_000) * 1000,
      sender: `${senders[source % senders.length]}${source % 17}@contoso.com`,
      subject: subjects[source % subjects.length],
      source,
      ip: `${11 + (source % 180)}.${Math.floor(source / 180) % 256}.${source % 7}.${(i % 13) + 1}`,
    };
  });
}

/** The admin tools' own import (as `dsguard inventory import`), bundled from source. */
async function importTrace() {
  const outfile = await bundleAdminTools(root, dir);
  const runner = join(dir, 'import.mjs');
  writeFileSync(
    runner,
    `const { importTraceFile, SqliteInventoryStore } = await import(${JSON.stringify(outfile)});\n` +
      `const store = new SqliteInventoryStore(process.argv[3]);\n` +
      `const result = await importTraceFile(process.argv[2], store);\n` +
      `const sources = (await store.listSources()).length;\n` +
      `await store.close();\n` +
      `console.log(JSON.stringify({ rows: result.trace.rows, sources }));\n`,
  );
  const child = spawnSync(process.execPath, [runner, csv, db], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

const freePort = () =>
  new Promise((done) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });

async function startServer() {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'bot', 'dist', 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      DSGUARD_ENV: '',
      DSGUARD_HTTP: '1',
      PORT: String(port),
      SQLITE_PATH: db,
      ADDIN_DIST: join(root, 'addin', 'dist'),
      // The seeded reports all come from the one local user: its report quota must not refuse them.
      RATE_LIMIT_REPORTS_PER_HOUR: '1000000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

async function fileReports(url) {
  const verdicts = ['spoof', 'suspicious', 'direct-send', 'external'];
  for (let i = 0; i < REPORTS; i += 1) {
    const res = await fetch(`${url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientReportId: `50000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        headers: `From: user${i}@contoso.com\r\nSubject: report ${i}\r\n`,
        verdict: { verdict: verdicts[i % verdicts.length], score: 50, reasons: [], facts: {} },
        source: 'addin',
      }),
    });
    if (res.status !== 201) throw new Error(`report ${i}: HTTP ${res.status}`);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeApi(url) {
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    const res = await fetch(`${url}/api/dashboard`);
    const body = await res.json();
    times.push(performance.now() - t);
    if (!res.ok || body.sources.total !== SOURCES)
      throw new Error(`unexpected dashboard answer: HTTP ${res.status}, ${body.sources?.total} sources`);
  }
  return times;
}

async function timeFirstChart(url) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const times = [];
  try {
    for (let i = 0; i < RUNS; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${url}/addin/dashboard.html`);
      await page.waitForFunction(() => performance.getEntriesByName('dsguard:first-chart').length > 0, null, {
        timeout: 20_000,
      });
      await page.locator('[data-testid="volume-chart"] svg rect').first().waitFor();
      times.push(await page.evaluate(() => performance.getEntriesByName('dsguard:first-chart')[0].startTime));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return times;
}

let server;
try {
  if (
    !existsSync(join(root, 'bot', 'dist', 'main.js')) &&
    spawnSync('npx', ['tsc', '-b', 'bot'], { cwd: root, stdio: 'inherit' }).status !== 0
  ) {
    throw new Error('the bot build failed');
  }
  if (
    spawnSync(process.execPath, [join(root, 'addin', 'build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' })
      .status !== 0
  ) {
    throw new Error('the add-in build failed');
  }
  await generate();
  const imported = await importTrace();
  server = await startServer();
  await fileReports(server.url);
  const api = await timeApi(server.url);
  const chart = existsSync(CHROMIUM) ? await timeFirstChart(server.url) : undefined;
  console.log('### Admin dashboard\n');
  console.log(
    `${imported.rows.toLocaleString('en')} trace rows imported into ${imported.sources.toLocaleString('en')} sources (${DAYS} days), ${REPORTS} reports; SQLite, real server (bot/dist), loopback.`,
  );
  // Wall-clock figures: on a shared machine they grow with its load, so the load is printed beside them.
  console.log(`Load average during the run: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores.\n`);
  console.log('| measure | median | min | max | target |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| GET /api/dashboard (${RUNS} calls) | ${median(api).toFixed(0)} ms | ${Math.min(...api).toFixed(0)} ms | ${Math.max(...api).toFixed(0)} ms | |`,
  );
  if (chart) {
    const times = chart;
    const verdict = median(times) < TARGET_MS ? 'met' : 'NOT met';
    console.log(
      `| first chart in Chromium (${RUNS} loads) | ${median(times).toFixed(0)} ms | ${Math.min(...times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms | < ${TARGET_MS} ms (${verdict}) |`,
    );
  } else {
    console.log(`| first chart in Chromium | skipped: no Chromium at ${CHROMIUM} | | | |`);
  }
} catch (error) {
  console.log(`dashboard benchmark could not run: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  server?.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  if (process.env.BENCH_KEEP === '1') console.error(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
