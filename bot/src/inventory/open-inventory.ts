import type { InventoryStore } from '../admin/inventory/inventory-store.js';
import { SqliteInventoryStore } from '../admin/inventory/sqlite-inventory-store.js';
import type { Config } from '../config/config.js';
import { retryingInventoryStore } from './retrying-inventory-store.js';

/** The server's one inventory store, or why there is none (said to admins instead of using another database). */
export type InventoryAccess = { ok: true; store: InventoryStore } | { ok: false; reason: 'postgres-unsupported' };

/**
 * SQLite storage: the inventory lives in the server's own file (its tables are versions 100+, created if missing),
 * so `npx dsguard inventory ... --db <that file>` sees the same data. PostgreSQL: there is no PostgreSQL inventory
 * store yet, and silently keeping the inventory in a separate SQLite file would split the data between instances.
 */
export function openInventory(storage: Config['storage']): InventoryAccess {
  if (storage.kind !== 'sqlite') return { ok: false, reason: 'postgres-unsupported' };
  return { ok: true, store: retryingInventoryStore(new SqliteInventoryStore(storage.path, { busyTimeoutMs: 20 })) };
}
