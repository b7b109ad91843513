#!/usr/bin/env node
// npm run bench: builds, runs every bench/*.mjs (each prints Markdown figures), prints the figures and
// writes them with the command and the machine to docs/benchmarks.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const sections = [];
let failed = 0;
for (const file of benches) {
  process.stderr.write(`bench: ${file}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', join('bench', file)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  process.stdout.write(result.stdout);
  if (result.status !== 0) {
    failed++;
    process.stderr.write(result.stderr);
    sections.push(`### ${file}\n\nFailed (exit ${result.status}):\n\n\`\`\`\n${result.stderr.slice(-2000)}\n\`\`\``);
  } else sections.push(result.stdout.trim());
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
const doc = `# Benchmarks

Produced by \`npm run bench\` (bench/run.mjs runs every \`bench/*.mjs\`). Figures vary with the machine and its load;
compare runs on the same machine only.

- Command: \`npm run bench${only.length ? ` -- ${only.join(' ')}` : ''}\`
- Machine: ${machine}
- Date: ${new Date().toISOString()}

${sections.join('\n\n')}

## Reading the figures

- Classifier: one core, in process, over the 14 sample kinds with varied IPs, addresses and line endings, and over the
  865 real Exchange Online header blocks kept beside the repository (\`../shared/corpus-real\`), each set in its own process.
- Add-in: the task pane bundle as served (gzip -9): what it loads before its verdict, and apart what it fetches
  after it; the time from navigation to the verdict in headless Chromium with a fake Office.js answering at once
  (Outlook's own latency comes on top), with the load average beside it, and the CPU the page spends before its
  verdict in a few traced loads (main thread, and script compilation off it), which other load changes far less.
- Inventory import: a generated 1,000,000-row EAC summary CSV, streamed, aggregated and written in one transaction,
  against the sqlite3 shell's \`.import\` of the same file into a plain table (which parses no meaning).
- Admin dashboard: 5,000 sources from a generated 1,000,000-row trace imported into the server's SQLite file, then
  \`GET /api/dashboard\` against the real server, and the time from navigation to the first chart drawn in headless
  Chromium (cold page, no cache). Wall-clock figures: read them with the load average printed beside them.
- Server: the echo bot and "help" compare the framework path like for like (target ratio >= 0.8). A pasted-headers
  check does real work on top (classification, an Adaptive Card, a stored check for the card's Report button); its
  ratio to an echo is shown for transparency, not as the target.
- Tenant watcher: 100,000 generated \`EmailEvents\` rows (the most one advanced hunting query returns) served by a
  local stub, through the real client, \`classifyMailEvent\`, and the SQLite recording of messages, incidents, alerts
  and inventory; then the same rows again, as the overlap of the next poll reads them (all already seen, no alert).
`;
// Hand-written notes (before/after comparisons, analyses) start at "## Notes" and survive a new run.
const docPath = join(root, 'docs', 'benchmarks.md');
const previous = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
const notesAt = previous.search(/^## Notes\b/m);
const notes = notesAt === -1 ? '' : `\n${previous.slice(notesAt)}`;
if (only.length === 0) writeFileSync(docPath, doc + notes);
process.exitCode = failed ? 1 : 0;
