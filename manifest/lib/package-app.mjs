// Builds the Teams app package and the XML add-in manifest for one environment, all or nothing.
import { readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import JSZip from 'jszip';
import { readEnvFile } from './env-file.mjs';
import { DERIVED, OPTIONAL, resolveVariables } from './variables.mjs';
import { escapeJsonString, escapeXml, substitute } from './placeholders.mjs';
import { checkOutlookXml } from './outlook-xml-checks.mjs';

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
// A fixed timestamp keeps the zip byte-identical for identical inputs.
const ZIP_DATE = new Date('2020-01-01T00:00:00Z');

/** An expected failure (bad input); its message is meant for the person running the build. */
export class PackageError extends Error {}

function display(path, cwd) {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function loadEnv(envDir, envName, cwd) {
  const mainPath = join(envDir, `.env.${envName}`);
  const userPath = `${mainPath}.user`;
  const read = (path) => {
    try {
      return readEnvFile(path, display(path, cwd));
    } catch (error) {
      throw new PackageError(error instanceof Error ? error.message : String(error));
    }
  };
  const main = read(mainPath);
  if (!main)
    throw new PackageError(
      `${display(mainPath, cwd)} not found: create it (see env/.env.dev.sample) or pick another --env`,
    );
  const user = read(userPath);
  return {
    maps: user ? [main, user] : [main],
    files: [mainPath, ...(user ? [userPath] : [])].map((p) => display(p, cwd)),
  };
}

function writeAllOrNothing(outputs) {
  const temps = [];
  try {
    for (const { path, data } of outputs) {
      const temp = `${path}.tmp-${process.pid}`;
      temps.push(temp);
      writeFileSync(temp, data);
    }
    outputs.forEach(({ path }, index) => renameSync(temps[index], path));
  } finally {
    for (const temp of temps) rmSync(temp, { force: true });
  }
}

/**
 * Reads env/.env.<envName> (+ .user), fills both templates, validates them and writes
 * <outDir>/appPackage.<envName>.zip and <outDir>/outlook-addin.<envName>.xml.
 * Throws PackageError, naming every missing variable and every problem, before writing anything.
 */
export async function packageApp({ envName, envDir, outDir, manifestDir, defaultVersion, cwd = process.cwd() }) {
  if (!ENV_NAME.test(envName ?? ''))
    throw new PackageError(`--env must be a name such as local or dev (got "${envName ?? ''}")`);
  const { maps, files } = loadEnv(envDir, envName, cwd);
  const { values, missing, invalid, problems, warnings } = resolveVariables(maps, { version: defaultVersion });

  const jsonTemplate = readFileSync(join(manifestDir, 'manifest.json'), 'utf8');
  const xmlTemplate = readFileSync(join(manifestDir, 'outlook-addin.xml'), 'utf8');
  const json = substitute(jsonTemplate, values, escapeJsonString);
  const xml = substitute(xmlTemplate, values, escapeXml);
  // Derived and defaulted names are reported through the variables they come from; rejected ones as problems.
  const unknown = [...json.missing, ...xml.missing].filter(
    (name) => !(name in DERIVED) && !(name in OPTIONAL) && !invalid.has(name),
  );
  const allMissing = [...new Set([...missing, ...unknown])];
  if (allMissing.length || problems.length) {
    const lines = [];
    if (allMissing.length)
      lines.push(
        `missing variable${allMissing.length > 1 ? 's' : ''} ${allMissing.join(', ')}: set ${allMissing.length > 1 ? 'them' : 'it'} in ${files.join(' or ')}${files.length === 1 ? ` (or ${files[0]}.user for secrets)` : ''}`,
      );
    lines.push(...problems);
    throw new PackageError(`cannot package env "${envName}":\n  - ${lines.join('\n  - ')}`);
  }

  const manifest = JSON.parse(json.text);
  // Loaded only here: it takes a few hundred milliseconds, which bad-input runs should not pay.
  const { AppManifestUtils } = (await import('@microsoft/app-manifest')).default;
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(manifest);
  const xmlProblems = checkOutlookXml(xml.text);
  if (schemaErrors.length || xmlProblems.length) {
    const lines = [
      ...schemaErrors.map((e) => `manifest.json${e}`),
      ...xmlProblems.map((p) => `outlook-addin.xml: ${p}`),
    ];
    throw new PackageError(`env "${envName}" gives invalid manifests:\n  - ${lines.join('\n  - ')}`);
  }

  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date: ZIP_DATE });
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    zip.file(icon, readFileSync(join(manifestDir, 'icons', icon)), { date: ZIP_DATE });
  }
  const zipData = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });

  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${envName}.zip`);
  const xmlPath = join(outDir, `outlook-addin.${envName}.xml`);
  writeAllOrNothing([
    { path: zipPath, data: zipData },
    { path: xmlPath, data: xml.text },
  ]);
  return { zipPath, xmlPath, envFiles: files, publicUrl: values.get('PUBLIC_URL'), warnings };
}
