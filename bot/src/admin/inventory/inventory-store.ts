import { categorizeSource, type CategoryEvidence, type SourceCategory } from './categorize.js';
import type { InventoryOverview, OverviewQuery } from './inventory-overview.js';
import { mergeAggregates, type SourceAggregate } from './source-aggregate.js';

/** An inventory source's review status, in the order admins move through them. */
export const SOURCE_STATUSES = ['new', 'approved', 'to-migrate', 'malicious', 'retired'] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];
export type AdminActionType = 'approve' | 'mark-to-migrate' | 'mark-malicious' | 'retire';

export const ADMIN_ACTIONS: readonly AdminActionType[] = ['approve', 'mark-to-migrate', 'mark-malicious', 'retire'];

export const STATUS_AFTER: Record<AdminActionType, SourceStatus> = {
  approve: 'approved',
  'mark-to-migrate': 'to-migrate',
  'mark-malicious': 'malicious',
  retire: 'retired',
};

export interface AdminAction {
  sourceKey: string;
  action: AdminActionType;
  /** Who: an Entra object id, UPN or, from the CLI, the OS user. */
  actor: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** For approve: the name the source gets as a known sender. */
  name?: string;
  note?: string;
}

export interface InventorySource extends SourceAggregate {
  /**
   * The part of the aggregate that message trace or Defender reported (imports and pulls). Rows taken from chat checks
   * and user reports carry an IP, HELO and sender anyone can write into pasted headers: they are shown, but without
   * this part the source is unverified, cannot be approved and feeds no known sender or connector.
   */
  verified?: SourceAggregate;
  category: SourceCategory;
  evidence: CategoryEvidence[];
  status: SourceStatus;
  name?: string;
  statusBy?: string;
  statusAt?: number;
  updatedAt: number;
}

export interface ImportRecord {
  id: string;
  /** "csv-summary", "csv-extended", "csv-connector", "graph-trace", "defender", "verdicts". */
  kind: string;
  /** File name or query window, for the admin. */
  label: string;
  /** Of the file's bytes: the same file is imported once. */
  sha256?: string;
  rows: number;
  messages: number;
  badRows: number;
  sources: number;
  at: number;
  actor?: string;
}

export interface SourceQuery {
  category?: SourceCategory;
  status?: SourceStatus;
  limit?: number;
  offset?: number;
}

export interface ApplyImportResult {
  /** Set when a file with the same sha256 was imported before; nothing was written. */
  duplicateOf?: ImportRecord;
}

/** Row origins whose data a user supplied (pasted headers, reports): never enough to trust a source. */
export const UNVERIFIED_ORIGINS: readonly string[] = ['verdict'];

export const isVerifiedOrigin = (origin: string): boolean => !UNVERIFIED_ORIGINS.includes(origin);

/** True when the aggregate holds rows, all from message trace or Defender (an import or pull never mixes the two). */
export function isVerifiedAggregate(aggregate: SourceAggregate): boolean {
  const origins = Object.keys(aggregate.origins);
  return origins.length > 0 && origins.every(isVerifiedOrigin);
}

export class UnverifiedSourceError extends Error {
  constructor(readonly key: string) {
    super(`inventory source "${key}" has only user-supplied evidence; import message trace that shows it first`);
    this.name = 'UnverifiedSourceError';
  }
}

export class UnknownSourceError extends Error {
  constructor(readonly key: string) {
    super(`no inventory source "${key}"`);
    this.name = 'UnknownSourceError';
  }
}

/** The inventory's storage. Every write is atomic: a batch, or a whole import, lands entirely or not at all. */
export interface InventoryStore {
  /** Merges a batch of aggregates into the stored sources, in one transaction. */
  upsertSources(batch: readonly SourceAggregate[]): Promise<void>;
  /** Merges every batch and records the import in one transaction; refuses a file already imported. */
  applyImport(record: ImportRecord, batches: Iterable<readonly SourceAggregate[]>): Promise<ApplyImportResult>;
  listImports(): Promise<ImportRecord[]>;
  /** Most messages first. */
  listSources(query?: SourceQuery): Promise<InventorySource[]>;
  getSource(key: string): Promise<InventorySource | undefined>;
  /** Sets the source's status and records who did it and when; throws UnknownSourceError. */
  recordAction(action: AdminAction): Promise<InventorySource>;
  /** Newest first. */
  listActions(sourceKey?: string): Promise<AdminAction[]>;
  /** Counts per status and category, and the volume over time per category (the dashboard), summed by the database. */
  overview(query?: OverviewQuery): Promise<InventoryOverview>;
  close(): Promise<void>;
}

/** The stored form of `incoming` merged into `existing` (if any), recategorized; admin decisions are kept. */
export function mergeIntoSource(
  existing: InventorySource | undefined,
  incoming: SourceAggregate,
  now: number,
): InventorySource {
  const aggregate = existing ? mergeAggregates(existing, incoming) : incoming;
  const { category, evidence } = categorizeSource(aggregate);
  const source: InventorySource = {
    ...aggregate,
    category,
    evidence,
    status: existing?.status ?? 'new',
    updatedAt: now,
  };
  const verified = isVerifiedAggregate(incoming)
    ? existing?.verified
      ? mergeAggregates(existing.verified, incoming)
      : incoming
    : existing?.verified;
  if (verified) source.verified = verified;
  if (existing?.name !== undefined) source.name = existing.name;
  if (existing?.statusBy !== undefined) source.statusBy = existing.statusBy;
  if (existing?.statusAt !== undefined) source.statusAt = existing.statusAt;
  return source;
}

/** The source after the admin's action; approving a source with only user-supplied evidence throws UnverifiedSourceError. */
export function applyAction(source: InventorySource, action: AdminAction): InventorySource {
  if (action.action === 'approve' && !source.verified) throw new UnverifiedSourceError(source.key);
  const updated: InventorySource = {
    ...source,
    status: STATUS_AFTER[action.action],
    statusBy: action.actor,
    statusAt: action.at,
  };
  if (action.action === 'approve') updated.name = action.name ?? source.name ?? defaultSourceName(source);
  return updated;
}

/** Named after its top sender in message trace (never one a user pasted). */
export function defaultSourceName(source: InventorySource): string {
  const [topSender] = Object.entries((source.verified ?? source).senders).sort((a, b) => b[1] - a[1]);
  return topSender ? `${topSender[0]} (${source.key})` : source.key;
}
