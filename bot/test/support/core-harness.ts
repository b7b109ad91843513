import type { InventoryStore } from '../../src/admin/inventory/inventory-store';
import { SqliteInventoryStore } from '../../src/admin/inventory/sqlite-inventory-store';
import {
  adminCommands as createAdminCommands,
  type AdminCommandsDeps,
} from '../../src/conversation/admin/admin-commands';
import { openAttachmentStream } from '../../src/conversation/attachment-stream';
import { localDownloadPolicy } from './download-policy';
import { BotCore } from '../../src/conversation/bot-core';
import type { AdminCardAction, AdminCommand, FileAttachment, TurnIo, WorkIo } from '../../src/conversation/bot-types';
import type { Download } from '../../src/conversation/eml-download';
import { silentLogger } from '../../src/log/logger';
import { ReportService } from '../../src/reports/report-service';
import { ReportStore } from '../../src/reports/report-store';
import { TenantContextSource } from '../../src/reports/tenant-context';
import { CheckStore } from '../../src/storage/checks';
import { knownSenderSource } from '../../src/admin/inventory/known-sender-source';
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
  /** The inventory the admin commands use (real SQLite in memory). */
  inventory: InventoryStore;
}

/** The real bot core on an in-memory SQLite database and the real classifier. */
export async function coreHarness(
  options: {
    acceptedDomains?: string[];
    download?: (file: FileAttachment) => Promise<Download>;
    adminCommands?: Map<string, AdminCommand>;
    /** Wire the real admin commands, on an in-memory SQLite inventory. */
    inventory?: 'sqlite';
    /** Overrides for the import command (limits, timeout) when `inventory` is given. */
    importTrace?: Partial<AdminCommandsDeps['importTrace']>;
    /** The readiness command when `inventory` is given. */
    readiness?: (deps: { inventory: InventoryStore }) => AdminCommand;
    /** The probe command and its buttons when `inventory` is given. */
    probe?: AdminCommandsDeps['probe'];
    /** The watch command and the incident card's buttons when `inventory` is given. */
    watch?: (deps: {
      db: SqlClient;
      inventory: InventoryStore;
      tenantContext: TenantContextSource;
    }) => AdminCommandsDeps['watch'];
  } = {},
): Promise<CoreHarness> {
  const db = openSqlite(':memory:');
  await migrate(db);
  const knownSenders = new KnownSenderStore(db);
  const inventory = new SqliteInventoryStore(':memory:');
  const tenantContext = new TenantContextSource(
    { acceptedDomains: options.acceptedDomains ?? [], gatewayIps: [], knownSenders: [], notifyDirectSend: false },
    knownSenderSource(knownSenders, inventory),
    0,
  );
  let adminCommands = options.adminCommands;
  let adminCardActions: Map<string, AdminCardAction> | undefined;
  if (options.inventory) {
    const readiness = options.readiness?.({ inventory });
    const admin = createAdminCommands({
      inventory,
      onKnownSendersChanged: () => tenantContext.invalidate(),
      importTrace: {
        open: (file, maxBytes, signal) => openAttachmentStream(file, maxBytes, signal, localDownloadPolicy()),
        acceptedDomains: options.acceptedDomains ?? [],
        maxBytes: 1024 * 1024,
        timeoutMs: 5000,
        ...options.importTrace,
      },
      ...(readiness ? { readiness } : {}),
      ...(options.probe ? { probe: options.probe } : {}),
      ...(options.watch ? { watch: options.watch({ db, inventory, tenantContext }) } : {}),
      logger: silentLogger,
    });
    adminCommands = new Map([...admin.commands, ...(options.adminCommands ?? [])]);
    adminCardActions = admin.cardActions;
  }
  const reports = new ReportService(new ReportStore(db, () => ['webhook']), tenantContext);
  const core = new BotCore({
    reports,
    checks: new CheckStore(db),
    inventory,
    tenantContext,
    download: options.download ?? (async () => ({ ok: false, reason: 'failed' })),
    maxEmlBytes: 1024 * 1024,
    logger: silentLogger,
    ...(adminCommands ? { adminCommands } : {}),
    ...(adminCardActions ? { adminCardActions } : {}),
  });
  return { db, core, reports, knownSenders, tenantContext, inventory };
}

/** Every TextBlock text and FactSet value in a card, for assertions on what the user sees. */
/** A card text as a reader sees it: CommonMark backslash escapes (card builders escape untrusted text) removed. */
export const shownText = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(shownText(n.text));
    if (typeof n.title === 'string' && typeof n.value === 'string') out.push(shownText(`${n.title}: ${n.value}`));
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** Every action (type, title, verb) in a card, fallbacks included. */
export function cardActions(card: unknown): {
  type: string;
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
  fallback?: { type: string; data?: Record<string, unknown> };
}[] {
  const actions = (card as { actions?: unknown[] }).actions ?? [];
  return actions as ReturnType<typeof cardActions>;
}

/** A turn's io that counts typing indicators and runs long work inline (as with `expectReplies`). */
export function countingIo(onTyping: () => void): TurnIo {
  const work: WorkIo = { typing: async () => void onTyping() };
  return { ...work, runLong: (long) => long(work) };
}
