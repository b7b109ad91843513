/**
 * Jest globalSetup: builds what the tests run as real programs, once per jest run and before any worker starts,
 * so no test builds (and no two workers race to build the same output):
 *   shared/dist and bot/dist (`tsc -b`): the `dsguard` binary and the server processes of the e2e tests;
 *   addin/dist (addin/build.mjs, only when an input changed): the pages the browser and e2e tests load.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../addin/build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

export default async function globalSetup() {
  const compiled = spawnSync(process.execPath, [tsc, '-b', 'shared/tsconfig.json', 'bot/tsconfig.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (compiled.status !== 0) throw new Error(`tsc -b shared bot failed:\n${compiled.stdout}${compiled.stderr}`);
  await ensureBuilt({ log: () => {} });
}
