import { whileBusy } from '../../storage/sqlite-busy.js';
import type { InventoryStore } from './inventory-store.js';

/**
 * The inventory's SQLite store under the server's one busy policy (storage/sqlite-busy.ts): every store call is
 * one transaction that takes its lock first, so a retried call has written nothing.
 */
export function retryingInventoryStore(inner: InventoryStore, timeoutMs = 15000): InventoryStore {
  const retry = <T>(work: () => Promise<T>): Promise<T> => whileBusy(work, timeoutMs);
  return {
    upsertSources: (batch) => retry(() => inner.upsertSources(batch)),
    applyImport: (record, batches) => {
      // Materialised so that a retry sees every batch again (a generator would be spent).
      const list = [...batches];
      return retry(() => inner.applyImport(record, list));
    },
    listImports: () => retry(() => inner.listImports()),
    listSources: (query) => retry(() => inner.listSources(query)),
    getSource: (key) => retry(() => inner.getSource(key)),
    recordAction: (action) => retry(() => inner.recordAction(action)),
    listActions: (sourceKey) => retry(() => inner.listActions(sourceKey)),
    overview: (query) => retry(() => inner.overview(query)),
    close: () => inner.close(),
  };
}
