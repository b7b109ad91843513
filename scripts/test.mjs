#!/usr/bin/env node
// The README's test command: type-check every workspace, then run every jest test once,
// and close with one "N passed, N failed" line that CI reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;

const typecheckProjects = ['shared/tsconfig.json', 'shared/tsconfig.test.json']
  .concat(['addin/tsconfig.json', 'bot/tsconfig.json', 'bot/tsconfig.test.json', 'test/tsconfig.json'].filter((p) => existsSync(p)));
let failedChecks = 0;
for (const project of typecheckProjects) {
  const isBuild = !project.endsWith('test.json') && project !== 'test/tsconfig.json';
  const status = isBuild
    ? run('npx', ['tsc', '-b', project])
    : run('npx', ['tsc', '-p', project, '--noEmit']);
  if (status !== 0) {
    console.error(`type check failed: ${project}`);
    failedChecks += 1;
  }
}

mkdirSync('build', { recursive: true });
const jestArgs = ['jest', '--json', '--outputFile=build/jest-results.json', ...process.argv.slice(2)];
const jestStatus = run('npx', jestArgs);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync('build/jest-results.json', 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  skipped = results.numPendingTests + results.numTodoTests;
} catch {
  failed += 1;
}
failed += failedChecks;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = jestStatus !== 0 || failed > 0 ? 1 : 0;
