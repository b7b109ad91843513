#!/usr/bin/env node
// Throughput and p99 of /api/messages and /api/classify at 32 concurrent keep-alive clients on loopback,
// beside a minimal botbuilder echo bot (CloudAdapter + express) measured by the same harness.
// Prints figures and exits 0. Needs bot/dist (built here with `tsc -b bot` when missing).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONCURRENCY = 32;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 4000);

if (!existsSync(path.join(root, 'bot', 'dist', 'main.js'))) {
  const build = spawnSync('npx', ['tsc', '-b', 'bot'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('server-throughput: bot build failed; skipped');
    process.exit(0);
  }
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const ECHO_BOT = `
import express from 'express';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const app = express();
app.post('/api/messages', express.json(), (req, res) => adapter.process(req, res, async (context) => {
  if (context.activity.type === 'message') await context.sendActivity('Echo: ' + context.activity.text);
}));
app.listen(Number(process.env.PORT), '127.0.0.1');
`;

async function start(name, args, env) {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    const up = await new Promise((resolve) => {
      const req = http.request(`${url}/api/messages`, { method: 'OPTIONS' }, (res) => (res.resume(), resolve(true)));
      req.on('error', () => resolve(false));
      req.end();
    });
    if (up) return { name, url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not start`);
}

function request(agent, url, body, contentType) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function measure(url, body, contentType) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const run = async (ms, latencies) => {
    const until = Date.now() + ms;
    let errors = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < until) {
          try {
            const ms = await request(agent, url, body, contentType);
            latencies?.push(ms);
          } catch {
            errors += 1;
          }
        }
      }),
    );
    return errors;
  };
  await run(WARMUP_MS);
  const latencies = [];
  const t0 = Date.now();
  const errors = await run(DURATION_MS, latencies);
  const seconds = (Date.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rps: latencies.length / seconds, p50: p(0.5), p99: p(0.99), requests: latencies.length, errors };
}

const activity = (text) =>
  JSON.stringify({
    type: 'message',
    id: 'bench-1',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9',
    from: { id: '29:bench', aadObjectId: '44444444-4444-4444-8444-444444444444', name: 'Bench' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:bench', conversationType: 'personal' },
    deliveryMode: 'expectReplies',
    text,
  });

const sampleRaw = readFileSync(path.join(root, 'samples', '01-spoof-self.eml'), 'utf8');
const headers = sampleRaw.slice(0, sampleRaw.search(/\r?\n\r?\n/));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dsguard-bench-'));
const procs = [];
try {
  const ours = await start('dsguard', [path.join(root, 'bot', 'dist', 'main.js')], {
    DSGUARD_HTTP: '1',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    SQLITE_PATH: path.join(tmp, 'bench.sqlite'),
    ACCEPTED_DOMAINS: 'northwindtraders.org',
    // One bench client stands for many users: quotas high enough never to refuse, still counted per request.
    RATE_LIMIT_CLASSIFY_PER_MINUTE: '1000000000',
    RATE_LIMIT_BOT_PER_MINUTE: '1000000000',
  });
  procs.push(ours);
  const echo = await start('echo', ['--input-type=module', '-e', ECHO_BOT], {});
  procs.push(echo);

  // Rounds interleave the four cases so a noisy neighbour on the machine hits them alike; each figure is the
  // round with the median throughput.
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
  const cases = [
    ['echo bot /api/messages (text)', `${echo.url}/api/messages`, activity('hello'), 'application/json'],
    ['dsguard /api/messages "help"', `${ours.url}/api/messages`, activity('help'), 'application/json'],
    ['dsguard /api/messages pasted headers', `${ours.url}/api/messages`, activity(headers), 'application/json'],
    ['dsguard /api/classify', `${ours.url}/api/classify`, headers, 'text/plain'],
  ];
  const results = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < cases.length; i++) {
      const [, url, body, type] = cases[i];
      results[i].push(await measure(url, body, type));
    }
  }
  const median = (list) => [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
  const rows = cases.map(([name], i) => [name, median(results[i])]);
  const [echoResult, help, check, classify] = rows.map(([, r]) => r);

  console.log(
    `server-throughput: ${CONCURRENCY} concurrent clients, ${DURATION_MS} ms per run, median of ${ROUNDS} interleaved rounds, loopback, ${os.cpus().length} CPUs`,
  );
  for (const [name, r] of rows) {
    console.log(
      `  ${name.padEnd(40)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  (${r.requests} ok, ${r.errors} errors)`,
    );
  }
  const ratio = help.rps / echoResult.rps;
  console.log(
    `  ratio dsguard /api/messages ("help") / echo bot: ${ratio.toFixed(2)} (target >= 0.8) ${ratio >= 0.8 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(`  ratio dsguard /api/messages (headers check) / echo bot: ${(check.rps / echoResult.rps).toFixed(2)}`);
  console.log(`  ratio dsguard /api/classify / echo bot: ${(classify.rps / echoResult.rps).toFixed(2)}`);
} catch (error) {
  console.log(`server-throughput: failed: ${error.message}`);
} finally {
  for (const p of procs) p.child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
