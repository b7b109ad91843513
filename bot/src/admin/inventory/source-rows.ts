import type { CategoryEvidence, SourceCategory } from './categorize.js';
import {
  isVerifiedOrigin,
  type AdminAction,
  type AdminActionType,
  type ImportRecord,
  type InventorySource,
  type SourceStatus,
} from './inventory-store.js';
import { emptyAggregate, mergeAggregates, type SourceAggregate } from './source-aggregate.js';

/**
 * The inventory tables' rows and their mapping to the store's objects, shared by the SQLite and PostgreSQL stores.
 * Numbers may arrive as strings (BIGINT from some PostgreSQL clients), hence `Numeric` and the Number() calls.
 */
export type Numeric = number | string;

export interface SourceRow {
  key: string;
  ip_version: Numeric;
  ips: string;
  ips_truncated: Numeric;
  senders: string;
  other_sender_messages: Numeric;
  helos: string;
  messages: Numeric;
  recipients: Numeric;
  self_addressed: Numeric;
  lure_subjects: Numeric;
  first_seen: Numeric | null;
  last_seen: Numeric | null;
  subjects: string;
  auth: string;
  verdicts: string;
  origins: string;
  category: string;
  evidence: string;
  status: string;
  name: string | null;
  status_by: string | null;
  status_at: Numeric | null;
  updated_at: Numeric;
}

/** A source as read: its row and, from `inventory_verified_evidence`, the JSON of its verified part (or null). */
export type StoredSourceRow = SourceRow & { verified: string | null };

/** The columns of a read source: the source's row joined with its verified part. */
export const SELECT_SOURCES =
  'SELECT s.*, v.aggregate AS verified FROM inventory_sources s LEFT JOIN inventory_verified_evidence v ON v.key = s.key';

export interface VerifiedRow {
  key: string;
  aggregate: string;
}

export interface ActionRow {
  source_key: string;
  action: string;
  actor: string;
  at: Numeric;
  name: string | null;
  note: string | null;
}

export interface ImportRow {
  id: string;
  kind: string;
  label: string;
  sha256: string | null;
  rows: Numeric;
  messages: Numeric;
  bad_rows: Numeric;
  sources: Numeric;
  at: Numeric;
  actor: string | null;
}

export function toRow(source: InventorySource): SourceRow {
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

/** The source's verified part as a row of `inventory_verified_evidence`, when it has one. */
export function verifiedRow(source: InventorySource): VerifiedRow | undefined {
  return source.verified ? { key: source.key, aggregate: JSON.stringify(source.verified) } : undefined;
}

// BIGINT columns arrive as numbers from openPostgres's type parser; Number() keeps other clients honest too.
export function fromRow(row: StoredSourceRow): InventorySource {
  const source: InventorySource = {
    key: row.key,
    ipVersion: Number(row.ip_version) as 0 | 4 | 6,
    ips: JSON.parse(row.ips) as string[],
    ipsTruncated: Number(row.ips_truncated) === 1,
    senders: JSON.parse(row.senders) as Record<string, number>,
    otherSenderMessages: Number(row.other_sender_messages),
    helos: JSON.parse(row.helos) as string[],
    messages: Number(row.messages),
    recipients: Number(row.recipients),
    selfAddressed: Number(row.self_addressed),
    lureSubjects: Number(row.lure_subjects),
    subjects: JSON.parse(row.subjects) as string[],
    auth: JSON.parse(row.auth) as Record<string, number>,
    verdicts: JSON.parse(row.verdicts) as Record<string, number>,
    origins: JSON.parse(row.origins) as Record<string, number>,
    category: row.category as SourceCategory,
    evidence: JSON.parse(row.evidence) as CategoryEvidence[],
    status: row.status as SourceStatus,
    updatedAt: Number(row.updated_at),
  };
  if (row.first_seen !== null) source.firstSeen = Number(row.first_seen);
  if (row.last_seen !== null) source.lastSeen = Number(row.last_seen);
  if (row.name !== null) source.name = row.name;
  if (row.status_by !== null) source.statusBy = row.status_by;
  if (row.status_at !== null) source.statusAt = Number(row.status_at);
  // Sources stored before version 101 kept no verified part: one that message trace reported counts as verified whole.
  const verified = row.verified !== null ? (JSON.parse(row.verified) as SourceAggregate) : undefined;
  if (verified) source.verified = verified;
  else if (Object.keys(source.origins).some(isVerifiedOrigin))
    source.verified = mergeAggregates(emptyAggregate(source.key, source.ipVersion), source);
  return source;
}

export function importFromRow(row: ImportRow): ImportRecord {
  const record: ImportRecord = {
    id: row.id,
    kind: row.kind,
    label: row.label,
    rows: Number(row.rows),
    messages: Number(row.messages),
    badRows: Number(row.bad_rows),
    sources: Number(row.sources),
    at: Number(row.at),
  };
  if (row.sha256 !== null) record.sha256 = row.sha256;
  if (row.actor !== null) record.actor = row.actor;
  return record;
}

export function actionFromRow(row: ActionRow): AdminAction {
  const action: AdminAction = {
    sourceKey: row.source_key,
    action: row.action as AdminActionType,
    actor: row.actor,
    at: Number(row.at),
  };
  if (row.name !== null) action.name = row.name;
  if (row.note !== null) action.note = row.note;
  return action;
}
