import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clientCredentialsTokenProvider } from './clients/token-provider.js';
import { exchangeAdminClient } from './clients/exchange-admin.js';
import type { FetchLike } from './clients/api-client.js';
import { networkResolver, type DnsResolve } from './dns/dns-resolver.js';
import { SOURCE_CATEGORIES, type SourceCategory } from './inventory/categorize.js';
import { importTraceFile } from './inventory/import-into-store.js';
import { SOURCE_STATUSES, type InventorySource, type SourceStatus } from './inventory/inventory-store.js';
import { sourceJson } from './inventory/source-json.js';
import { collectSnapshot, postureOf, snapshotSources } from './readiness/collect-snapshot.js';
import { evaluateReadiness } from './readiness/evaluate-readiness.js';
import { renderReadinessCsv } from './readiness/render-csv.js';
import { renderReadinessMarkdown } from './readiness/render-markdown.js';
import { readinessCardModel } from './readiness/card-model.js';
import { SnapshotError, loadSnapshot, type TenantSnapshot } from './readiness/snapshot.js';
import { TraceImportError } from './trace/import-trace-csv.js';
import { strings } from './strings.js';
import {
  cliInventoryLocation,
  describeInventoryLocation,
  openCliInventory,
  openExistingCliInventory,
} from './cli-inventory-store.js';

export { sourceJson };
export { inventoryPull, inventoryApprove, inventoryMigrate, inventoryMalicious, inventoryRetire } from './cli-pull.js';
export { demo } from '../demo/demo-cli.js';
export { watch } from '../watch/watch-cli.js';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  /** For tests: where the tenant's APIs and DNS are (production uses the real endpoints). */
  endpoints?: { authority?: string; exchange?: string; fetch?: FetchLike; resolve?: DnsResolve };
}

class UsageError extends Error {}
class InputError extends Error {}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*-?\s*/g, '; ').trim();
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function run(io: CliIo, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`dsguard: ${oneLine(error.message)} (${usage})\n`);
      return 2;
    }
    if (error instanceof TraceImportError || error instanceof SnapshotError || error instanceof InputError) {
      io.stderr.write(`dsguard: ${oneLine(error.message)}\n`);
      return 2;
    }
    io.stderr.write(`dsguard: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  }
}

function progressBar(io: CliIo): ((p: { bytes: number; totalBytes?: number; rows: number }) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  let last = 0;
  return ({ bytes, totalBytes, rows }) => {
    const now = Date.now();
    if (now - last < 100 && (!totalBytes || bytes < totalBytes)) return;
    last = now;
    const share = totalBytes ? Math.min(1, bytes / totalBytes) : 0;
    const filled = Math.round(share * 30);
    io.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${Math.round(share * 100)}% ${rows.toLocaleString('en')} rows`,
    );
  };
}

/** `dsguard inventory import <file> [--db <path>] [--domain <d>]...` */
export async function inventoryImport(argv: string[], io: CliIo): Promise<number> {
  return run(io, strings.importUsage, async () => {
    const { values, positionals } = parse(argv, { db: { type: 'string' }, domain: { type: 'string', multiple: true } });
    if (positionals.length !== 1) throw new UsageError(strings.expectedOneFile);
    const file = resolve(io.cwd, positionals[0]!);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new InputError(strings.fileMissing(positionals[0]!));
    const store = await openCliInventory(cliInventoryLocation(values.db, io));
    const bar = progressBar(io);
    const started = Date.now();
    try {
      const result = await importTraceFile(file, store, {
        ...(values.domain?.length ? { acceptedDomains: values.domain } : {}),
        actor: io.env.USER ?? io.env.USERNAME ?? 'cli',
        ...(bar ? { onProgress: bar } : {}),
      });
      if (bar) io.stderr.write('\n');
      for (const issue of result.trace.issues.slice(0, 5))
        io.stderr.write(`${strings.badRow(issue.line, issue.message)}\n`);
      if (result.duplicateOf) {
        io.stdout.write(`${strings.duplicate(result.record.label, result.duplicateOf.at)}\n`);
        return 0;
      }
      io.stdout.write(
        `${strings.imported({
          rows: result.trace.rows,
          messages: result.counts.added,
          sources: result.record.sources,
          badRows: result.trace.badRows,
          format: result.trace.format,
          encoding: result.trace.encoding,
          ms: Date.now() - started,
        })}\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  });
}

/** `dsguard inventory list [--json] [--db <path>] [--category c] [--status s] [--limit n]` */
export async function inventoryList(argv: string[], io: CliIo): Promise<number> {
  return run(io, strings.listUsage, async () => {
    const { values, positionals } = parse(argv, {
      json: { type: 'boolean' },
      db: { type: 'string' },
      category: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
    });
    if (positionals.length) throw new UsageError(strings.unexpectedArgument(positionals[0]!));
    if (values.category && !SOURCE_CATEGORIES.includes(values.category as SourceCategory)) {
      throw new UsageError(strings.mustBeOneOf('--category', SOURCE_CATEGORIES));
    }
    if (values.status && !SOURCE_STATUSES.includes(values.status as SourceStatus))
      throw new UsageError(strings.mustBeOneOf('--status', SOURCE_STATUSES));
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(strings.limitNotPositive);
    const location = cliInventoryLocation(values.db, io);
    const store = await openExistingCliInventory(location);
    if (!store) {
      io.stderr.write(`${strings.noInventory(describeInventoryLocation(location))}\n`);
      return 0;
    }
    try {
      const sources = await store.listSources({
        ...(values.category ? { category: values.category as SourceCategory } : {}),
        ...(values.status ? { status: values.status as SourceStatus } : {}),
        ...(limit ? { limit } : {}),
      });
      if (values.json) {
        for (const source of sources) io.stdout.write(`${JSON.stringify(sourceJson(source))}\n`);
        return 0;
      }
      const day = (ms: number | undefined): string =>
        ms === undefined ? '-' : new Date(ms).toISOString().slice(0, 10);
      io.stdout.write(
        `${'SOURCE'.padEnd(24)} ${'CATEGORY'.padEnd(12)} ${'STATUS'.padEnd(10)} ${'MESSAGES'.padStart(9)}  FIRST       LAST        SENDERS\n`,
      );
      for (const s of sources) {
        const senders = Object.entries(s.senders)
          .sort((a, b) => b[1] - a[1])
          .map(([a]) => a);
        io.stdout.write(
          `${s.key.padEnd(24)} ${s.category.padEnd(12)} ${s.status.padEnd(10)} ${String(s.messages).padStart(9)}  ${day(s.firstSeen)}  ${day(s.lastSeen)}  ` +
            `${senders.slice(0, 3).join(', ')}${senders.length > 3 ? ` +${senders.length - 3}` : ''}${s.verified ? '' : `  (${strings.unverifiedLabel})`}\n`,
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  });
}

async function liveSnapshot(
  io: CliIo,
  dbValue: string | undefined,
): Promise<{ snapshot: TenantSnapshot; postures: Awaited<ReturnType<typeof postureOf>> }> {
  const needed = ['DSGUARD_TENANT_ID', 'DSGUARD_CLIENT_ID', 'DSGUARD_CLIENT_SECRET', 'DSGUARD_TENANT_DOMAIN'];
  const missing = needed.filter((name) => !io.env[name]);
  if (missing.length) throw new UsageError(strings.missingTenantConfig(missing));
  const fetchImpl = io.endpoints?.fetch;
  const tokens = clientCredentialsTokenProvider({
    tenantId: io.env.DSGUARD_TENANT_ID!,
    clientId: io.env.DSGUARD_CLIENT_ID!,
    clientSecret: io.env.DSGUARD_CLIENT_SECRET!,
    ...(io.endpoints?.authority ? { authority: io.endpoints.authority } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const exchange = exchangeAdminClient({
    tokens,
    tenantId: io.env.DSGUARD_TENANT_ID!,
    tenantDomain: io.env.DSGUARD_TENANT_DOMAIN!,
    ...(io.endpoints?.exchange ? { baseUrl: io.endpoints.exchange } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  let sources: InventorySource[] = [];
  const store = await openExistingCliInventory(cliInventoryLocation(dbValue, io));
  if (store) {
    try {
      sources = await store.listSources();
    } finally {
      await store.close();
    }
  }
  return collectSnapshot({
    exchange,
    resolve: io.endpoints?.resolve ?? networkResolver(),
    tenant: { id: io.env.DSGUARD_TENANT_ID!, domain: io.env.DSGUARD_TENANT_DOMAIN! },
    sources: snapshotSources(sources),
  });
}

/** `dsguard readiness [--json | --csv] [--snapshot <file>] [--save-snapshot <file>] [--db <path>]` */
export async function readiness(argv: string[], io: CliIo): Promise<number> {
  return run(io, strings.readinessUsage, async () => {
    const { values, positionals } = parse(argv, {
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      snapshot: { type: 'string' },
      'save-snapshot': { type: 'string' },
      db: { type: 'string' },
    });
    if (positionals.length) throw new UsageError(strings.unexpectedArgument(positionals[0]!));
    if (values.json && values.csv) throw new UsageError(strings.jsonOrCsv);
    let snapshot: TenantSnapshot;
    let postures;
    if (values.snapshot) {
      snapshot = await loadSnapshot(resolve(io.cwd, values.snapshot));
      postures = await postureOf(snapshot);
    } else {
      ({ snapshot, postures } = await liveSnapshot(io, values.db));
    }
    if (values['save-snapshot'])
      await writeFile(resolve(io.cwd, values['save-snapshot']), `${JSON.stringify(snapshot, null, 2)}\n`);
    const result = evaluateReadiness(snapshot, postures);
    if (values.json) io.stdout.write(`${JSON.stringify({ ...result, card: readinessCardModel(result) })}\n`);
    else if (values.csv) io.stdout.write(renderReadinessCsv(result));
    else io.stdout.write(renderReadinessMarkdown(result));
    return 0;
  });
}
