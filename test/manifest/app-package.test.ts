import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { AppManifestUtils, type TeamsManifestLatest } from '@microsoft/app-manifest';
import { INTENTS } from '../../bot/src/conversation/intents/intent-lexicon.js';
import { ciIds, fixturesDir, iconsDir, repoRoot, runBuild, type BuildRun, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

const schemasDir = join(repoRoot, 'node_modules/@microsoft/app-manifest/build/json-schemas/teams');

// Bot commands and the message action from the shared integration contract.
const USER_COMMANDS = ['help', 'check', 'report', 'reports'];
// The schema allows 12 commands per list, so `malicious` (13th intent) is named in approve's description.
const ADMIN_COMMANDS = ['inventory', 'import', 'approve', 'migrate', 'retire', 'readiness', 'probe', 'watch'];

type Runtime = NonNullable<NonNullable<TeamsManifestLatest['extensions']>[number]['runtimes']>[number];

function collectStrings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => collectStrings(item, found));
  return found;
}

async function buildAndOpen(envName: string): Promise<{ run: BuildRun; zip: JSZip; manifest: TeamsManifestLatest }> {
  const run = runBuild(['--env', envName, '--env-dir', fixturesDir]);
  if (run.status !== 0) throw new Error(`build failed (${run.status}): ${run.stderr}`);
  const zip = await JSZip.loadAsync(readFileSync(join(run.outDir, `appPackage.${envName}.zip`)));
  const text = await zip.file('manifest.json')!.async('string');
  return { run, zip, manifest: JSON.parse(text) as TeamsManifestLatest };
}

describe('Teams app package (env "ci")', () => {
  let run: BuildRun;
  let zip: JSZip;
  let manifest: TeamsManifestLatest;
  let extension: NonNullable<TeamsManifestLatest['extensions']>[number];

  beforeAll(async () => {
    ({ run, zip, manifest } = await buildAndOpen('ci'));
    extension = manifest.extensions![0]!;
  });

  test('the build reports both outputs and writes exactly those files', () => {
    expect(run.stdout).toContain('appPackage.ci.zip');
    expect(run.stdout).toContain('outlook-addin.ci.xml');
    expect(readdirSync(run.outDir).sort()).toEqual(['appPackage.ci.zip', 'outlook-addin.ci.xml']);
  });

  test('the zip holds manifest.json and the two icons at its root, nothing else', () => {
    const names = Object.values(zip.files)
      .filter((entry) => !entry.dir)
      .map((entry) => entry.name);
    expect(names.sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  test('the icons in the zip are the committed ones', async () => {
    for (const name of ['color.png', 'outline.png']) {
      const packed = await zip.file(name)!.async('nodebuffer');
      expect(packed.equals(readFileSync(join(iconsDir, name)))).toBe(true);
    }
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  test('uses the highest manifest schema that @microsoft/app-manifest bundles', () => {
    const versions = readdirSync(schemasDir)
      .filter((dir) => /^v1\.\d+$/.test(dir))
      .map((dir) => Number(dir.slice('v1.'.length)));
    const highest = `1.${Math.max(...versions)}`;
    expect(manifest.manifestVersion).toBe(highest);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${highest}/MicrosoftTeams.schema.json`,
    );
    expect(existsSync(join(schemasDir, `v${highest}`, 'MicrosoftTeams.schema.json'))).toBe(true);
  });

  test('validates against the official schema offline', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network disabled in this test'));
    try {
      await expect(AppManifestUtils.validateAgainstSchema(manifest)).resolves.toEqual([]);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  test('the schema check is real: a broken copy is rejected with the failing paths', async () => {
    const broken = JSON.parse(JSON.stringify(manifest)) as Record<string, any>;
    delete broken.extensions[0].ribbons[1].tabs;
    broken.bots[0].botId = 'not-a-guid';
    const errors = await AppManifestUtils.validateAgainstSchema(broken as TeamsManifestLatest);
    expect(errors.some((e) => e.startsWith('/extensions/0/ribbons/1') && e.includes('tabs'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/bots/0/botId'))).toBe(true);
  });

  test('every placeholder is filled from the env file', () => {
    const text = JSON.stringify(manifest);
    expect(text).not.toMatch(/\$\{\{/);
    expect(manifest.id).toBe(ciIds.teamsAppId);
    expect(manifest.version).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
    expect(manifest.name.short).toBe('Direct Send Guard (local)');
    expect(manifest.validDomains).toEqual(['localhost:3000']);
  });

  test('every URL is https on PUBLIC_URL', () => {
    const urls = collectStrings(manifest).filter((s) => /^[a-z]+:\/\//i.test(s) && !s.startsWith('api://'));
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls.filter((u) => u !== manifest.$schema))
      expect(url.startsWith(`${ciIds.publicUrl}/`)).toBe(true);
  });

  test('the bot: personal and team scopes, files, and the contract commands per scope', () => {
    const bot = manifest.bots![0]!;
    expect(bot.botId).toBe(ciIds.botId);
    expect(bot.scopes.sort()).toEqual(['personal', 'team']);
    expect(bot.supportsFiles).toBe(true);
    const lists = bot.commandLists ?? [];
    for (const scope of ['personal', 'team'] as const) {
      const list = lists.find((l) => l.scopes.includes(scope));
      expect(list?.commands.map((c) => c.title)).toEqual([...USER_COMMANDS, ...ADMIN_COMMANDS]);
      // Every menu entry is a command the bot understands.
      for (const command of list!.commands) expect(INTENTS).toContain(command.title);
    }
  });

  test('the message action "Report to Direct Send Guard"', () => {
    const extensionForBot = manifest.composeExtensions![0]!;
    expect(extensionForBot.botId).toBe(ciIds.botId);
    expect(extensionForBot.commands).toEqual([
      expect.objectContaining({
        id: 'reportMessage',
        type: 'action',
        title: 'Report to Direct Send Guard',
        context: ['message'],
        fetchTask: true,
      }),
    ]);
  });

  test('the Outlook add-in: Mailbox 1.8, read item permission, one extension', () => {
    expect(manifest.extensions).toHaveLength(1);
    expect(extension.requirements).toEqual({
      scopes: ['mail'],
      capabilities: [{ name: 'Mailbox', minVersion: '1.8' }],
    });
    expect(manifest.authorization?.permissions?.resourceSpecific).toEqual([
      { name: 'MailboxItem.Read.User', type: 'Delegated' },
    ]);
  });

  test('the read-mode task pane is pinnable and opened from the message-read ribbon', () => {
    const runtimes: Runtime[] = extension.runtimes ?? [];
    const pane = runtimes.find((r) => r.code.page === `${ciIds.publicUrl}/addin/taskpane.html`);
    const openPage = pane?.actions?.find((a) => a.type === 'openPage');
    expect(openPage?.pinnable).toBe(true);
    const readRibbon = extension.ribbons!.find((r) => r.contexts?.includes('mailRead'));
    const controls = readRibbon?.tabs.flatMap((t) => t.groups ?? []).flatMap((g) => g.controls ?? []) ?? [];
    expect(controls.map((c) => c.actionId)).toContain(openPage?.id);
  });

  test('spam reporting: report.html + report.js runtime, fixed control, pre-processing dialog, Mailbox 1.14', () => {
    const runtime = extension.runtimes!.find((r) => r.code.script !== undefined);
    expect(runtime?.code).toEqual({
      page: `${ciIds.publicUrl}/addin/report.html`,
      script: `${ciIds.publicUrl}/addin/report.js`,
    });
    expect(runtime?.requirements?.capabilities).toEqual([{ name: 'Mailbox', minVersion: '1.14' }]);
    const action = runtime?.actions?.[0];
    expect(action?.type).toBe('executeFunction');

    const spam = extension.ribbons!.find((r) => r.contexts?.includes('spamReportingOverride'));
    expect(spam?.tabs).toEqual([]);
    expect(spam?.requirements?.capabilities).toEqual([{ name: 'Mailbox', minVersion: '1.14' }]);
    expect(spam?.fixedControls).toHaveLength(1);
    expect(spam?.fixedControls?.[0]?.actionId).toBe(action?.id);
    expect(spam?.spamPreProcessingDialog?.title).toBeTruthy();
    expect(spam?.spamPreProcessingDialog?.description).toBeTruthy();
  });

  test("the ribbon icons are the add-in build's assets", () => {
    const iconUrls = collectStrings(extension).filter((s) => s.includes('/addin/assets/'));
    const sizes = new Set(iconUrls.map((u) => /icon-(\d+)\.png$/.exec(u)?.[1]));
    expect([...sizes].sort()).toEqual(['16', '32', '80']);
    for (const size of sizes) expect(existsSync(join(iconsDir, `icon-${size}.png`))).toBe(true);
  });

  test('links the XML add-in so users do not see duplicate buttons', () => {
    const hides = (extension.alternates ?? []).map((a) => a.hide?.customOfficeAddin?.officeAddinId);
    expect(hides).toContain(ciIds.addinId);
    // alternateIcons would make the admin center generate a second XML add-in for Mac, next to ours.
    expect((extension.alternates ?? []).some((a) => a.alternateIcons)).toBe(false);
  });

  test('identical inputs give a byte-identical package', () => {
    const again = runBuild(['--env', 'ci', '--env-dir', fixturesDir]);
    expect(again.status).toBe(0);
    const first = readFileSync(join(run.outDir, 'appPackage.ci.zip'));
    expect(readFileSync(join(again.outDir, 'appPackage.ci.zip')).equals(first)).toBe(true);
  });
});

describe('Teams app package (env "hosted": optional variables and escaping)', () => {
  test('optional variables, a trailing slash and quotes/ampersands come out valid', async () => {
    const { manifest } = await buildAndOpen('hosted');
    await expect(AppManifestUtils.validateAgainstSchema(manifest)).resolves.toEqual([]);
    expect(manifest.version).toBe('2.4.1');
    expect(manifest.name.short).toBe('Direct Send Guard');
    expect(manifest.developer).toEqual({
      name: 'Contoso "Security" & IT',
      websiteUrl: 'https://intranet.contoso.example/dsguard',
      privacyUrl: 'https://intranet.contoso.example/privacy',
      termsOfUseUrl: 'https://intranet.contoso.example/terms',
    });
    expect(manifest.validDomains).toEqual(['dsguard.contoso.example']);
    expect(extensionPage(manifest)).toBe('https://dsguard.contoso.example/addin/taskpane.html');
  });
});

function extensionPage(manifest: TeamsManifestLatest): string | undefined {
  return manifest.extensions?.[0]?.runtimes?.[0]?.code.page;
}
