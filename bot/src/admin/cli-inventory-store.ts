import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { InventoryStore } from './inventory/inventory-store.js';
import { PostgresInventoryStore } from './inventory/postgres-inventory-store.js';
import { SqliteInventoryStore } from './inventory/sqlite-inventory-store.js';
import { strings } from './strings.js';

/** Where the CLI keeps the inventory: a SQLite file, or the server's PostgreSQL database. */
export type CliInventoryLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * `--db <file>` wins; otherwise DATABASE_URL (the server's PostgreSQL, so the CLI and every server instance share
 * one inventory); otherwise DSGUARD_DB or data/dsguard.sqlite, relative to the working directory.
 */
export function cliInventoryLocation(
  dbFlag: string | undefined,
  io: { env: Record<string, string | undefined>; cwd: string },
): CliInventoryLocation {
  if (dbFlag === undefined && io.env.DATABASE_URL) return { kind: 'postgres', url: io.env.DATABASE_URL };
  const path = dbFlag ?? io.env.DSGUARD_DB ?? 'data/dsguard.sqlite';
  return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(io.cwd, path) };
}

/** For messages: the file, or the PostgreSQL server and database without the password. */
export function describeInventoryLocation(location: CliInventoryLocation): string {
  if (location.kind === 'sqlite') return location.path;
  try {
    const url = new URL(location.url);
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return 'PostgreSQL';
  }
}

/** Opens (and on PostgreSQL migrates) the inventory, creating an empty one if there is none yet. */
export async function openCliInventory(location: CliInventoryLocation): Promise<InventoryStore> {
  if (location.kind === 'sqlite') return new SqliteInventoryStore(location.path);
  try {
    return await PostgresInventoryStore.open(location.url, { maxConnections: 2 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(strings.inventoryDatabaseFailed(describeInventoryLocation(location), message), { cause: error });
  }
}

/** The same for reading: undefined when the SQLite file does not exist (nothing was imported there yet). */
export async function openExistingCliInventory(location: CliInventoryLocation): Promise<InventoryStore | undefined> {
  if (location.kind === 'sqlite' && !existsSync(location.path)) return undefined;
  return openCliInventory(location);
}
