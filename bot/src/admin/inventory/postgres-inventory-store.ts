import { openPostgres } from '../../storage/postgres-client.js';
import type { SqlClient } from '../../storage/sql-client.js';
import {
  UnknownSourceError,
  applyAction,
  mergeIntoSource,
  type AdminAction,
  type ApplyImportResult,
  type ImportRecord,
  type InventorySource,
  type InventoryStore,
  type SourceQuery,
} from './inventory-store.js';
import { SOURCE_CATEGORIES } from './categorize.js';
import {
  DATED_SOURCES_WHERE,
  DAY_MS,
  DAY_RANGE_SQL,
  OVERVIEW_STATUSES,
  countsOf,
  groupCountSql,
  maxBucketsOf,
  volumeOf,
  volumeWindow,
  type InventoryOverview,
  type OverviewQuery,
} from './inventory-overview.js';
import { migrateInventory } from './migrations.js';
import {
  SELECT_SOURCES,
  actionFromRow,
  fromRow,
  importFromRow,
  toRow,
  verifiedRow,
  type ActionRow,
  type ImportRow,
  type StoredSourceRow,
  type VerifiedRow,
} from './source-rows.js';
import type { SourceAggregate } from './source-aggregate.js';

/** "dsgi": serializes the inventory's writers across every instance on one database. */
const INVENTORY_WRITE_LOCK = 0x64736769;

// PostgreSQL text cannot hold NUL (SQLite can); free text from files and admins keeps everything else.
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL refuses
const NUL = /\u0000/g;
const pgText = <T extends string | null>(text: T): T => (text === null ? text : (text.replace(NUL, '\uFFFD') as T));

// A whole batch in one statement: the rows travel as one JSON parameter (no 65535-parameter limit) and are typed
// by the table itself. A merge never touches the admin's decision columns.
const UPSERT_SOURCES = `INSERT INTO inventory_sources
  SELECT * FROM json_populate_recordset(NULL::inventory_sources, $1::json)
  ON CONFLICT (key) DO UPDATE SET ip_version = excluded.ip_version, ips = excluded.ips,
  ips_truncated = excluded.ips_truncated, senders = excluded.senders,
  other_sender_messages = excluded.other_sender_messages, helos = excluded.helos, messages = excluded.messages,
  recipients = excluded.recipients, self_addressed = excluded.self_addressed, lure_subjects = excluded.lure_subjects,
  first_seen = excluded.first_seen, last_seen = excluded.last_seen, subjects = excluded.subjects, auth = excluded.auth,
  verdicts = excluded.verdicts, origins = excluded.origins, category = excluded.category, evidence = excluded.evidence,
  updated_at = excluded.updated_at`;

const UPSERT_VERIFIED = `INSERT INTO inventory_verified_evidence
  SELECT * FROM json_populate_recordset(NULL::inventory_verified_evidence, $1::json)
  ON CONFLICT (key) DO UPDATE SET aggregate = excluded.aggregate`;

// Keys sort bytewise as in SQLite, whatever the database's collation.
const ORDER_SOURCES = 'ORDER BY s.messages DESC, s.key COLLATE "C"';

// Each source's messages spread evenly over its days (first to last sighting), summed per bucket and category.
// Sources are first summed per (category, first day, last day), so the join works on few rows.
const VOLUME_POSTGRES = `WITH s AS MATERIALIZED (SELECT category, first_seen / ${DAY_MS} AS f,
    last_seen / ${DAY_MS} AS l, SUM(messages) AS messages FROM inventory_sources ${DATED_SOURCES_WHERE} GROUP BY 1, 2, 3)
  SELECT b.i AS bucket, s.category AS category,
    SUM(s.messages::float8 * (LEAST(s.l, $1 + (b.i + 1) * $2 - 1) - GREATEST(s.f, $1 + b.i * $2) + 1)
      / (s.l - s.f + 1)) AS messages
  FROM generate_series(0, $3::bigint - 1) AS b(i) JOIN s ON s.f <= $1 + (b.i + 1) * $2 - 1 AND s.l >= $1 + b.i * $2
  GROUP BY b.i, s.category`;

export interface PostgresInventoryStoreOptions {
  clock?: () => number;
  /** Pool size when the store opens its own connection from a URL; default 4. */
  maxConnections?: number;
}

/**
 * The inventory in PostgreSQL, beside the server's tables (versions 100+ of the one `schema_migrations`). Every write
 * is one transaction that first takes an advisory lock, so writers on several instances never lose each other's
 * merges or decisions; a file is imported once because `inventory_imports.sha256` is unique and the import's record
 * is inserted first with ON CONFLICT DO NOTHING.
 */
export class PostgresInventoryStore implements InventoryStore {
  private closed = false;

  private constructor(
    private readonly db: SqlClient,
    private readonly ownsClient: boolean,
    private readonly clock: () => number,
  ) {}

  /** Opens the store on a database URL (own pool) or on the server's client (shared pool), applying the migrations. */
  static async open(
    target: string | SqlClient,
    options: PostgresInventoryStoreOptions = {},
  ): Promise<PostgresInventoryStore> {
    const owns = typeof target === 'string';
    const db = typeof target === 'string' ? openPostgres(target, options.maxConnections ?? 4) : target;
    try {
      if (db.dialect !== 'postgres') throw new Error('PostgresInventoryStore needs a PostgreSQL client');
      await migrateInventory(db);
    } catch (error) {
      if (owns) await db.close().catch(() => undefined);
      throw error;
    }
    return new PostgresInventoryStore(db, owns, options.clock ?? Date.now);
  }

  private write<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [INVENTORY_WRITE_LOCK]);
      return work(tx);
    });
  }

  private async mergeBatch(tx: SqlClient, batch: readonly SourceAggregate[]): Promise<void> {
    if (batch.length === 0) return;
    const now = this.clock();
    const keys = [...new Set(batch.map((a) => a.key))];
    const stored = await tx.query<StoredSourceRow>(`${SELECT_SOURCES} WHERE s.key = ANY($1::text[])`, [keys]);
    const merged = new Map(stored.map((row) => [row.key, fromRow(row)]));
    // In order, so a key twice in one batch merges twice, as in the SQLite store.
    for (const aggregate of batch)
      merged.set(aggregate.key, mergeIntoSource(merged.get(aggregate.key), aggregate, now));
    await tx.execute(UPSERT_SOURCES, [JSON.stringify([...merged.values()].map(toRow))]);
    const verified = [...merged.values()].map(verifiedRow).filter((row): row is VerifiedRow => row !== undefined);
    if (verified.length) await tx.execute(UPSERT_VERIFIED, [JSON.stringify(verified)]);
  }

  async upsertSources(batch: readonly SourceAggregate[]): Promise<void> {
    await this.write((tx) => this.mergeBatch(tx, batch));
  }

  async applyImport(record: ImportRecord, batches: Iterable<readonly SourceAggregate[]>): Promise<ApplyImportResult> {
    return this.write(async (tx): Promise<ApplyImportResult> => {
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO inventory_imports (id, kind, label, sha256, rows, messages, bad_rows, sources, at, actor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (sha256) DO NOTHING RETURNING id`,
        [
          record.id,
          pgText(record.kind),
          pgText(record.label),
          record.sha256 ?? null,
          record.rows,
          record.messages,
          record.badRows,
          record.sources,
          record.at,
          pgText(record.actor ?? null),
        ],
      );
      if (inserted.length === 0) {
        const [duplicate] = await tx.query<ImportRow>('SELECT * FROM inventory_imports WHERE sha256 = $1', [
          record.sha256,
        ]);
        if (!duplicate) throw new Error(`import ${record.id} conflicted with no stored import`);
        return { duplicateOf: importFromRow(duplicate) };
      }
      for (const batch of batches) await this.mergeBatch(tx, batch);
      return {};
    });
  }

  async listImports(): Promise<ImportRecord[]> {
    return (await this.db.query<ImportRow>('SELECT * FROM inventory_imports ORDER BY at DESC, id COLLATE "C"')).map(
      importFromRow,
    );
  }

  async listSources(query: SourceQuery = {}): Promise<InventorySource[]> {
    const rows = await this.db.query<StoredSourceRow>(
      `${SELECT_SOURCES} WHERE ($1::text IS NULL OR s.category = $1) AND ($2::text IS NULL OR s.status = $2)
       ${ORDER_SOURCES} LIMIT $3::bigint OFFSET $4::bigint`,
      [query.category ?? null, query.status ?? null, query.limit ?? null, query.offset ?? 0],
    );
    return rows.map(fromRow);
  }

  async getSource(key: string): Promise<InventorySource | undefined> {
    const [row] = await this.db.query<StoredSourceRow>(`${SELECT_SOURCES} WHERE s.key = $1`, [key]);
    return row ? fromRow(row) : undefined;
  }

  async recordAction(action: AdminAction): Promise<InventorySource> {
    return this.write(async (tx) => {
      const [row] = await tx.query<StoredSourceRow>(`${SELECT_SOURCES} WHERE s.key = $1`, [action.sourceKey]);
      if (!row) throw new UnknownSourceError(action.sourceKey);
      const updated = applyAction(fromRow(row), action);
      await tx.execute(
        'UPDATE inventory_sources SET status = $2, name = $3, status_by = $4, status_at = $5 WHERE key = $1',
        [
          updated.key,
          updated.status,
          pgText(updated.name ?? null),
          pgText(updated.statusBy ?? null),
          updated.statusAt ?? null,
        ],
      );
      await tx.execute(
        'INSERT INTO inventory_actions (source_key, action, actor, at, name, note) VALUES ($1, $2, $3, $4, $5, $6)',
        [
          action.sourceKey,
          action.action,
          pgText(action.actor),
          action.at,
          pgText(action.name ?? null),
          pgText(action.note ?? null),
        ],
      );
      return updated;
    });
  }

  async listActions(sourceKey?: string): Promise<AdminAction[]> {
    const rows = await this.db.query<ActionRow>(
      'SELECT * FROM inventory_actions WHERE ($1::text IS NULL OR source_key = $1) ORDER BY at DESC, id DESC',
      [sourceKey ?? null],
    );
    return rows.map(actionFromRow);
  }

  async overview(query: OverviewQuery = {}): Promise<InventoryOverview> {
    const maxBuckets = maxBucketsOf(query);
    type Count = { key: string; sources: number | string; messages: number | string | null };
    const [statuses, categories, [range]] = await Promise.all([
      this.db.query<Count>(groupCountSql('status')),
      this.db.query<Count>(groupCountSql('category')),
      this.db.query<{ f: number | string | null; l: number | string | null }>(DAY_RANGE_SQL),
    ]);
    const overview: InventoryOverview = {
      statuses: countsOf(OVERVIEW_STATUSES, statuses),
      categories: countsOf(SOURCE_CATEGORIES, categories),
    };
    if (range?.f == null || range.l == null) return overview;
    const window = volumeWindow(Number(range.f), Number(range.l), maxBuckets);
    type VolumeRow = { bucket: number | string; category: string; messages: number | string };
    const rows = await this.db.query<VolumeRow>(VOLUME_POSTGRES, [window.fromDay, window.bucketDays, window.buckets]);
    overview.volume = volumeOf(window, rows);
    return overview;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await this.db.close();
  }
}
