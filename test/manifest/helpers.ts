import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');
export const fixturesDir = join(__dirname, 'fixtures');
export const buildScript = join(repoRoot, 'manifest/build.mjs');
export const iconsDir = join(repoRoot, 'manifest/icons');

/** The ids in fixtures/.env.ci. */
export const ciIds = {
  teamsAppId: '5b1f4a0e-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
  botId: '7c2e5b1f-3d4e-4f60-9b0c-1d2e3f4a5b6c',
  addinId: '9d3f6c20-4e5f-4071-a0b1-2c3d4e5f6a7b',
  publicUrl: 'https://localhost:3000',
};

export interface BuildRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outDir: string;
}

const createdDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `dsguard-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

/** Removes every directory tempDir created in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs `node manifest/build.mjs` as `npm run package` would, writing into a fresh (or given) directory. */
export function runBuild(args: string[], outDir: string = tempDir('package')): BuildRun {
  const result = spawnSync(process.execPath, [buildScript, ...args, '--out-dir', outDir], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 20000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outDir };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
