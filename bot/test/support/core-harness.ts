import { BotCore } from '../../src/conversation/bot-core';
import type { AdminCommand, FileAttachment } from '../../src/conversation/bot-types';
import type { Download } from '../../src/conversation/eml-download';
import { silentLogger } from '../../src/log/logger';
import { ReportService } from '../../src/reports/report-service';
import { ReportStore } from '../../src/reports/report-store';
import { TenantContextSource } from '../../src/reports/tenant-context';
import { CheckStore } from '../../src/storage/checks';
import { KnownSenderStore } from '../../src/storage/known-senders';
import { migrate } from '../../src/storage/migrations';
import type { SqlClient } from '../../src/storage/sql-client';
import { openSqlite } from '../../src/storage/sqlite-client';

export interface CoreHarness {
  db: SqlClient;
  core: BotCore;
  reports: ReportService;
  knownSenders: KnownSenderStore;
  tenantContext: TenantContextSource;
}

/** The real bot core on an in-memory SQLite database and the real classifier. */
export async function coreHarness(options: {
  acceptedDomains?: string[];
  download?: (file: FileAttachment) => Promise<Download>;
  adminCommands?: Map<string, AdminCommand>;
} = {}): Promise<CoreHarness> {
  const db = openSqlite(':memory:');
  await migrate(db);
  const knownSenders = new KnownSenderStore(db);
  const tenantContext = new TenantContextSource({ acceptedDomains: options.acceptedDomains ?? [], gatewayIps: [], knownSenders: [], notifyDirectSend: false }, knownSenders, 0);
  const reports = new ReportService(new ReportStore(db, () => ['webhook']), tenantContext);
  const core = new BotCore({
    reports,
    checks: new CheckStore(db),
    knownSenders,
    tenantContext,
    download: options.download ?? (async () => ({ ok: false, reason: 'failed' })),
    maxEmlBytes: 1024 * 1024,
    logger: silentLogger,
    ...(options.adminCommands ? { adminCommands: options.adminCommands } : {}),
  });
  return { db, core, reports, knownSenders, tenantContext };
}

/** Every TextBlock text and FactSet value in a card, for assertions on what the user sees. */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (typeof n.title === 'string' && typeof n.value === 'string') out.push(`${n.title}: ${n.value}`);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** Every action (type, title, verb) in a card, fallbacks included. */
export function cardActions(card: unknown): { type: string; title?: string; verb?: string; data?: Record<string, unknown>; fallback?: { type: string; data?: Record<string, unknown> } }[] {
  const actions = (card as { actions?: unknown[] }).actions ?? [];
  return actions as ReturnType<typeof cardActions>;
}
