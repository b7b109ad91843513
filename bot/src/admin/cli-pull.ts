import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { classify } from '@dsguard/classifier';
import { openPostgres } from '../storage/postgres-client.js';
import type { SqlClient } from '../storage/sql-client.js';
import { openSqlite } from '../storage/sqlite-client.js';
import {
  cliInventoryLocation,
  describeInventoryLocation,
  openCliInventory,
  openExistingCliInventory,
  type CliInventoryLocation,
} from './cli-inventory-store.js';
import { clientCredentialsTokenProvider } from './clients/token-provider.js';
import {
  STATUS_AFTER,
  UnverifiedSourceError,
  type AdminActionType,
  type InventorySource,
  type InventoryStore,
} from './inventory/inventory-store.js';
import {
  DEFAULT_PULL_DAYS,
  PULL_ORIGINS,
  PullInputError,
  pullIntoInventory,
  validatePull,
  type PullOrigin,
  type PullProgress,
} from './inventory/pull-sources.js';
import { sourceKeyFor } from './inventory/source-key.js';
import type { CliIo } from './cli.js';
import { strings } from './strings.js';

/** The CLI's io; tests may see the Retry-After waits without waiting them, and make Graph page sooner. */
export type PullIo = CliIo & { sleep?: (ms: number) => Promise<void>; graphPageSize?: number };

const CREDENTIALS = ['DSGUARD_TENANT_ID', 'DSGUARD_CLIENT_ID', 'DSGUARD_CLIENT_SECRET'] as const;

class UsageError extends Error {}
class InputError extends Error {}

const oneLine = (text: string): string => text.replace(/\s*\n\s*-?\s*/g, '; ').trim();

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

function osUser(io: CliIo): string {
  const fromEnv = io.env.USER ?? io.env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}

/** The shared `dsguard` entry point may leave `env` out: the process environment then. */
function withEnv<T extends CliIo>(io: T): T {
  return io.env ? io : { ...io, env: process.env };
}

async function run<T extends CliIo>(given: T, usage: string, body: (io: T) => Promise<number>): Promise<number> {
  const io = withEnv(given);
  try {
    return await body(io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`dsguard: ${oneLine(error.message)} (${usage})\n`);
      return 2;
    }
    if (error instanceof InputError || error instanceof PullInputError) {
      io.stderr.write(`dsguard: ${oneLine(error.message)}\n`);
      return 2;
    }
    io.stderr.write(
      `dsguard: ${oneLine(strings.pullFailed(error instanceof Error ? error.message : String(error)))}\n`,
    );
    return 1;
  }
}

function progressWriter(io: CliIo): (p: PullProgress) => void {
  if (!io.stderr.isTTY) return (p) => io.stderr.write(`${strings.pullStep(p)}\n`);
  return (p) => {
    const share = Math.min(1, p.step / Math.max(1, p.steps));
    const filled = Math.round(share * 30);
    io.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${p.step}/${p.steps} ${p.rows.toLocaleString('en')} rows`,
    );
  };
}

/** The server's own database, where its reports and checks are: the same file or PostgreSQL database as the inventory. */
async function openServerDatabase(location: CliInventoryLocation): Promise<SqlClient> {
  const where = describeInventoryLocation(location);
  if (location.kind === 'sqlite' && !existsSync(location.path)) throw new InputError(strings.noServerDatabase(where));
  const client = location.kind === 'sqlite' ? openSqlite(location.path) : openPostgres(location.url, 2);
  try {
    const tables =
      location.kind === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('reports', 'checks')"
        : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('reports', 'checks')";
    const found = await client.query<{ name: string }>(tables).catch((error: unknown) => {
      throw new Error(strings.serverDatabaseFailed(where, error instanceof Error ? error.message : String(error)));
    });
    if (found.length !== 2) throw new InputError(strings.notServerDatabase(where));
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}

/** `dsguard inventory pull --from graph|defender|reports [--days n] [--domain d]... [--db path]` */
export async function inventoryPull(argv: string[], given: PullIo): Promise<number> {
  return run(given, strings.pullUsage, async (io) => {
    const { values, positionals } = parse(argv, {
      from: { type: 'string' },
      days: { type: 'string' },
      domain: { type: 'string', multiple: true },
      db: { type: 'string' },
    });
    if (positionals.length) throw new UsageError(strings.unexpectedArgument(positionals[0]!));
    if (!values.from) throw new UsageError(strings.fromRequired);
    if (!(PULL_ORIGINS as readonly string[]).includes(values.from))
      throw new UsageError(strings.mustBeOneOf('--from', PULL_ORIGINS));
    const origin = values.from as PullOrigin;
    const days = values.days === undefined ? DEFAULT_PULL_DAYS : /^\d+$/.test(values.days) ? Number(values.days) : NaN;
    const acceptedDomains = values.domain ?? [];
    if (origin === 'defender' && acceptedDomains.length === 0) throw new UsageError(strings.defenderNeedsDomains);
    try {
      validatePull({ origin, days, acceptedDomains });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const location = cliInventoryLocation(values.db, io);
    let tokens;
    let verdicts: SqlClient | undefined;
    if (origin === 'reports') {
      verdicts = await openServerDatabase(location);
    } else {
      const missing = CREDENTIALS.filter((name) => !io.env[name]);
      if (missing.length) throw new UsageError(strings.missingPullCredentials(origin, missing));
      const authority = io.endpoints?.authority ?? io.env.ENTRA_AUTHORITY_HOST;
      tokens = clientCredentialsTokenProvider({
        tenantId: io.env.DSGUARD_TENANT_ID!,
        clientId: io.env.DSGUARD_CLIENT_ID!,
        clientSecret: io.env.DSGUARD_CLIENT_SECRET!,
        ...(authority ? { authority } : {}),
        ...(io.endpoints?.fetch ? { fetch: io.endpoints.fetch } : {}),
      });
    }
    let store;
    try {
      store = await openCliInventory(location);
    } catch (error) {
      await verdicts?.close();
      throw error;
    }
    const started = Date.now();
    const progress = progressWriter(io);
    try {
      const result = await pullIntoInventory(store, {
        origin,
        days,
        acceptedDomains,
        actor: osUser(io),
        onProgress: progress,
        ...(tokens ? { tokens } : {}),
        ...(io.env.GRAPH_URL ? { graphBaseUrl: io.env.GRAPH_URL } : {}),
        ...(io.endpoints?.fetch ? { fetch: io.endpoints.fetch } : {}),
        ...(io.sleep ? { sleep: io.sleep } : {}),
        ...(io.graphPageSize ? { graphPageSize: io.graphPageSize } : {}),
        ...(verdicts ? { verdicts, classify } : {}),
      });
      if (io.stderr.isTTY) io.stderr.write('\n');
      io.stdout.write(
        `${strings.pulled({ label: result.record.label, rows: result.record.rows, messages: result.counts.added, sources: result.record.sources, ms: Date.now() - started })}\n`,
      );
      return 0;
    } catch (error) {
      if (io.stderr.isTTY) io.stderr.write('\n');
      throw error;
    } finally {
      await store.close();
      await verdicts?.close();
    }
  });
}

/** The source a typed key means: the key itself, or the source an IP address falls in. */
async function findSource(store: InventoryStore, text: string): Promise<InventorySource | undefined> {
  const exact = await store.getSource(text);
  if (exact) return exact;
  const derived = sourceKeyFor(text);
  return derived.ipVersion === 0 ? undefined : store.getSource(derived.key);
}

function decision(command: string, action: AdminActionType) {
  return async (argv: string[], given: CliIo): Promise<number> =>
    run(given, strings.decisionUsage(command), async (io) => {
      const { values, positionals } = parse(argv, {
        name: { type: 'string' },
        by: { type: 'string' },
        db: { type: 'string' },
      });
      if (positionals.length !== 1) throw new UsageError(strings.expectedOneSource);
      if (values.name !== undefined && action !== 'approve') throw new UsageError(strings.nameOnlyForApprove);
      const name = values.name?.trim();
      if (values.name !== undefined && !name) throw new UsageError(strings.nameEmpty);
      const by = values.by?.trim() || osUser(io);
      const location = cliInventoryLocation(values.db, io);
      const where = describeInventoryLocation(location);
      const store = await openExistingCliInventory(location);
      if (!store) throw new InputError(strings.noInventory(where));
      try {
        const source = await findSource(store, positionals[0]!);
        if (!source) throw new InputError(strings.unknownSource(positionals[0]!, where));
        const updated = await store
          .recordAction({ sourceKey: source.key, action, actor: by, at: Date.now(), ...(name ? { name } : {}) })
          .catch((error: unknown) => {
            throw error instanceof UnverifiedSourceError ? new InputError(strings.approveUnverified(error.key)) : error;
          });
        io.stdout.write(
          `${strings.decided(STATUS_AFTER[action], updated.key, action === 'approve' ? updated.name : undefined, by)}\n`,
        );
        return 0;
      } finally {
        await store.close();
      }
    });
}

/** `dsguard inventory approve <source> [--name n] [--by who] [--db path]` */
export const inventoryApprove = decision('approve', 'approve');
/** `dsguard inventory migrate <source> [--by who] [--db path]` */
export const inventoryMigrate = decision('migrate', 'mark-to-migrate');
/** `dsguard inventory malicious <source> [--by who] [--db path]` */
export const inventoryMalicious = decision('malicious', 'mark-malicious');
/** `dsguard inventory retire <source> [--by who] [--db path]` */
export const inventoryRetire = decision('retire', 'retire');
