import pg from 'pg';

/** Decides which instance polls. `acquire` is asked before every poll; false = another instance leads. */
export interface LeaderElector {
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

/** "dsgw": the PostgreSQL advisory lock the watcher's leader holds for as long as its session lives. */
export const WATCH_LOCK_ID = 0x64736777;

/** SQLite serves one instance: it always leads. */
export function soleLeader(): LeaderElector {
  return { acquire: async () => true, release: async () => undefined };
}

/**
 * Leader election on PostgreSQL with a session advisory lock on a connection of its own: the leader keeps it while
 * its session lives; if the process dies (or its connection breaks) the server releases it and the next instance
 * to ask becomes the leader.
 */
export function postgresLeader(url: string, lockId = WATCH_LOCK_ID): LeaderElector {
  let client: pg.Client | undefined;
  let leading = false;
  const drop = (): void => {
    const old = client;
    client = undefined;
    leading = false;
    void old?.end().catch(() => undefined);
  };
  return {
    async acquire() {
      try {
        if (!client) {
          const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
          next.on('error', () => {
            if (client === next) drop();
          });
          client = next;
          await next.connect();
        }
        if (leading) {
          // Still our session (the lock goes with it)?
          await client.query('SELECT 1');
          return true;
        }
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [lockId]);
        leading = rows[0]?.locked === true;
        return leading;
      } catch {
        drop();
        return false;
      }
    },
    async release() {
      const old = client;
      client = undefined;
      if (old && leading) await old.query('SELECT pg_advisory_unlock($1)', [lockId]).catch(() => undefined);
      leading = false;
      await old?.end().catch(() => undefined);
    },
  };
}
