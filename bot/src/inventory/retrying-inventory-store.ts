import type { InventoryStore } from '../admin/inventory/inventory-store.js';

const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
};

/**
 * The inventory shares the server's SQLite file through its own (synchronous) connection. While the server's
 * connection holds the write lock across awaits, a synchronous busy wait would block the event loop and with it
 * the lock holder, so a busy store is retried here asynchronously instead. Every store call is one transaction
 * that takes its lock first, so a retried call has written nothing.
 */
export function retryingInventoryStore(inner: InventoryStore, timeoutMs = 15000): InventoryStore {
  async function retry<T>(work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      try {
        return await work();
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
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
