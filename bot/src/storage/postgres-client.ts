import pg from 'pg';
import type { SqlClient } from './sql-client.js';

const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function isPool(runner: pg.Pool | pg.PoolClient): runner is pg.Pool {
  return 'connect' in runner && typeof (runner as pg.Pool).totalCount === 'number';
}

class PgQueries implements SqlClient {
  readonly dialect = 'postgres' as const;
  constructor(private readonly runner: pg.Pool | pg.PoolClient) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.runner.query(sql, params);
    return result.rows as T[];
  }
  async execute(sql: string, params: unknown[] = []): Promise<number> {
    const result = await this.runner.query(sql, params);
    return result.rowCount ?? 0;
  }
  async executeRelaxed(sql: string, params: unknown[] = []): Promise<number> {
    if (!isPool(this.runner)) return this.execute(sql, params);
    return this.transaction(async (tx) => {
      await tx.exec('SET LOCAL synchronous_commit = off');
      return tx.execute(sql, params);
    });
  }
  async exec(sql: string): Promise<void> {
    await this.runner.query(sql);
  }
  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (!('connect' in this.runner) || typeof (this.runner as pg.Pool).totalCount !== 'number') {
      throw new Error('nested transactions are not supported');
    }
    const client = await (this.runner as pg.Pool).connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PgQueries(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  async close(): Promise<void> {
    if ('end' in this.runner && typeof (this.runner as pg.Pool).totalCount === 'number')
      await (this.runner as pg.Pool).end();
  }
}

export function openPostgres(url: string, maxConnections = 10): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, types, connectionTimeoutMillis: 10000 });
  // An idle client losing its connection must not crash the server; the next query reconnects.
  pool.on('error', () => undefined);
  return new PgQueries(pool);
}
