/**
 * The built task pane (addin/dist, built by jest's global setup) within its size budget: what the page loads before
 * its verdict stays under 200 KB gzip, and the evidence view and report form stay out of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(__dirname, '..', 'dist');
const BUDGET_GZIP_BYTES = 200 * 1024;

interface BuildInfo {
  taskpaneFiles: string[];
  taskpaneLazyFiles: string[];
  taskpaneMsalFiles: string[];
}

const info = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as BuildInfo;
const read = (file: string) => readFileSync(join(dist, file), 'utf8');
const gzipBytes = (files: string[]) => files.reduce((n, f) => n + gzipSync(read(f), { level: 9 }).length, 0);

test('what the task pane loads before its verdict is under 200 KB gzip', () => {
  expect(info.taskpaneFiles[0]).toBe('taskpane.js');
  expect(gzipBytes(info.taskpaneFiles)).toBeLessThan(BUDGET_GZIP_BYTES);
  // Each file the page imports at start is preloaded by the page, so the browser fetches them in parallel.
  const html = read('taskpane.html');
  for (const file of info.taskpaneFiles.slice(1)) expect(html).toContain(`<link rel="modulepreload" href="./${file}">`);
});

test('the evidence view, the report form and MSAL are fetched on demand, not at start', () => {
  const eager = info.taskpaneFiles.map(read).join('\n');
  const lazy = info.taskpaneLazyFiles.map(read).join('\n');
  // Display names Fluent UI gives its components (kept by the minifier as strings).
  for (const component of ['fui-Accordion', 'fui-Textarea', 'fui-Checkbox']) {
    expect(eager).not.toContain(component);
    expect(lazy).toContain(component);
  }
  expect(info.taskpaneMsalFiles.length).toBeGreaterThan(0);
  for (const file of info.taskpaneMsalFiles) expect(info.taskpaneFiles).not.toContain(file);
});

test('the pane files ask V8 to compile their functions while they stream in', () => {
  for (const file of info.taskpaneFiles) expect(read(file).startsWith('//# allFunctionsCalledOnLoad\n')).toBe(true);
});
