#!/usr/bin/env node
// Classifier throughput: messages per second on one core, per-message p50/p99, peak memory.
// Runs the built package (npm run build first; bench/run.mjs does it).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify } from '../shared/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const samplesDir = join(root, 'samples');
const labels = JSON.parse(readFileSync(join(samplesDir, 'labels.json'), 'utf8'));
const samples = labels.map((l) => ({ raw: readFileSync(join(samplesDir, l.file), 'utf8'), tenant: l.tenant }));

// A large mixed set: every sample with varied connecting IPs, addresses and line endings, so nothing is cached.
const SET_SIZE = 5000;
const messages = [];
for (let i = 0; i < SET_SIZE; i++) {
  const sample = samples[i % samples.length];
  const octet = (n) => (i * n) % 250 + 1;
  let raw = sample.raw.replace(/\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g, (_m, a, b) => `${a}.${b}.${octet(7)}.${octet(13)}`);
  raw = raw.replace(/^(To: )(\S+)@/m, `$1user${i}@`);
  if (i % 3 === 0) raw = raw.replace(/\n/g, '\r\n');
  messages.push({ raw, tenant: sample.tenant });
}

const ITERATIONS = Number(process.env.BENCH_MESSAGES ?? 200_000);
let peakRss = process.memoryUsage().rss;
const durations = new Float64Array(ITERATIONS);
for (let i = 0; i < 2000; i++) classify(messages[i % SET_SIZE].raw, messages[i % SET_SIZE].tenant); // warm-up
const start = process.hrtime.bigint();
for (let i = 0; i < ITERATIONS; i++) {
  const m = messages[i % SET_SIZE];
  const t0 = process.hrtime.bigint();
  classify(m.raw, m.tenant);
  durations[i] = Number(process.hrtime.bigint() - t0) / 1e3;
  if ((i & 4095) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
peakRss = Math.max(peakRss, process.memoryUsage().rss);
durations.sort();
const pct = (p) => durations[Math.min(durations.length - 1, Math.floor(durations.length * p))];
const avgBytes = Math.round(messages.reduce((s, m) => s + m.raw.length, 0) / messages.length);

console.log('### Classifier (`classify`, one core)');
console.log('');
console.log(`| measure | result | target |`);
console.log(`|---|---|---|`);
console.log(`| messages classified | ${ITERATIONS.toLocaleString('en')} (${SET_SIZE} distinct, ${avgBytes} bytes average, 14 kinds) | |`);
console.log(`| throughput | ${Math.round(ITERATIONS / seconds).toLocaleString('en')} messages/s | >= 10,000 |`);
console.log(`| per message p50 / p99 | ${pct(0.5).toFixed(1)} µs / ${pct(0.99).toFixed(1)} µs | |`);
console.log(`| peak RSS | ${(peakRss / 1048576).toFixed(0)} MB | |`);
