#!/usr/bin/env node
// The README's test command: type-check the solution (tsconfig.json: every workspace and every test project), lint
// (ESLint with the import boundaries, Prettier), then run every jest test once, and close with one
// "N passed, N failed" line that CI reads. A missing tsconfig is a failure, never a silently skipped check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;
const failures = [];

const solution = 'tsconfig.json';
if (!existsSync(solution)) failures.push(`type check: ${solution} (the solution file) is missing`);
else {
  const references = JSON.parse(readFileSync(solution, 'utf8')).references ?? [];
  const missing = references
    .map((r) => r.path)
    .filter((p) => !existsSync(p.endsWith('.json') ? p : join(p, 'tsconfig.json')));
  if (!references.length) failures.push(`type check: ${solution} references no project`);
  for (const path of missing) failures.push(`type check: ${path} is missing (referenced by ${solution})`);
  if (!missing.length && references.length && run('npx', ['tsc', '-b', solution]) !== 0)
    failures.push('type check: tsc -b failed');
}

// ESLint names the rule (and, for boundaries, the boundary) of every problem it prints.
if (run('npx', ['eslint', '--max-warnings=0', '.']) !== 0) failures.push('lint: eslint failed (rule names above)');
if (run('npx', ['prettier', '--check', '.']) !== 0)
  failures.push('format: prettier --check failed (npm run format fixes it)');

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
for (const failure of failures) console.error(failure);
failed += failures.length;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = jestStatus !== 0 || failed > 0 ? 1 : 0;
