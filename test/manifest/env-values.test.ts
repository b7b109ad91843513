import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { ciIds, fixturesDir, removeTempDirs, repoRoot, runBuild, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const NIL = '00000000-0000-0000-0000-000000000000';
const ciEnv = readFileSync(join(fixturesDir, '.env.ci'), 'utf8');

function envDirWith(text: string): string {
  const dir = tempDir('env');
  writeFileSync(join(dir, '.env.ci'), text);
  return dir;
}

async function manifestOf(outDir: string, envName = 'ci'): Promise<Record<string, any>> {
  const zip = await JSZip.loadAsync(readFileSync(join(outDir, `appPackage.${envName}.zip`)));
  return JSON.parse(await zip.file('manifest.json')!.async('string'));
}

test("the committed env/.env.local packages (the README's first-run path)", async () => {
  const run = runBuild(['--env', 'local', '--env-dir', join(repoRoot, 'env')]);
  expect(run.stderr).not.toMatch(/cannot package|invalid manifests|unexpected/);
  expect(run.status).toBe(0);
  const manifest = await manifestOf(run.outDir, 'local');
  expect(manifest.name.short).toMatch(/^Direct Send Guard/);
});

test('values may refer to other variables with ${{NAME}}', async () => {
  const dir = envDirWith(
    `${ciEnv}HELP_HOST=https://help.contoso.example\nWEBSITE_URL=\${{HELP_HOST}}/dsguard\nPRIVACY_URL=\${{ WEBSITE_URL }}/privacy\n`,
  );
  const run = runBuild(['--env', 'ci', '--env-dir', dir]);
  expect(run.status).toBe(0);
  const manifest = await manifestOf(run.outDir);
  expect(manifest.developer.websiteUrl).toBe('https://help.contoso.example/dsguard');
  expect(manifest.developer.privacyUrl).toBe('https://help.contoso.example/dsguard/privacy');
});

test('a reference to an unset variable, or to itself, is reported as missing', () => {
  const dir = envDirWith(`${ciEnv}WEBSITE_URL=\${{HELP_HOST}}/dsguard\nTERMS_URL=\${{TERMS_URL}}/x\n`);
  const run = runBuild(['--env', 'ci', '--env-dir', dir]);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/missing variables? .*HELP_HOST/);
  expect(run.stderr).toMatch(/missing variables? .*TERMS_URL/);
});

test('BOT_ID may be the nil UUID (no bot registration yet): valid package, with a warning', async () => {
  const dir = envDirWith(ciEnv.replace(/^BOT_ID=.*$/m, `BOT_ID=${NIL}`));
  const run = runBuild(['--env', 'ci', '--env-dir', dir]);
  expect(run.status).toBe(0);
  expect(run.stderr).toContain('warning: BOT_ID is the nil UUID');
  expect((await manifestOf(run.outDir)).bots[0].botId).toBe(NIL);
});

test('the Teams app id and the add-in id may not be the nil UUID', () => {
  const dir = envDirWith(
    ciEnv.replace(/^TEAMS_APP_ID=.*$/m, `TEAMS_APP_ID=${NIL}`).replace(/^ADDIN_ID=.*$/m, `ADDIN_ID=${NIL}`),
  );
  const run = runBuild(['--env', 'ci', '--env-dir', dir]);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('TEAMS_APP_ID must be an RFC 4122 UUID');
  expect(run.stderr).toContain('ADDIN_ID must be an RFC 4122 UUID');
});

test('PUBLIC_DOMAIN is computed from PUBLIC_URL, never read from the env file', async () => {
  const dir = envDirWith(`${ciEnv}PUBLIC_DOMAIN=evil.example\n`);
  const run = runBuild(['--env', 'ci', '--env-dir', dir]);
  expect(run.status).toBe(0);
  expect((await manifestOf(run.outDir)).validDomains).toEqual([new URL(ciIds.publicUrl).host]);
});

test('PUBLIC_URL must be an origin: a path is refused', () => {
  const dir = envDirWith(ciEnv.replace(/^PUBLIC_URL=.*$/m, 'PUBLIC_URL=https://contoso.example/dsguard'));
  const run = runBuild(['--env', 'ci', '--env-dir', dir]);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('PUBLIC_URL must be an origin only');
});
