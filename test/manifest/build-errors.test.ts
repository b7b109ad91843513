import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { ciIds, fixturesDir, runBuild, tempDir, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

function listFiles(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe('npm run package: bad input fails clearly and writes nothing', () => {
  test('lists every missing variable in one message, counting empty values as missing', () => {
    const run = runBuild(['--env', 'incomplete', '--env-dir', fixturesDir]);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    const missingLine = lines.find((line) => line.includes('missing variables'));
    expect(missingLine).toBeDefined();
    for (const name of ['TEAMS_APP_ID', 'ADDIN_ID', 'APP_NAME_SUFFIX']) expect(missingLine).toContain(name);
    for (const name of ['BOT_ID', 'PUBLIC_URL']) expect(missingLine).not.toContain(name);
    expect(missingLine).toContain('.env.incomplete');
    expect(run.stderr).not.toMatch(/at .*\.mjs:\d+/); // a message, not a stack trace
    expect(listFiles(run.outDir)).toEqual([]);
  });

  test('rejects ids that are not RFC 4122 UUIDs, http URLs and bad versions, all at once', () => {
    const run = runBuild(['--env', 'invalid', '--env-dir', fixturesDir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/TEAMS_APP_ID must be an RFC 4122 UUID .*0e5f/);
    expect(run.stderr).toMatch(/BOT_ID must be an RFC 4122 UUID .*cb0c/);
    expect(run.stderr).toMatch(/ADDIN_ID must be an RFC 4122 UUID .*not-a-guid/);
    expect(run.stderr).toMatch(/PUBLIC_URL must use https/);
    expect(run.stderr).toMatch(/APP_VERSION must be a version such as 1\.2\.3 \(got "1\.0"\)/);
    expect(run.stderr).not.toContain('missing variable');
    expect(listFiles(run.outDir)).toEqual([]);
  });

  test('a failed build leaves the previous outputs untouched and no temporary files', () => {
    const outDir = tempDir('keep');
    expect(runBuild(['--env', 'ci', '--env-dir', fixturesDir], outDir).status).toBe(0);
    const before = listFiles(outDir).map((name) => readFileSync(join(outDir, name)));

    const envDir = tempDir('env');
    writeFileSync(
      join(envDir, '.env.ci'),
      readFileSync(join(fixturesDir, '.env.ci'), 'utf8').replace(/^BOT_ID=.*$/m, 'BOT_ID='),
    );
    const failed = runBuild(['--env', 'ci', '--env-dir', envDir], outDir);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('BOT_ID');
    expect(listFiles(outDir)).toEqual(['appPackage.ci.zip', 'outlook-addin.ci.xml']);
    listFiles(outDir).forEach((name, i) => expect(readFileSync(join(outDir, name)).equals(before[i]!)).toBe(true));
  });

  test('a missing env file is named, with a hint', () => {
    const run = runBuild(['--env', 'nosuch', '--env-dir', fixturesDir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('.env.nosuch not found');
    expect(listFiles(run.outDir)).toEqual([]);
  });

  test('refuses env names that would leave the env directory, and a missing --env', () => {
    const traversal = runBuild(['--env', '../fixtures/.env.ci', '--env-dir', fixturesDir]);
    expect(traversal.status).toBe(1);
    expect(traversal.stderr).toContain('--env must be a name');
    const none = runBuild(['--env-dir', fixturesDir]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('--env is required');
    const unknown = runBuild(['--env', 'ci', '--bogus']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown option --bogus');
  });

  test('.env.<name>.user overrides .env.<name>', async () => {
    const envDir = tempDir('user');
    copyFileSync(join(fixturesDir, '.env.ci'), join(envDir, '.env.ci'));
    writeFileSync(join(envDir, '.env.ci.user'), 'APP_NAME_SUFFIX=" (mine)"\n');
    const run = runBuild(['--env', 'ci', '--env-dir', envDir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('.env.ci.user');
    const zip = await JSZip.loadAsync(readFileSync(join(run.outDir, 'appPackage.ci.zip')));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.name.short).toBe('Direct Send Guard (mine)');
    expect(manifest.id).toBe(ciIds.teamsAppId);
  });

  test('a malformed env line is reported with its file and line number', () => {
    const envDir = tempDir('malformed');
    writeFileSync(
      join(envDir, '.env.ci'),
      `${readFileSync(join(fixturesDir, '.env.ci'), 'utf8')}this line has no equals sign\n`,
    );
    const run = runBuild(['--env', 'ci', '--env-dir', envDir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/\.env\.ci:7: expected KEY=value/);
    expect(listFiles(run.outDir)).toEqual([]);
  });

  test('the Teams app and the XML add-in must have different ids', () => {
    const envDir = tempDir('sameid');
    writeFileSync(
      join(envDir, '.env.ci'),
      readFileSync(join(fixturesDir, '.env.ci'), 'utf8').replace(/^ADDIN_ID=.*$/m, `ADDIN_ID=${ciIds.teamsAppId}`),
    );
    const run = runBuild(['--env', 'ci', '--env-dir', envDir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ADDIN_ID must differ from TEAMS_APP_ID');
  });
});
