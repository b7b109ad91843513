import type { InventoryStore } from './inventory-store.js';
import { migrateInventory } from './migrations.js';
import { PostgresInventoryStore } from './postgres-inventory-store.js';
import { SqliteInventoryStore } from './sqlite-inventory-store.js';
import type { Config } from '../../config/config.js';
import type { SqlClient } from '../../storage/sql-client.js';
import { retryingInventoryStore } from './retrying-inventory-store.js';

/**
 * The server's one inventory store, in the server's own database: its tables are versions 100+ of the same
 * `schema_migrations`, applied here under the runner's lock. PostgreSQL: it shares the server's pool, so every
 * instance on the database serves the same inventory. SQLite: it has its own connection to the server's file, so
 * `npx dsguard inventory ... --db <that file>` sees the same data. Why not the server's connection: the inventory
 * store is synchronous better-sqlite3 code with its own transactions (a million-row import is one), while the
 * server's connection holds a write transaction open across awaits; a statement of the inventory on that
 * connection would run inside whatever transaction the server has open. Two connections, one busy policy
 * (storage/sqlite-busy.ts), and SQLite's own locking keep them apart.
 */
export async function openInventory(storage: Config['storage'], db: SqlClient): Promise<InventoryStore> {
  if (storage.kind === 'postgres') return PostgresInventoryStore.open(db);
  await migrateInventory(db);
  return retryingInventoryStore(new SqliteInventoryStore(storage.path, { busyTimeoutMs: 20 }));
}
