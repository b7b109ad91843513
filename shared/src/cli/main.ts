import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { parseTenantContext, tryClassify, type TenantContext } from '../index.js';
import { formatHuman } from './format.js';
import { readFileHead, readStreamHead } from './read-input.js';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** Commands implemented outside this package (Node-only admin tools), loaded on demand. */
// Temporary exception (issue 11): the classifier reaching up into the server is the boundary violation that issue 11
// removes by moving the admin verbs out of shared/; until then the lint rule names it and this line allows it.
// eslint-disable-next-line no-restricted-syntax
const ADMIN_CLI = '@dsguard/bot/admin-cli';
export type ExternalCommand = (argv: string[], io: CliIo) => Promise<number>;
const EXTERNAL_COMMANDS: Record<string, { module: string; exportName: string; sub?: Record<string, string> }> = {
  inventory: {
    module: ADMIN_CLI,
    exportName: '',
    sub: {
      import: 'inventoryImport',
      list: 'inventoryList',
      pull: 'inventoryPull',
      approve: 'inventoryApprove',
      migrate: 'inventoryMigrate',
      malicious: 'inventoryMalicious',
      retire: 'inventoryRetire',
    },
  },
  readiness: { module: ADMIN_CLI, exportName: 'readiness' },
  demo: { module: ADMIN_CLI, exportName: 'demo' },
  watch: { module: ADMIN_CLI, exportName: 'watch' },
};

const USAGE = `Usage:
  dsguard classify [--json] [--tenant tenant.json] <file|-> ...
      Classify .eml files or header blocks ("-" reads standard input).
      --json      one JSON object per input per line (file, verdict, score, reasons, facts)
      --tenant    a JSON file with your accepted domains, known senders and gateway IPs
  dsguard inventory import <file> [--db <path>]
      Add a message trace export (EAC summary, extended, NoConnector report) to the Direct Send inventory.
  dsguard inventory pull --from graph|defender|reports [--days N] [--domain d]... [--db <path>]
      Add Graph message trace, Defender hunting results or filed reports (credentials in DSGUARD_*).
  dsguard inventory list [--json] [--db <path>]
  dsguard inventory approve|migrate|malicious|retire <source> [--name n] [--by who] [--db <path>]
  dsguard readiness [--json|--csv] [--snapshot <file>]
      Can RejectDirectSend be switched on? Live with DSGUARD_* credentials, or from a saved snapshot.
  dsguard demo [--db <path>]
      Load demo data of a fictitious tenant into data/dsguard-demo.sqlite; then run DSGUARD_DEMO=1 npm start.
  dsguard watch --once [--json] [--db <path>]
      One poll of the tenant watcher's sources (WATCH_SOURCES, DSGUARD_*): prints the new incidents.
  dsguard --help | --version`;

class UsageError extends Error {}

interface ClassifyArgs {
  json: boolean;
  tenantFile?: string;
  inputs: string[];
}

function parseClassifyArgs(argv: string[]): ClassifyArgs {
  const args: ClassifyArgs = { json: false, inputs: [] };
  // Not strict: parseArgs's own errors would name neither our options nor `dsguard --help`; the tokens are checked here.
  const { tokens } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, tenant: { type: 'string' } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'positional') args.inputs.push(token.value);
    else if (token.kind === 'option' && token.name === 'json' && token.value === undefined) args.json = true;
    else if (token.kind === 'option' && token.name === 'tenant' && token.rawName === '--tenant') {
      if (!token.value) throw new UsageError('--tenant needs a file name');
      args.tenantFile = token.value;
    } else if (token.kind === 'option') {
      throw new UsageError(`unknown option ${argv[token.index]} (see dsguard --help)`);
    }
  }
  if (!args.inputs.length) throw new UsageError('no input: give one or more .eml or header files, or - for standard input');
  if (args.inputs.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  return args;
}

async function loadTenant(file: string, cwd: string): Promise<TenantContext> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`--tenant ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((error as Error).message)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--tenant ${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = parseTenantContext(json);
  if (!parsed.ok) throw new UsageError(`--tenant ${file}: ${parsed.error.message}`);
  return parsed.value;
}

function describeReadError(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${file}: no such file`;
  if (code === 'EISDIR') return `${file}: is a directory, give the message files inside it`;
  if (code === 'EACCES') return `${file}: permission denied`;
  return `${file}: cannot read (${(error as Error).message})`;
}

async function classifyCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseClassifyArgs(argv);
  const tenant = args.tenantFile ? await loadTenant(args.tenantFile, io.cwd) : undefined;
  const color = !args.json && (io.stdout as { isTTY?: boolean }).isTTY === true && !io.env?.NO_COLOR;
  let failures = 0;
  let first = true;
  for (const file of args.inputs) {
    let raw: string;
    try {
      raw = file === '-' ? await readStreamHead(io.stdin) : await readFileHead(resolve(io.cwd, file));
    } catch (error) {
      io.stderr.write(`dsguard: ${describeReadError(file, error)}\n`);
      failures++;
      continue;
    }
    const result = tryClassify(raw, tenant);
    if (!result.ok) {
      io.stderr.write(`dsguard: ${file}: ${result.error.message}\n`);
      failures++;
      continue;
    }
    const { verdict, score, reasons, facts } = result.verdict;
    if (args.json) io.stdout.write(`${JSON.stringify({ file, verdict, score, reasons, facts })}\n`);
    else {
      io.stdout.write(`${first ? '' : '\n'}${formatHuman(file, result.verdict, color)}\n`);
      first = false;
    }
  }
  return failures ? 2 : 0;
}

async function externalCommand(name: string, argv: string[], io: CliIo): Promise<number> {
  const spec = EXTERNAL_COMMANDS[name];
  if (!spec) throw new UsageError(`unknown command ${name}`);
  let exportName = spec.exportName;
  let rest = argv;
  if (spec.sub) {
    const sub = argv[0];
    exportName = (sub && spec.sub[sub]) || '';
    if (!exportName) throw new UsageError(`${name} needs one of: ${Object.keys(spec.sub).join(', ')}`);
    rest = argv.slice(1);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(spec.module)) as Record<string, unknown>;
  } catch {
    throw new UsageError(`"${name}" needs the server package (@dsguard/bot) built: run npm run build`);
  }
  const command = module[exportName];
  if (typeof command !== 'function') throw new UsageError(`"${name}" is not available in this build`);
  return (command as ExternalCommand)(rest, io);
}

/** The package's own version (src/cli and dist/cli both sit two levels below package.json). */
async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    if (command === '--version') {
      io.stdout.write(`dsguard ${await packageVersion()}\n`);
      return 0;
    }
    if (command === 'classify') return await classifyCommand(rest, io);
    return await externalCommand(command, rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`dsguard: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`dsguard: unexpected error: ${(error as Error).message}\n`);
    return 2;
  }
}
