/**
 * The little SQL surface both databases share. Statements use PostgreSQL's `$1` placeholders; the SQLite
 * client rewrites them. Integers come back as numbers and JSON is stored as TEXT, so one schema fits both.
 */
export interface SqlClient {
  readonly dialect: 'sqlite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement and answers the number of rows it changed. */
  execute(sql: string, params?: unknown[]): Promise<number>;
  /**
   * Runs one statement whose loss in a power failure is acceptable (short-lived data such as a chat check): it is
   * committed without waiting for the disk. Still atomic, and still survives the process being killed.
   */
  executeRelaxed(sql: string, params?: unknown[]): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction that takes the write lock up front; rolls back if `fn` throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
