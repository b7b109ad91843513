import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { importTraceRows } from '../admin/inventory/import-into-store.js';
import type { AdminActionType } from '../admin/inventory/inventory-store.js';
import { sourceKeyFor } from '../admin/inventory/source-key.js';
import type { Logger } from '../log/logger.js';
import { knownSenderSource } from '../admin/inventory/known-sender-source.js';
import { openInventory } from '../admin/inventory/open-server-inventory.js';
import { ReportService } from '../reports/report-service.js';
import { ReportStore } from '../reports/report-store.js';
import { stableUuid } from '../reports/stable-id.js';
import { TenantContextSource } from '../reports/tenant-context.js';
import { KnownSenderStore } from '../storage/known-senders.js';
import { openStorage } from '../storage/open-storage.js';
import { openSqlite } from '../storage/sqlite-client.js';
import { DEMO_MESSAGES, demoHeaders } from './demo-reports.js';
import { DEMO_ACCEPTED_DOMAINS, DEMO_ACTOR, DEMO_IMPORT_KIND, DEMO_LABEL } from './demo-tenant.js';
import { demoTraceRows } from './demo-trace.js';

export class DemoRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoRefusedError';
  }
}

/** Tables that hold no data of their own (migration bookkeeping). */
const BOOKKEEPING = new Set(['schema_migrations']);

/**
 * What a SQLite file holds: nothing yet, the demo's data (marked by its import), or anything else. A database with
 * other data never gets demo data, and the demo's file is only ever replaced when it holds nothing but the demo.
 */
export async function demoDatabaseState(file: string): Promise<'missing' | 'empty' | 'demo' | 'other'> {
  if (!existsSync(file)) return 'missing';
  const db = openSqlite(file);
  try {
    const tables = await db.query<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    const names = new Set(tables.map((t) => t.name));
    if (names.has('inventory_imports')) {
      const [kinds] = await db.query<{ demo: number; other: number }>(
        'SELECT SUM(CASE WHEN kind = $1 THEN 1 ELSE 0 END) AS demo, SUM(CASE WHEN kind = $1 THEN 0 ELSE 1 END) AS other FROM inventory_imports',
        [DEMO_IMPORT_KIND],
      );
      if (Number(kinds?.other ?? 0) > 0) return 'other';
      if (Number(kinds?.demo ?? 0) > 0) return 'demo';
    }
    for (const name of names) {
      if (BOOKKEEPING.has(name)) continue;
      const [row] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`);
      if (Number(row?.n ?? 0) > 0) return 'other';
    }
    return 'empty';
  } finally {
    await db.close();
  }
}

export interface DemoSummary {
  file: string;
  rows: number;
  sources: number;
  reports: number;
}

/** Decisions the demo's admin already took, so every status shows: the rest stays "new" to decide in chat. */
const DECISIONS: { ip: string; action: AdminActionType; name?: string }[] = [
  { ip: '198.51.100.20', action: 'approve', name: 'DEMO Scanner fleet floor 2' },
  { ip: '192.0.2.10', action: 'approve', name: 'DEMO Copier 3 (certificate)' },
  { ip: '203.0.113.7', action: 'mark-to-migrate' },
  { ip: '198.19.20.5', action: 'retire' },
];

/**
 * Loads the demo (a generated 30-day message trace of the fictitious tenant, the admin's first decisions, and a
 * few reports) into its own SQLite file. Refuses a file that holds anything but demo data; replaces an older demo.
 * All or nothing: when loading fails, the half-made file is removed.
 */
export async function loadDemo(file: string, now = Date.now()): Promise<DemoSummary> {
  const state = await demoDatabaseState(file);
  if (state === 'other') {
    throw new DemoRefusedError(
      `${file} holds data that is not demo data; demo data goes only into its own database (data/dsguard-demo.sqlite or --db <new file>)`,
    );
  }
  await removeDatabase(file);
  await mkdir(path.dirname(file), { recursive: true });
  try {
    return await fill(file, now);
  } catch (error) {
    await removeDatabase(file);
    throw error;
  }
}

async function removeDatabase(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${file}${suffix}`, { force: true });
}

async function fill(file: string, now: number): Promise<DemoSummary> {
  const storage = { kind: 'sqlite' as const, path: file };
  const db = await openStorage(storage);
  const inventory = await openInventory(storage, db);
  try {
    const rows = demoTraceRows(now);
    const imported = await importTraceRows(
      rows,
      inventory,
      { kind: DEMO_IMPORT_KIND, label: DEMO_LABEL },
      { acceptedDomains: [...DEMO_ACCEPTED_DOMAINS] },
    );
    for (const decision of DECISIONS) {
      const at = now - 3 * 24 * 60 * 60 * 1000;
      await inventory.recordAction({
        sourceKey: sourceKeyFor(decision.ip).key,
        action: decision.action,
        actor: DEMO_ACTOR,
        at,
        ...(decision.name ? { name: decision.name } : {}),
      });
    }
    const knownSenders = new KnownSenderStore(db);
    const tenant = {
      acceptedDomains: [...DEMO_ACCEPTED_DOMAINS],
      gatewayIps: [],
      knownSenders: [],
      notifyDirectSend: false,
    };
    const reports = new ReportService(
      new ReportStore(db, () => []),
      new TenantContextSource(tenant, knownSenderSource(knownSenders, inventory)),
    );
    for (const message of DEMO_MESSAGES) {
      const { headers, receivedAt } = demoHeaders(message, now);
      const filed = await reports.file({
        clientReportId: stableUuid('demo', message.reporter.id, message.subject),
        reporter: message.reporter,
        source: 'teams',
        headers,
        subject: `[DEMO] ${message.subject}`,
      });
      await db.execute('UPDATE reports SET created_at = $1, updated_at = $1 WHERE id = $2', [
        receivedAt + 15 * 60_000,
        filed.report.id,
      ]);
    }
    return { file, rows: rows.length, sources: imported.record.sources, reports: DEMO_MESSAGES.length };
  } finally {
    await inventory.close();
    await db.close();
  }
}

/** Demo mode's start: the demo database as it is when it holds the demo, else freshly loaded; never another database. */
export async function ensureDemoData(file: string, logger: Logger): Promise<void> {
  const state = await demoDatabaseState(file);
  if (state === 'demo') return;
  const summary = await loadDemo(file);
  logger.info('demo.loaded', { file, rows: summary.rows, sources: summary.sources, reports: summary.reports });
}
