#!/usr/bin/env node
// npm run package -- --env <name> [--env-dir <dir>] [--out-dir <dir>]
// Fills manifest/manifest.json and manifest/outlook-addin.xml from env/.env.<name> (+ .env.<name>.user),
// validates both and writes build/appPackage.<name>.zip and build/outlook-addin.<name>.xml.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PackageError, packageApp } from './lib/package-app.mjs';

const manifestDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(manifestDir);
const USAGE = 'usage: npm run package -- --env <name> [--env-dir <dir>] [--out-dir <dir>]';

function parseArgs(argv) {
  const options = { envDir: join(repoRoot, 'env'), outDir: join(repoRoot, 'build') };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new PackageError(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    if (flag === '--env') options.envName = value();
    else if (flag === '--env-dir') options.envDir = resolve(value());
    else if (flag === '--out-dir') options.outDir = resolve(value());
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new PackageError(`unknown option ${arg}\n${USAGE}`);
  }
  if (!options.help && !options.envName) throw new PackageError(`--env is required\n${USAGE}`);
  return options;
}

try {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
  } else {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const result = await packageApp({ ...options, manifestDir, defaultVersion: version });
    console.log(`package: env "${options.envName}" from ${result.envFiles.join(' + ')} (${result.publicUrl})`);
    console.log(`  Teams / Microsoft 365 app package: ${result.zipPath}`);
    console.log(`  Outlook XML add-in manifest:        ${result.xmlPath}`);
    for (const warning of result.warnings) console.error(`package: warning: ${warning}`);
  }
} catch (error) {
  if (error instanceof PackageError) {
    console.error(`package: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error(`package: unexpected failure: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 3;
  }
}
