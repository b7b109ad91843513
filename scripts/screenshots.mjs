#!/usr/bin/env node
// `npm run screenshots`: runs the tests that take the documentation's screenshots (they write to build/screenshots/,
// so `npm test` never touches tracked files), then copies the pictures into docs/screenshots/ for review and commit.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const shotsDir = join('build', 'screenshots');
const docsDir = join('docs', 'screenshots');
const tests = [
  'test/browser/demo.test.ts',
  'test/browser/taskpane.test.ts',
  'test/browser/tab.test.ts',
  'test/e2e/cards-render.test.ts',
];

rmSync(shotsDir, { recursive: true, force: true });
const status = spawnSync('npx', ['jest', ...tests], { stdio: 'inherit' }).status ?? 1;
if (status !== 0) {
  console.error('screenshots: the tests failed, docs/screenshots/ left unchanged');
  process.exit(1);
}
const pictures = existsSync(shotsDir) ? readdirSync(shotsDir).filter((f) => f.endsWith('.png')) : [];
if (!pictures.length) {
  console.error(`screenshots: the tests wrote no picture into ${shotsDir}`);
  process.exit(1);
}
mkdirSync(docsDir, { recursive: true });
for (const file of pictures) copyFileSync(join(shotsDir, file), join(docsDir, file));
console.log(`screenshots: ${pictures.length} pictures copied into ${docsDir}: ${pictures.join(', ')}`);
