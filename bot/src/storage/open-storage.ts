import type { Config } from '../config/config.js';
import { migrate, migrations as coreMigrations, type Migration } from './migrations.js';
import { openPostgres } from './postgres-client.js';
import type { SqlClient } from './sql-client.js';
import { openSqlite } from './sqlite-client.js';

export async function openStorage(
  storage: Config['storage'],
  list: readonly Migration[] = coreMigrations,
): Promise<SqlClient> {
  const db = storage.kind === 'postgres' ? openPostgres(storage.url) : openSqlite(storage.path);
  try {
    await migrate(db, list);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
