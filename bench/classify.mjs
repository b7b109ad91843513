#!/usr/bin/env node
// Classifier throughput: messages per second on one core, per-message p50/p99, peak memory, over two sets:
// the repository's samples (varied so nothing is cached) and the real Exchange Online header blocks kept beside the
// repository (../shared/corpus-real/phishing-pot, 865 real deliveries, CC BY-NC: never copied into the repository).
// Each set runs in its own process, so that its peak RSS is its own. Runs the built package (bench/run.mjs builds).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const realDir = join(root, '..', 'shared', 'corpus-real', 'phishing-pot');
const ITERATIONS = Number(process.env.BENCH_MESSAGES ?? 200_000);

function samplesSet() {
  const samplesDir = join(root, 'samples');
  const labels = JSON.parse(readFileSync(join(samplesDir, 'labels.json'), 'utf8'));
  const samples = labels.map((l) => ({ raw: readFileSync(join(samplesDir, l.file), 'utf8'), tenant: l.tenant }));
  // A large mixed set: every sample with varied connecting IPs, addresses and line endings, so nothing is cached.
  const messages = [];
  for (let i = 0; i < 5000; i++) {
    const sample = samples[i % samples.length];
    const octet = (n) => ((i * n) % 250) + 1;
    let raw = sample.raw.replace(
      /\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g,
      (_m, a, b) => `${a}.${b}.${octet(7)}.${octet(13)}`,
    );
    raw = raw.replace(/^(To: )(\S+)@/m, `$1user${i}@`);
    if (i % 3 === 0) raw = raw.replace(/\n/g, '\r\n');
    messages.push({ raw, tenant: sample.tenant });
  }
  return { messages, label: `5000 distinct, 14 kinds of samples/` };
}

function realSet() {
  const tenant = { acceptedDomains: ['pot.example'] };
  const files = readdirSync(realDir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  const messages = files.map((f) => ({ raw: readFileSync(join(realDir, f), 'utf8'), tenant }));
  return { messages, label: `${messages.length} real Exchange Online header blocks` };
}

async function measure(set) {
  const { classify } = await import('../shared/dist/index.js');
  const { messages, label } = set === 'real' ? realSet() : samplesSet();
  let peakRss = process.memoryUsage().rss;
  const durations = new Float64Array(ITERATIONS);
  for (let i = 0; i < 2000; i++) classify(messages[i % messages.length].raw, messages[i % messages.length].tenant); // warm-up
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) {
    const m = messages[i % messages.length];
    const t0 = process.hrtime.bigint();
    classify(m.raw, m.tenant);
    durations[i] = Number(process.hrtime.bigint() - t0) / 1e3;
    if ((i & 4095) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  durations.sort();
  const pct = (p) => durations[Math.min(durations.length - 1, Math.floor(durations.length * p))];
  const avgBytes = Math.round(messages.reduce((s, m) => s + m.raw.length, 0) / messages.length);
  return {
    label,
    avgBytes,
    perSecond: Math.round(ITERATIONS / seconds),
    perCpuSecond: Math.round(ITERATIONS / cpuSeconds),
    p50: pct(0.5),
    p99: pct(0.99),
    peakMb: peakRss / 1048576,
  };
}

if (process.argv[2] === '--set') {
  process.stdout.write(JSON.stringify(await measure(process.argv[3])));
} else {
  const sets = [['samples', 'samples', 10_000], ...(existsSync(realDir) ? [['real', 'real mail', 12_500]] : [])];
  const rows = [];
  for (const [set, name, target] of sets) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--set', set], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`classify bench (${set}) failed: ${run.stderr}`);
    rows.push({ name, target, ...JSON.parse(run.stdout) });
  }
  console.log('### Classifier (`classify`, one core)');
  console.log('');
  console.log(`| measure | ${rows.map((r) => r.name).join(' | ')} | target |`);
  console.log(`|---|${rows.map(() => '---|').join('')}---|`);
  const row = (measure, cell, target = '') => console.log(`| ${measure} | ${rows.map(cell).join(' | ')} | ${target} |`);
  row(
    'messages classified',
    (r) => `${ITERATIONS.toLocaleString('en')} (${r.label}, ${r.avgBytes.toLocaleString('en')} bytes average)`,
  );
  row(
    'throughput',
    (r) => `${r.perSecond.toLocaleString('en')} messages/s (${r.perSecond >= r.target ? 'met' : '**not met**'})`,
    rows.map((r) => `${r.name} >= ${r.target.toLocaleString('en')}`).join(', '),
  );
  // On a shared machine wall time includes waiting for a core; CPU time counts only this process's own work.
  row('throughput per CPU-second of the process', (r) => `${r.perCpuSecond.toLocaleString('en')} messages/s`);
  row('per message p50 / p99', (r) => `${r.p50.toFixed(1)} µs / ${r.p99.toFixed(1)} µs`);
  row('peak RSS', (r) => `${r.peakMb.toFixed(0)} MB`);
  if (!existsSync(realDir)) console.log(`\nThe real corpus (${realDir}) is absent: real-mail figures not measured.`);
}
