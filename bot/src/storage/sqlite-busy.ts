/**
 * The server's one SQLite busy policy. Two connections share the server's SQLite file (see `openInventory` for
 * why), and the server's own connection holds the write lock across awaits. Waiting for the lock with SQLite's
 * synchronous busy handler would block the event loop, and with it the lock holder when it lives in this process,
 * so both connections wait here instead: asynchronously, backing off from 2 ms to 50 ms, for at most `timeoutMs`.
 * `work` must take its lock first and write nothing before it, so that a retried call has written nothing.
 */
export async function whileBusy<T>(work: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      return await work();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
