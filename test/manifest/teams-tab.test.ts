import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { AppManifestUtils, type TeamsManifestLatest } from '@microsoft/app-manifest';
import { ciIds, fixturesDir, removeTempDirs, runBuild, tempDir, type BuildRun } from './helpers.js';

afterAll(removeTempDirs);

const NIL = '00000000-0000-0000-0000-000000000000';
const CLIENT = '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8';
const ciEnv = readFileSync(join(fixturesDir, '.env.ci'), 'utf8');

function buildWith(extra: string): BuildRun {
  const dir = tempDir('env');
  writeFileSync(join(dir, '.env.ci'), `${ciEnv}${extra}`);
  return runBuild(['--env', 'ci', '--env-dir', dir]);
}

async function manifestOf(run: BuildRun): Promise<TeamsManifestLatest> {
  if (run.status !== 0) throw new Error(`build failed (${run.status}): ${run.stderr}`);
  const zip = await JSZip.loadAsync(readFileSync(join(run.outDir, 'appPackage.ci.zip')));
  return JSON.parse(await zip.file('manifest.json')!.async('string')) as TeamsManifestLatest;
}

test('personal static tabs show the reports page and the admin dashboard from PUBLIC_URL', async () => {
  const manifest = await manifestOf(buildWith(''));
  expect(manifest.staticTabs).toEqual([
    { entityId: 'reports', name: 'Reports', contentUrl: `${ciIds.publicUrl}/addin/tab.html`, scopes: ['personal'] },
    {
      entityId: 'dashboard',
      name: 'Dashboard',
      contentUrl: `${ciIds.publicUrl}/addin/dashboard.html`,
      scopes: ['personal'],
    },
  ]);
});

test('with ENTRA_CLIENT_ID, webApplicationInfo names the app and the api://<domain>/<client id> resource Teams SSO needs', async () => {
  const run = buildWith(`ENTRA_CLIENT_ID=${CLIENT}\n`);
  const manifest = await manifestOf(run);
  expect(manifest.webApplicationInfo).toEqual({ id: CLIENT, resource: `api://localhost:3000/${CLIENT}` });
  expect(run.stderr).not.toContain('ENTRA_CLIENT_ID');
  await expect(AppManifestUtils.validateAgainstSchema(manifest)).resolves.toEqual([]);
});

test('without ENTRA_CLIENT_ID (local packaging), the nil UUID goes in, with a warning, and the package is valid', async () => {
  for (const extra of ['', 'ENTRA_CLIENT_ID=\n']) {
    const run = buildWith(extra);
    const manifest = await manifestOf(run);
    expect(manifest.webApplicationInfo).toEqual({ id: NIL, resource: `api://localhost:3000/${NIL}` });
    expect(run.stderr).toContain('warning: ENTRA_CLIENT_ID is not set');
    await expect(AppManifestUtils.validateAgainstSchema(manifest)).resolves.toEqual([]);
  }
});

test('a malformed ENTRA_CLIENT_ID is refused with a clear message', () => {
  const run = buildWith('ENTRA_CLIENT_ID=api://my-app\n');
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/ENTRA_CLIENT_ID must be an RFC 4122 UUID .*api:\/\/my-app/);
});
