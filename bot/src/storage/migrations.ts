import type { SqlClient } from './sql-client.js';

export interface Migration {
  /** 1, 2, 3, ...: applied in order, each exactly once, recorded in `schema_migrations`. */
  version: number;
  name: string;
  /** One script for both databases, or one per dialect where they differ. */
  up: string | { sqlite: string; postgres: string };
}

/**
 * The schema's history. Append new versions at the end; never edit an applied one. Integers that hold
 * times are milliseconds since the epoch (BIGINT), JSON is TEXT, so the same SQL serves SQLite and PostgreSQL.
 */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'reports, known senders, conversation references, checks, outbox',
    up: `
      CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        client_report_id TEXT NOT NULL UNIQUE,
        reporter_id TEXT NOT NULL,
        reporter_name TEXT,
        source TEXT NOT NULL,
        network_message_id TEXT,
        subject TEXT,
        note TEXT,
        headers TEXT NOT NULL,
        eml TEXT,
        verdict TEXT NOT NULL,
        client_verdict TEXT,
        verdict_code TEXT NOT NULL,
        score INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',
        status_by TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        security_conversation_id TEXT,
        security_activity_id TEXT
      );
      CREATE UNIQUE INDEX reports_message_reporter ON reports (network_message_id, reporter_id)
        WHERE network_message_id IS NOT NULL;
      CREATE INDEX reports_reporter_created ON reports (reporter_id, created_at);
      CREATE INDEX reports_created ON reports (created_at);

      CREATE TABLE known_senders (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        ips TEXT NOT NULL,
        addresses TEXT NOT NULL,
        added_by TEXT,
        report_id TEXT,
        created_at BIGINT NOT NULL
      );

      CREATE TABLE conversation_refs (
        key TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );

      CREATE TABLE checks (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        headers TEXT NOT NULL,
        subject TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX checks_created ON checks (created_at);

      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        locked_until BIGINT,
        last_error TEXT,
        delivered_at BIGINT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX outbox_due ON outbox (delivered_at, next_attempt_at);
    `,
  },
  {
    version: 2,
    name: 'rate limit counters shared by every instance; stored .eml by age',
    up: `
      CREATE TABLE rate_limits (
        key TEXT NOT NULL,
        window_start BIGINT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (key, window_start)
      );
      CREATE INDEX rate_limits_window ON rate_limits (window_start);
      CREATE INDEX reports_eml_created ON reports (created_at) WHERE eml IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'cooldowns (the SMTP probe) and download links shared by every instance',
    up: `
      CREATE TABLE cooldowns (
        key TEXT PRIMARY KEY,
        ready_at BIGINT NOT NULL
      );
      CREATE TABLE download_links (
        token_hash TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        content_type TEXT NOT NULL,
        filename TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX download_links_expires ON download_links (expires_at);
    `,
  },
  {
    version: 20,
    name: 'tenant watcher: poll state, messages seen, incidents, tags',
    up: `
      CREATE TABLE watch_state (
        source TEXT PRIMARY KEY,
        watermark BIGINT,
        last_poll_at BIGINT,
        last_ok_at BIGINT,
        last_error TEXT,
        last_events INTEGER NOT NULL DEFAULT 0,
        polled_by TEXT,
        updated_at BIGINT NOT NULL
      );

      CREATE TABLE watch_messages (
        network_message_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        verdict TEXT NOT NULL,
        incident_id TEXT,
        received_at BIGINT NOT NULL,
        recorded_at BIGINT NOT NULL
      );
      CREATE INDEX watch_messages_incident ON watch_messages (incident_id);

      CREATE TABLE watch_deliveries (
        network_message_id TEXT NOT NULL,
        recipient TEXT NOT NULL,
        internet_message_id TEXT,
        tagged_at BIGINT,
        PRIMARY KEY (network_message_id, recipient)
      );

      CREATE TABLE watch_incidents (
        id TEXT PRIMARY KEY,
        group_key TEXT NOT NULL,
        source_key TEXT NOT NULL,
        sender TEXT NOT NULL,
        origin TEXT NOT NULL,
        verdict TEXT NOT NULL,
        verdict_code TEXT NOT NULL,
        subject TEXT,
        messages INTEGER NOT NULL,
        recipients INTEGER NOT NULL,
        first_seen BIGINT NOT NULL,
        last_seen BIGINT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',
        status_by TEXT,
        security_conversation_id TEXT,
        security_activity_id TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX watch_incidents_group ON watch_incidents (group_key, last_seen);

      CREATE TABLE watch_incident_recipients (
        incident_id TEXT NOT NULL,
        recipient TEXT NOT NULL,
        PRIMARY KEY (incident_id, recipient)
      );
      CREATE INDEX watch_incidents_created ON watch_incidents (created_at);
    `,
  },
  {
    version: 21,
    name: 'tenant watcher: incident revisions, queued updates, what each destination last got',
    up: `
      ALTER TABLE watch_incidents ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE watch_incidents ADD COLUMN queued_revision INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX watch_incidents_update_due ON watch_incidents (id) WHERE revision > queued_revision;

      CREATE TABLE watch_alert_revisions (
        incident_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (incident_id, kind)
      );
    `,
  },
];

const MIGRATION_LOCK_ID = 0x64736761; // "dsga": serializes migrations of several instances on one PostgreSQL

/**
 * A range of schema versions owned by one part of the server, all recorded in the one `schema_migrations` table:
 * the core owns 1-99, the admin tools' inventory 100-199. Each runner only looks at its own range.
 */
export interface MigrationTrack {
  first: number;
  last: number;
}

export const CORE_TRACK: MigrationTrack = { first: 1, last: 99 };

export function checkMigrationList(list: readonly Migration[], track: MigrationTrack = CORE_TRACK): void {
  // Ascending, but not necessarily contiguous: each feature owns a block of versions (the watcher 20-29).
  list.forEach((m, i) => {
    const previous = i === 0 ? track.first - 1 : list[i - 1]!.version;
    if (i === 0 && m.version !== track.first)
      throw new Error(`migration "${m.name}" has version ${m.version}, expected ${track.first}`);
    if (m.version <= previous)
      throw new Error(`migration "${m.name}" has version ${m.version}, expected more than ${previous}`);
    if (m.version > track.last)
      throw new Error(`migration "${m.name}" has version ${m.version}, beyond its range ${track.first}-${track.last}`);
  });
}

/** Applies every migration not yet recorded, in one transaction; safe to run from several instances at once. */
export async function migrate(
  db: SqlClient,
  list: readonly Migration[] = migrations,
  track: MigrationTrack = CORE_TRACK,
): Promise<number[]> {
  checkMigrationList(list, track);
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)).filter((v) => v >= track.first && v <= track.last));
    const newest = Math.max(track.first - 1, ...applied);
    const known = list.length ? list[list.length - 1]!.version : track.first - 1;
    if (newest > known) {
      throw new Error(
        `the database has schema version ${newest}, newer than this server knows (${known}); upgrade the server`,
      );
    }
    const done: number[] = [];
    for (const m of list) {
      if (applied.has(m.version)) continue;
      await tx.exec(typeof m.up === 'string' ? m.up : m.up[tx.dialect]);
      await tx.execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        Date.now(),
      ]);
      done.push(m.version);
    }
    return done;
  });
}
