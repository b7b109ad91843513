import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { whileBusy } from './sqlite-busy.js';
import Database from 'better-sqlite3';
import type { SqlClient } from './sql-client.js';

type Db = InstanceType<typeof Database>;

/** `$2 ... $1` to positional `?`, with the parameters reordered to match. */
function toPositional(sql: string, params: unknown[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
    values.push(params[Number(n) - 1]);
    return '?';
  });
  return { text, values };
}

class SqliteStatements implements SqlClient {
  readonly dialect = 'sqlite' as const;
  private readonly cache = new Map<string, { stmt: Database.Statement }>();

  constructor(protected readonly db: Db) {}

  private prepare(sql: string): Database.Statement {
    let entry = this.cache.get(sql);
    if (!entry) {
      entry = { stmt: this.db.prepare(sql) };
      this.cache.set(sql, entry);
    }
    return entry.stmt;
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const { text, values } = toPositional(sql, params);
    const stmt = this.prepare(text);
    if (stmt.reader) return stmt.all(...values) as T[];
    stmt.run(...values);
    return [];
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    const { text, values } = toPositional(sql, params);
    const stmt = this.prepare(text);
    if (stmt.reader) return stmt.all(...values).length;
    return stmt.run(...values).changes;
  }

  async executeRelaxed(sql: string, params: unknown[] = []): Promise<number> {
    if (this.db.inTransaction) return this.execute(sql, params);
    // WAL with synchronous=NORMAL: the commit reaches the OS, not yet the disk; the next FULL commit syncs it too.
    this.db.pragma('synchronous = NORMAL');
    try {
      return await this.execute(sql, params);
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    await this.beginImmediate();
    try {
      const result = await fn(this);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Waits for the write lock with the server's one busy policy (asynchronously: see sqlite-busy.ts). */
  private async beginImmediate(): Promise<void> {
    await whileBusy(() => this.db.exec('BEGIN IMMEDIATE'));
  }
}

/**
 * better-sqlite3 is synchronous, but transactions take async callbacks; a queue keeps one transaction's
 * statements from interleaving with another caller's.
 */
class SqliteClient implements SqlClient {
  readonly dialect = 'sqlite' as const;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly inner: SqliteStatements) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.serial(() => this.inner.query<T>(sql, params));
  }
  execute(sql: string, params?: unknown[]): Promise<number> {
    return this.serial(() => this.inner.execute(sql, params));
  }
  executeRelaxed(sql: string, params?: unknown[]): Promise<number> {
    return this.serial(() => this.inner.executeRelaxed(sql, params));
  }
  exec(sql: string): Promise<void> {
    return this.serial(() => this.inner.exec(sql));
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.serial(() => this.inner.transaction(fn));
  }
  close(): Promise<void> {
    return this.serial(() => this.inner.close());
  }
}

/**
 * The database holds reports (headers, .eml) and conversation references: readable by its owner only. SQLite gives
 * its -wal and -shm files the database file's mode, so creating that file 0600 first covers all three.
 */
function createPrivately(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

export function openSqlite(file: string): SqlClient {
  if (file !== ':memory:') createPrivately(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a report acknowledged to the caller is on disk, even if the machine (not just the process) dies.
  db.pragma('synchronous = FULL');
  // Short: transactions wait for the write lock asynchronously (beginImmediate); this only covers single statements.
  db.pragma('busy_timeout = 2000');
  db.pragma('foreign_keys = ON');
  return new SqliteClient(new SqliteStatements(db));
}
