import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { classify, VERDICT_ADVICE, VERDICT_HEADLINE, type VerdictCode } from '../src/index.js';
import { formatHuman } from '../src/cli/format.js';
import { main } from '../src/cli/main.js';

const root = resolve(__dirname, '../..');
const samples = join(root, 'samples');

async function run(argv: string[], stdinText = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await main(argv, { stdin: Readable.from([stdinText]), stdout, stderr, cwd: root, env: {} });
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'dsguard-cli-'));
const tenantFile = join(tmp, 'tenant.json');
writeFileSync(tenantFile, JSON.stringify({ acceptedDomains: ['contoso.com'] }));

describe('dsguard classify', () => {
  test('--json prints one JSON line per input with file, verdict, score, reasons, facts', async () => {
    const { code, out, err } = await run([
      'classify',
      '--json',
      'samples/03-spoof-junk.eml',
      'samples/08-external.eml',
    ]);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(['file', 'verdict', 'score', 'reasons', 'facts']);
    expect(lines[0]).toMatchObject({ file: 'samples/03-spoof-junk.eml', verdict: 'spoof' });
    expect(lines[1]).toMatchObject({ file: 'samples/08-external.eml', verdict: 'external' });
  });

  test('--tenant applies known senders', async () => {
    const tenant = join(tmp, 'known.json');
    writeFileSync(
      tenant,
      JSON.stringify({
        acceptedDomains: ['tailspintoys.net'],
        knownSenders: [{ name: 'Copier', ips: ['192.223.74.0/24'] }],
      }),
    );
    const { out } = await run(['classify', '--json', '--tenant', tenant, 'samples/06-device-known.eml']);
    expect(JSON.parse(out)).toMatchObject({ verdict: 'direct-send', facts: { knownSender: 'Copier' } });
  });

  test('reads standard input with -', async () => {
    const { code, out } = await run(['classify', '--json', '-'], 'From: a@contoso.com\n\n');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ file: '-', verdict: 'unknown' });
  });

  test('the human summary names the verdict, the reasons and what to do', async () => {
    const { code, out } = await run(['classify', '--tenant', tenantFile, 'samples/03-spoof-junk.eml']);
    expect(code).toBe(0);
    expect(out).toContain('PROBABLE DIRECT SEND SPOOF');
    expect(out).toMatch(/Why:\n.*combined sender check failed/);
    expect(out).toContain('What to do: Do not click links');
    expect(out).not.toContain('\x1b[');
  });

  test('for legitimate Direct Send the summary leads with what makes it legitimate', async () => {
    const { out } = await run(['classify', '--tenant', tenantFile, 'samples/05-device-spfpass.eml']);
    expect(out).toContain('LEGITIMATE DIRECT SEND');
    const why = out.slice(out.indexOf('Why:'), out.indexOf('What to do:'));
    expect(why).toMatch(/DMARC passed|SPF passed|combined sender check passed/);
    expect(why.indexOf('passed')).toBeLessThan(
      why.indexOf('no valid DKIM') === -1 ? Infinity : why.indexOf('no valid DKIM'),
    );
  });

  test.each([
    [['classify', 'samples/does-not-exist.eml'], /does-not-exist.eml: no such file/],
    [['classify', 'samples'], /samples: is a directory/],
    [['classify', '--bogus', 'x'], /unknown option --bogus/],
    [['classify'], /no input/],
    [['classify', '--tenant'], /--tenant needs a file name/],
    [['classify', '--tenant', 'samples/01-spoof-self.eml', 'samples/01-spoof-self.eml'], /not valid JSON/],
    [['frobnicate'], /unknown command frobnicate/],
  ])('%j exits 2 with one clear line on stderr', async (argv, message) => {
    const { code, err } = await run(argv as string[]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  test('options parse as documented: --tenant=file, repeated flags, -- before inputs that look like options', async () => {
    const joined = await run(['classify', '--json', `--tenant=${tenantFile}`, 'samples/03-spoof-junk.eml']);
    expect(joined.code).toBe(0);
    expect(JSON.parse(joined.out)).toMatchObject({ verdict: 'spoof' });
    const dashed = join(tmp, '--odd-name.eml');
    writeFileSync(dashed, 'From: a@contoso.com\n\n');
    const terminated = await run(['classify', '--json', '--json', '--', dashed]);
    expect(terminated.code).toBe(0);
    expect(JSON.parse(terminated.out)).toMatchObject({ file: dashed, verdict: 'unknown' });
  });

  test.each([
    [['classify', '--json=yes', 'x'], /unknown option --json=yes \(see dsguard --help\)/],
    [['classify', '-jx', 'x'], /unknown option -jx/],
    [['classify', '--tenant='], /--tenant needs a file name/],
    [['classify', '-', '-'], /standard input \(-\) can be read only once/],
  ])('%j is refused with exit code 2', async (argv, message) => {
    const { code, err } = await run(argv as string[]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'shared', 'package.json'), 'utf8')) as { version: string };
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out).toBe(`dsguard ${version}\n`);
  });

  test('an unreadable input among good ones still prints the good ones and exits 2', async () => {
    const empty = join(tmp, 'empty.eml');
    writeFileSync(empty, '');
    const { code, out, err } = await run(['classify', '--json', empty, 'samples/07-internal.eml']);
    expect(code).toBe(2);
    expect(err).toMatch(/empty.eml: The input is empty/);
    expect(JSON.parse(out)).toMatchObject({ verdict: 'internal' });
  });

  test('npx dsguard works from the repository root', () => {
    const result = spawnSync('npx', ['dsguard', 'classify', '--json', join(samples, '01-spoof-self.eml')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'spoof' });
    // The binary hands the environment to the admin commands (DSGUARD_DB names the inventory database).
    const db = join(tmp, 'nowhere.sqlite');
    const list = spawnSync('npx', ['dsguard', 'inventory', 'list'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DSGUARD_DB: db, DATABASE_URL: '' },
    });
    expect(`${list.stdout}${list.stderr}`).toContain(db);
    const bad = spawnSync('npx', ['dsguard', 'classify', '--nope'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^dsguard: unknown option --nope/);
  });
});

test.each(Object.keys(VERDICT_HEADLINE) as VerdictCode[])(
  'the CLI names %s with the headline and advice of the other surfaces',
  (code) => {
    const verdict = { ...classify(readFileSync(join(samples, '01-spoof-self.eml'), 'utf8')), verdict: code };
    const out = formatHuman('message.eml', verdict, false);
    expect(out).toContain(VERDICT_HEADLINE[code].toUpperCase());
    expect(out.replace(/\s+/g, ' ')).toContain(VERDICT_ADVICE[code]);
  },
);
