/**
 * The inventory's schema, for the storage owner's migration runner (versions 100+ belong to the admin tools).
 * Idempotent (IF NOT EXISTS), so the CLI's SqliteInventoryStore can also apply it to a fresh file on its own.
 * JSON columns are TEXT in both databases so the same code reads them.
 */
import { migrate, type Migration as StorageMigration, type MigrationTrack } from '../../storage/migrations.js';
import type { SqlClient } from '../../storage/sql-client.js';

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

const SOURCES_COLUMNS = (int64: string) => `
  key TEXT PRIMARY KEY,
  ip_version INTEGER NOT NULL,
  ips TEXT NOT NULL,
  ips_truncated INTEGER NOT NULL DEFAULT 0,
  senders TEXT NOT NULL,
  other_sender_messages ${int64} NOT NULL DEFAULT 0,
  helos TEXT NOT NULL,
  messages ${int64} NOT NULL,
  recipients ${int64} NOT NULL,
  self_addressed ${int64} NOT NULL,
  lure_subjects ${int64} NOT NULL,
  first_seen ${int64},
  last_seen ${int64},
  subjects TEXT NOT NULL,
  auth TEXT NOT NULL,
  verdicts TEXT NOT NULL,
  origins TEXT NOT NULL,
  category TEXT NOT NULL,
  evidence TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new',
  name TEXT,
  status_by TEXT,
  status_at ${int64},
  updated_at ${int64} NOT NULL`;

export const inventoryMigrations: Migration[] = [
  {
    version: 100,
    name: 'inventory',
    sqlite: `
CREATE TABLE IF NOT EXISTS inventory_sources (${SOURCES_COLUMNS('INTEGER')}
);
CREATE INDEX IF NOT EXISTS inventory_sources_by_messages ON inventory_sources (messages DESC);
CREATE INDEX IF NOT EXISTS inventory_sources_by_status ON inventory_sources (status);
CREATE TABLE IF NOT EXISTS inventory_actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_key TEXT NOT NULL REFERENCES inventory_sources (key),
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  name TEXT,
  note TEXT
);
CREATE INDEX IF NOT EXISTS inventory_actions_by_source ON inventory_actions (source_key, at);
CREATE TABLE IF NOT EXISTS inventory_imports (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  sha256 TEXT UNIQUE,
  rows INTEGER NOT NULL,
  messages INTEGER NOT NULL,
  bad_rows INTEGER NOT NULL,
  sources INTEGER NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT
);`,
    postgres: `
CREATE TABLE IF NOT EXISTS inventory_sources (${SOURCES_COLUMNS('BIGINT')}
);
CREATE INDEX IF NOT EXISTS inventory_sources_by_messages ON inventory_sources (messages DESC);
CREATE INDEX IF NOT EXISTS inventory_sources_by_status ON inventory_sources (status);
CREATE TABLE IF NOT EXISTS inventory_actions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_key TEXT NOT NULL REFERENCES inventory_sources (key),
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  at BIGINT NOT NULL,
  name TEXT,
  note TEXT
);
CREATE INDEX IF NOT EXISTS inventory_actions_by_source ON inventory_actions (source_key, at);
CREATE TABLE IF NOT EXISTS inventory_imports (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  sha256 TEXT UNIQUE,
  rows BIGINT NOT NULL,
  messages BIGINT NOT NULL,
  bad_rows BIGINT NOT NULL,
  sources BIGINT NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT
);`,
  },
  {
    // The part of each source that message trace or Defender reported, apart from rows users supplied (chat checks,
    // reports): only this part can make a source approvable and a known sender. A table rather than a column, so that
    // the statement stays idempotent for the CLI's SQLite store (SQLite has no ADD COLUMN IF NOT EXISTS).
    version: 101,
    name: 'inventory verified evidence',
    sqlite: `
CREATE TABLE IF NOT EXISTS inventory_verified_evidence (
  key TEXT PRIMARY KEY REFERENCES inventory_sources (key),
  aggregate TEXT NOT NULL
);`,
    postgres: `
CREATE TABLE IF NOT EXISTS inventory_verified_evidence (
  key TEXT PRIMARY KEY REFERENCES inventory_sources (key),
  aggregate TEXT NOT NULL
);`,
  },
];

/** The inventory's versions in the server's one `schema_migrations` table. */
export const INVENTORY_TRACK: MigrationTrack = { first: 100, last: 199 };

/** The same migrations in the form the server's runner (`migrate`) applies and records. */
export const inventorySchemaMigrations: StorageMigration[] = inventoryMigrations.map((m) => ({
  version: m.version,
  name: m.name,
  up: { sqlite: m.sqlite, postgres: m.postgres },
}));

/** Applies the inventory's migrations not yet recorded (under the runner's lock, so several instances may race). */
export function migrateInventory(db: SqlClient): Promise<number[]> {
  return migrate(db, inventorySchemaMigrations, INVENTORY_TRACK);
}
