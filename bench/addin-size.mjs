#!/usr/bin/env node
/**
 * Gzip size of what the task pane page downloads before it can show a verdict: taskpane.js and the chunks it
 * imports statically. What it imports dynamically is listed apart: the evidence view and the report form (fetched
 * once the verdict shows) and MSAL (only when Entra is configured).
 * Target: under 200 KB gzip. Builds the add-in first when addin/dist is missing or stale.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'addin', 'dist');
const TARGET_KB = 200;

const built = spawnSync(process.execPath, [join(root, 'addin', 'build.mjs'), '--if-stale'], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) {
  console.error('addin-size: the add-in build failed');
  process.exit(1);
}

const info = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8'));
const measure = (files) =>
  files.reduce(
    (sum, f) => {
      const bytes = readFileSync(join(dist, f));
      return { raw: sum.raw + bytes.length, gzip: sum.gzip + gzipSync(bytes, { level: 9 }).length };
    },
    { raw: 0, gzip: 0 },
  );
const kb = (n) => (n / 1024).toFixed(1);

const pane = measure(info.taskpaneFiles);
const demo = measure(info.demoFiles);
const report = measure(['report.js']);
// What the pane fetches after its verdict: MSAL (only with Entra configured), the evidence view, the report form.
const msal = measure(info.taskpaneMsalFiles);
const afterVerdict = measure(info.taskpaneLazyFiles.filter((f) => !info.taskpaneMsalFiles.includes(f)));

console.log('Add-in bundle sizes (KB; gzip -9)');
console.log(
  `  task pane, loaded at start: ${kb(pane.gzip)} gzip (${kb(pane.raw)} raw), target < ${TARGET_KB} gzip: ${pane.gzip / 1024 < TARGET_KB ? 'met' : 'NOT met'}`,
);
console.log(
  `  task pane, after verdict:   ${kb(afterVerdict.gzip)} gzip (${kb(afterVerdict.raw)} raw), evidence view and report form`,
);
console.log(`  task pane, MSAL on demand:  ${kb(msal.gzip)} gzip (${kb(msal.raw)} raw), only with Entra configured`);
console.log(`  demo page:                  ${kb(demo.gzip)} gzip (${kb(demo.raw)} raw)`);
console.log(`  spam-report handler:        ${kb(report.gzip)} gzip (${kb(report.raw)} raw), one file`);
console.log(
  JSON.stringify({
    bench: 'addin-size',
    taskpaneGzipKB: +kb(pane.gzip),
    targetKB: TARGET_KB,
    afterVerdictGzipKB: +kb(afterVerdict.gzip),
    msalGzipKB: +kb(msal.gzip),
    demoGzipKB: +kb(demo.gzip),
    reportGzipKB: +kb(report.gzip),
  }),
);
