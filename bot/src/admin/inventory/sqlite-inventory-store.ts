import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CategoryEvidence, SourceCategory } from './categorize.js';
import type { SourceAggregate } from './source-aggregate.js';
import {
  UnknownSourceError,
  applyAction,
  mergeIntoSource,
  type AdminAction,
  type AdminActionType,
  type ApplyImportResult,
  type ImportRecord,
  type InventorySource,
  type InventoryStore,
  type SourceQuery,
  type SourceStatus,
} from './inventory-store.js';
import { inventoryMigrations } from './migrations.js';

interface SourceRow {
  key: string;
  ip_version: number;
  ips: string;
  ips_truncated: number;
  senders: string;
  other_sender_messages: number;
  helos: string;
  messages: number;
  recipients: number;
  self_addressed: number;
  lure_subjects: number;
  first_seen: number | null;
  last_seen: number | null;
  subjects: string;
  auth: string;
  verdicts: string;
  origins: string;
  category: string;
  evidence: string;
  status: string;
  name: string | null;
  status_by: string | null;
  status_at: number | null;
  updated_at: number;
}

interface ActionRow {
  source_key: string;
  action: string;
  actor: string;
  at: number;
  name: string | null;
  note: string | null;
}

interface ImportRow {
  id: string;
  kind: string;
  label: string;
  sha256: string | null;
  rows: number;
  messages: number;
  bad_rows: number;
  sources: number;
  at: number;
  actor: string | null;
}

function toRow(source: InventorySource): SourceRow {
  return {
    key: source.key,
    ip_version: source.ipVersion,
    ips: JSON.stringify(source.ips),
    ips_truncated: source.ipsTruncated ? 1 : 0,
    senders: JSON.stringify(source.senders),
    other_sender_messages: source.otherSenderMessages,
    helos: JSON.stringify(source.helos),
    messages: source.messages,
    recipients: source.recipients,
    self_addressed: source.selfAddressed,
    lure_subjects: source.lureSubjects,
    first_seen: source.firstSeen ?? null,
    last_seen: source.lastSeen ?? null,
    subjects: JSON.stringify(source.subjects),
    auth: JSON.stringify(source.auth),
    verdicts: JSON.stringify(source.verdicts),
    origins: JSON.stringify(source.origins),
    category: source.category,
    evidence: JSON.stringify(source.evidence),
    status: source.status,
    name: source.name ?? null,
    status_by: source.statusBy ?? null,
    status_at: source.statusAt ?? null,
    updated_at: source.updatedAt,
  };
}

function fromRow(row: SourceRow): InventorySource {
  const source: InventorySource = {
    key: row.key,
    ipVersion: row.ip_version as 0 | 4 | 6,
    ips: JSON.parse(row.ips) as string[],
    ipsTruncated: row.ips_truncated === 1,
    senders: JSON.parse(row.senders) as Record<string, number>,
    otherSenderMessages: row.other_sender_messages,
    helos: JSON.parse(row.helos) as string[],
    messages: row.messages,
    recipients: row.recipients,
    selfAddressed: row.self_addressed,
    lureSubjects: row.lure_subjects,
    subjects: JSON.parse(row.subjects) as string[],
    auth: JSON.parse(row.auth) as Record<string, number>,
    verdicts: JSON.parse(row.verdicts) as Record<string, number>,
    origins: JSON.parse(row.origins) as Record<string, number>,
    category: row.category as SourceCategory,
    evidence: JSON.parse(row.evidence) as CategoryEvidence[],
    status: row.status as SourceStatus,
    updatedAt: row.updated_at,
  };
  if (row.first_seen !== null) source.firstSeen = row.first_seen;
  if (row.last_seen !== null) source.lastSeen = row.last_seen;
  if (row.name !== null) source.name = row.name;
  if (row.status_by !== null) source.statusBy = row.status_by;
  if (row.status_at !== null) source.statusAt = row.status_at;
  return source;
}

function importFromRow(row: ImportRow): ImportRecord {
  const record: ImportRecord = {
    id: row.id,
    kind: row.kind,
    label: row.label,
    rows: row.rows,
    messages: row.messages,
    badRows: row.bad_rows,
    sources: row.sources,
    at: row.at,
  };
  if (row.sha256 !== null) record.sha256 = row.sha256;
  if (row.actor !== null) record.actor = row.actor;
  return record;
}

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
      get: this.db.prepare<[string], SourceRow>('SELECT * FROM inventory_sources WHERE key = ?'),
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
      insertAction: this.db.prepare<[ActionRow]>(
        'INSERT INTO inventory_actions (source_key, action, actor, at, name, note) VALUES (@source_key, @action, @actor, @at, @name, @note)',
      ),
      importBySha: this.db.prepare<[string], ImportRow>('SELECT * FROM inventory_imports WHERE sha256 = ?'),
      insertImport: this.db.prepare<[ImportRow]>(`INSERT INTO inventory_imports (id, kind, label, sha256, rows, messages,
        bad_rows, sources, at, actor) VALUES (@id, @kind, @label, @sha256, @rows, @messages, @bad_rows, @sources, @at, @actor)`),
    };
  }

  private mergeBatch(batch: readonly SourceAggregate[]): void {
    const now = this.clock();
    for (const aggregate of batch) {
      const existing = this.statements.get.get(aggregate.key);
      this.statements.upsert.run(toRow(mergeIntoSource(existing ? fromRow(existing) : undefined, aggregate, now)));
    }
  }

  async upsertSources(batch: readonly SourceAggregate[]): Promise<void> {
    this.db.transaction(() => this.mergeBatch(batch))();
  }

  async applyImport(record: ImportRecord, batches: Iterable<readonly SourceAggregate[]>): Promise<ApplyImportResult> {
    return this.db.transaction((): ApplyImportResult => {
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
    }).immediate();
  }

  async listImports(): Promise<ImportRecord[]> {
    return this.db.prepare<[], ImportRow>('SELECT * FROM inventory_imports ORDER BY at DESC, id').all().map(importFromRow);
  }

  async listSources(query: SourceQuery = {}): Promise<InventorySource[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.category) {
      where.push('category = ?');
      params.push(query.category);
    }
    if (query.status) {
      where.push('status = ?');
      params.push(query.status);
    }
    const sql = `SELECT * FROM inventory_sources ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY messages DESC, key LIMIT ? OFFSET ?`;
    params.push(query.limit ?? -1, query.offset ?? 0);
    return this.db.prepare<(string | number)[], SourceRow>(sql).all(...params).map(fromRow);
  }

  async getSource(key: string): Promise<InventorySource | undefined> {
    const row = this.statements.get.get(key);
    return row ? fromRow(row) : undefined;
  }

  async recordAction(action: AdminAction): Promise<InventorySource> {
    return this.db.transaction((): InventorySource => {
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
    }).immediate();
  }

  async listActions(sourceKey?: string): Promise<AdminAction[]> {
    const rows = sourceKey
      ? this.db.prepare<[string], ActionRow>('SELECT * FROM inventory_actions WHERE source_key = ? ORDER BY at DESC, id DESC').all(sourceKey)
      : this.db.prepare<[], ActionRow>('SELECT * FROM inventory_actions ORDER BY at DESC, id DESC').all();
    return rows.map((row) => {
      const action: AdminAction = { sourceKey: row.source_key, action: row.action as AdminActionType, actor: row.actor, at: row.at };
      if (row.name !== null) action.name = row.name;
      if (row.note !== null) action.note = row.note;
      return action;
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
