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

/** A command another package adds to the same binary (the server's admin tools), with its lines of the usage text. */
export interface CliCommand {
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

const CLASSIFY_USAGE = `  dsguard classify [--json] [--tenant tenant.json] <file|-> ...
      Classify .eml files or header blocks ("-" reads standard input).
      --json      one JSON object per input per line (file, verdict, score, reasons, facts)
      --tenant    a JSON file with your accepted domains, known senders and gateway IPs`;

const usage = (commands: Record<string, CliCommand>): string =>
  ['Usage:', CLASSIFY_USAGE, ...Object.values(commands).map((c) => c.usage), '  dsguard --help | --version'].join('\n');

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
  if (!args.inputs.length)
    throw new UsageError('no input: give one or more .eml or header files, or - for standard input');
  if (args.inputs.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  return args;
}

async function loadTenant(file: string, cwd: string): Promise<TenantContext> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(
      `--tenant ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((error as Error).message)}`,
    );
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

/** The package's own version (src/cli and dist/cli both sit two levels below package.json). */
async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/**
 * The `dsguard` binary: `classify` here, and the commands other packages add (the server's admin tools add
 * `inventory`, `readiness`, `demo`, `watch` from its own bin, so this package depends on nothing of ours).
 */
export async function main(argv: string[], io: CliIo, commands: Record<string, CliCommand> = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(`${usage(commands)}\n`);
      return command ? 0 : 2;
    }
    if (command === '--version') {
      io.stdout.write(`dsguard ${await packageVersion()}\n`);
      return 0;
    }
    if (command === 'classify') return await classifyCommand(rest, io);
    const added = Object.hasOwn(commands, command) ? commands[command] : undefined;
    if (!added) throw new UsageError(`unknown command ${command}`);
    return await added.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`dsguard: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`dsguard: unexpected error: ${(error as Error).message}\n`);
    return 2;
  }
}
