import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import type { SourceAggregate } from './source-aggregate.js';
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
import { inventoryMigrations } from './migrations.js';
import {
  SELECT_SOURCES,
  actionFromRow,
  fromRow,
  importFromRow,
  toRow,
  verifiedRow,
  type ActionRow,
  type ImportRow,
  type SourceRow,
  type StoredSourceRow,
  type VerifiedRow,
} from './source-rows.js';

// Each source's messages spread evenly over its days (first to last sighting), summed per bucket and category.
// Sources are first summed per (category, first day, last day), once (MATERIALIZED), so the table is read once.
const VOLUME_SQLITE = `WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i + 1 < @buckets),
  s AS MATERIALIZED (SELECT category, first_seen / ${DAY_MS} AS f, last_seen / ${DAY_MS} AS l, SUM(messages) AS messages
    FROM inventory_sources ${DATED_SOURCES_WHERE} GROUP BY category, f, l)
  SELECT b.i AS bucket, s.category AS category,
    SUM(s.messages * (MIN(s.l, @fromDay + (b.i + 1) * @bucketDays - 1) - MAX(s.f, @fromDay + b.i * @bucketDays) + 1)
      * 1.0 / (s.l - s.f + 1)) AS messages
  FROM b JOIN s ON s.f <= @fromDay + (b.i + 1) * @bucketDays - 1 AND s.l >= @fromDay + b.i * @bucketDays
  GROUP BY b.i, s.category`;

export interface SqliteInventoryStoreOptions {
  clock?: () => number;
  /** Milliseconds to wait for another writer (the server) to finish; default 5000. */
  busyTimeoutMs?: number;
}

/**
 * The inventory in SQLite (better-sqlite3). Opens its own connection in WAL mode so the server and the CLI
 * can share the file; each batch (or whole import) is one transaction.
 */
export class SqliteInventoryStore implements InventoryStore {
  private readonly db: Database.Database;
  private readonly clock: () => number;
  private readonly statements;

  constructor(fileOrDb: string | Database.Database, options: SqliteInventoryStoreOptions = {}) {
    if (typeof fileOrDb === 'string') {
      if (fileOrDb !== ':memory:') mkdirSync(dirname(fileOrDb), { recursive: true });
      this.db = new Database(fileOrDb, { timeout: options.busyTimeoutMs ?? 5000 });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    } else {
      this.db = fileOrDb;
    }
    this.db.pragma('foreign_keys = ON');
    for (const migration of inventoryMigrations) this.db.exec(migration.sqlite);
    this.clock = options.clock ?? Date.now;
    this.statements = {
      get: this.db.prepare<[string], StoredSourceRow>(`${SELECT_SOURCES} WHERE s.key = ?`),
      upsert: this.db.prepare<[SourceRow]>(`INSERT INTO inventory_sources (key, ip_version, ips, ips_truncated, senders,
        other_sender_messages, helos, messages, recipients, self_addressed, lure_subjects, first_seen, last_seen, subjects,
        auth, verdicts, origins, category, evidence, status, name, status_by, status_at, updated_at)
        VALUES (@key, @ip_version, @ips, @ips_truncated, @senders, @other_sender_messages, @helos, @messages, @recipients,
        @self_addressed, @lure_subjects, @first_seen, @last_seen, @subjects, @auth, @verdicts, @origins, @category, @evidence,
        @status, @name, @status_by, @status_at, @updated_at)
        ON CONFLICT (key) DO UPDATE SET ip_version = excluded.ip_version, ips = excluded.ips,
        ips_truncated = excluded.ips_truncated, senders = excluded.senders,
        other_sender_messages = excluded.other_sender_messages, helos = excluded.helos, messages = excluded.messages,
        recipients = excluded.recipients, self_addressed = excluded.self_addressed, lure_subjects = excluded.lure_subjects,
        first_seen = excluded.first_seen, last_seen = excluded.last_seen, subjects = excluded.subjects, auth = excluded.auth,
        verdicts = excluded.verdicts, origins = excluded.origins, category = excluded.category, evidence = excluded.evidence,
        status = excluded.status, name = excluded.name, status_by = excluded.status_by, status_at = excluded.status_at,
        updated_at = excluded.updated_at`),
      upsertVerified: this.db.prepare<[VerifiedRow]>(`INSERT INTO inventory_verified_evidence (key, aggregate)
        VALUES (@key, @aggregate) ON CONFLICT (key) DO UPDATE SET aggregate = excluded.aggregate`),
      insertAction: this.db.prepare<[ActionRow]>(
        'INSERT INTO inventory_actions (source_key, action, actor, at, name, note) VALUES (@source_key, @action, @actor, @at, @name, @note)',
      ),
      importBySha: this.db.prepare<[string], ImportRow>('SELECT * FROM inventory_imports WHERE sha256 = ?'),
      insertImport: this.db.prepare<
        [ImportRow]
      >(`INSERT INTO inventory_imports (id, kind, label, sha256, rows, messages,
        bad_rows, sources, at, actor) VALUES (@id, @kind, @label, @sha256, @rows, @messages, @bad_rows, @sources, @at, @actor)`),
    };
  }

  private mergeBatch(batch: readonly SourceAggregate[]): void {
    const now = this.clock();
    for (const aggregate of batch) {
      const existing = this.statements.get.get(aggregate.key);
      const merged = mergeIntoSource(existing ? fromRow(existing) : undefined, aggregate, now);
      this.statements.upsert.run(toRow(merged));
      const verified = verifiedRow(merged);
      if (verified) this.statements.upsertVerified.run(verified);
    }
  }

  async upsertSources(batch: readonly SourceAggregate[]): Promise<void> {
    this.db.transaction(() => this.mergeBatch(batch))();
  }

  async applyImport(record: ImportRecord, batches: Iterable<readonly SourceAggregate[]>): Promise<ApplyImportResult> {
    return this.db
      .transaction((): ApplyImportResult => {
        const duplicate = record.sha256 ? this.statements.importBySha.get(record.sha256) : undefined;
        if (duplicate) return { duplicateOf: importFromRow(duplicate) };
        for (const batch of batches) this.mergeBatch(batch);
        this.statements.insertImport.run({
          id: record.id,
          kind: record.kind,
          label: record.label,
          sha256: record.sha256 ?? null,
          rows: record.rows,
          messages: record.messages,
          bad_rows: record.badRows,
          sources: record.sources,
          at: record.at,
          actor: record.actor ?? null,
        });
        return {};
      })
      .immediate();
  }

  async listImports(): Promise<ImportRecord[]> {
    return this.db
      .prepare<[], ImportRow>('SELECT * FROM inventory_imports ORDER BY at DESC, id')
      .all()
      .map(importFromRow);
  }

  async listSources(query: SourceQuery = {}): Promise<InventorySource[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.category) {
      where.push('s.category = ?');
      params.push(query.category);
    }
    if (query.status) {
      where.push('s.status = ?');
      params.push(query.status);
    }
    const sql = `${SELECT_SOURCES} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.messages DESC, s.key LIMIT ? OFFSET ?`;
    params.push(query.limit ?? -1, query.offset ?? 0);
    return this.db
      .prepare<(string | number)[], StoredSourceRow>(sql)
      .all(...params)
      .map(fromRow);
  }

  async getSource(key: string): Promise<InventorySource | undefined> {
    const row = this.statements.get.get(key);
    return row ? fromRow(row) : undefined;
  }

  async recordAction(action: AdminAction): Promise<InventorySource> {
    return this.db
      .transaction((): InventorySource => {
        const row = this.statements.get.get(action.sourceKey);
        if (!row) throw new UnknownSourceError(action.sourceKey);
        const updated = applyAction(fromRow(row), action);
        this.statements.upsert.run(toRow(updated));
        this.statements.insertAction.run({
          source_key: action.sourceKey,
          action: action.action,
          actor: action.actor,
          at: action.at,
          name: action.name ?? null,
          note: action.note ?? null,
        });
        return updated;
      })
      .immediate();
  }

  async listActions(sourceKey?: string): Promise<AdminAction[]> {
    const rows = sourceKey
      ? this.db
          .prepare<[string], ActionRow>(
            'SELECT * FROM inventory_actions WHERE source_key = ? ORDER BY at DESC, id DESC',
          )
          .all(sourceKey)
      : this.db.prepare<[], ActionRow>('SELECT * FROM inventory_actions ORDER BY at DESC, id DESC').all();
    return rows.map(actionFromRow);
  }

  async overview(query: OverviewQuery = {}): Promise<InventoryOverview> {
    const maxBuckets = maxBucketsOf(query);
    return this.db.transaction((): InventoryOverview => {
      type Count = { key: string; sources: number; messages: number | null };
      const group = (column: 'status' | 'category'): Count[] => this.db.prepare<[], Count>(groupCountSql(column)).all();
      const overview: InventoryOverview = {
        statuses: countsOf(OVERVIEW_STATUSES, group('status')),
        categories: countsOf(SOURCE_CATEGORIES, group('category')),
      };
      const range = this.db.prepare<[], { f: number | null; l: number | null }>(DAY_RANGE_SQL).get();
      if (range?.f == null || range.l == null) return overview;
      const window = volumeWindow(range.f, range.l, maxBuckets);
      type VolumeRow = { bucket: number; category: string; messages: number };
      const rows = this.db.prepare<[typeof window], VolumeRow>(VOLUME_SQLITE).all(window);
      overview.volume = volumeOf(window, rows);
      return overview;
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
