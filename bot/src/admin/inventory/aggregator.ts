import { detach, type TraceRow } from '../trace/trace-row.js';
import {
  MAX_HELOS,
  MAX_MEMBER_IPS,
  MAX_SENDERS,
  MAX_SUBJECTS,
  MAX_SUBJECT_LENGTH,
  emptyAggregate,
  type SourceAggregate,
} from './source-aggregate.js';
import { sourceKeyFor, type Ipv6Grouping, type SourceKey } from './source-key.js';

/** Subjects of the Direct Send campaigns seen in 2025-2026 (DOMAIN.md §1). */
export const LURE_SUBJECT =
  /voice ?mail|\bvm\b|missed (?:call|fax)|\bfax\b|invoice|\bw-?9\b|payroll|password|remittance|payment|direct deposit|salary|docu-?sign|shared (?:a )?document|expir/i;

const OUTBOUND_DIRECTIONS = /^(?:originating|outbound|intra-?org|intraorg|out)$/i;

export interface AggregatorOptions {
  /** When given, only rows whose sender (P1 or P2) is in one of these domains are kept ("*.x" covers subdomains). */
  acceptedDomains?: readonly string[];
  ipv6Grouping?: Ipv6Grouping;
}

export interface AggregatorCounts {
  added: number;
  outbound: number;
  viaConnector: number;
  otherDomain: number;
}

export function domainOf(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1) : undefined;
}

export function domainMatcher(domains: readonly string[]): (domain: string | undefined) => boolean {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of domains) {
    const domain = entry.trim().toLowerCase();
    if (domain.startsWith('*.')) suffixes.push(domain.slice(1));
    else if (domain) exact.add(domain);
  }
  return (domain) => !!domain && (exact.has(domain) || suffixes.some((suffix) => domain.endsWith(suffix)));
}

/**
 * Folds trace rows, from any source, into per-source aggregates. Incremental: `drain()` hands over what
 * was gathered since the last drain (for a store to merge) and starts afresh, so memory stays bounded by
 * the number of sources, never by the number of rows.
 */
export class InventoryAggregator {
  readonly counts: AggregatorCounts = { added: 0, outbound: 0, viaConnector: 0, otherDomain: 0 };
  private sources = new Map<string, SourceAggregate>();
  private readonly keyCache = new Map<string, SourceKey>();
  private readonly accepted: ((domain: string | undefined) => boolean) | undefined;
  private readonly ipv6Grouping: Ipv6Grouping;

  constructor(options: AggregatorOptions = {}) {
    this.accepted = options.acceptedDomains?.length ? domainMatcher(options.acceptedDomains) : undefined;
    this.ipv6Grouping = options.ipv6Grouping ?? 'prefix64';
  }

  /** Adds one row; returns false (and counts why) when the row is not anonymous inbound mail of interest. */
  add(row: TraceRow): boolean {
    if (row.directionality && OUTBOUND_DIRECTIONS.test(row.directionality)) {
      this.counts.outbound += 1;
      return false;
    }
    if (row.connector) {
      this.counts.viaConnector += 1;
      return false;
    }
    if (this.accepted && !this.accepted(domainOf(row.senderAddress)) && !this.accepted(domainOf(row.fromAddress))) {
      this.counts.otherDomain += 1;
      return false;
    }
    this.counts.added += 1;
    const source = this.keyOf(row.clientIp);
    let aggregate = this.sources.get(source.key);
    if (!aggregate) {
      aggregate = emptyAggregate(source.key, source.ipVersion);
      this.sources.set(source.key, aggregate);
    }
    addRow(aggregate, row, source.ip);
    return true;
  }

  /** Number of sources gathered since the last drain. */
  get size(): number {
    return this.sources.size;
  }

  drain(): SourceAggregate[] {
    const drained = [...this.sources.values()];
    this.sources = new Map();
    return drained;
  }

  private keyOf(ip: string | undefined): SourceKey {
    const text = ip ?? '';
    let key = this.keyCache.get(text);
    if (!key) {
      key = sourceKeyFor(text, this.ipv6Grouping);
      if (this.keyCache.size > 100_000) this.keyCache.clear();
      this.keyCache.set(detach(text), key);
    }
    return key;
  }
}

function bump(counts: Record<string, number>, name: string): void {
  counts[name] = (counts[name] ?? 0) + 1;
}

function countSender(aggregate: SourceAggregate, sender: string): void {
  const count = aggregate.senders[sender];
  if (count !== undefined) aggregate.senders[sender] = count + 1;
  else if (Object.keys(aggregate.senders).length < MAX_SENDERS) aggregate.senders[detach(sender)] = 1;
  else aggregate.otherSenderMessages += 1;
}

function addRow(aggregate: SourceAggregate, row: TraceRow, ip: string | undefined): void {
  aggregate.messages += 1;
  aggregate.recipients += row.recipients.length;
  if (ip && !aggregate.ips.includes(ip)) {
    ip = detach(ip);
    if (aggregate.ips.length < MAX_MEMBER_IPS) aggregate.ips.push(ip);
    else aggregate.ipsTruncated = true;
  }
  const { senderAddress, fromAddress } = row;
  if (senderAddress) countSender(aggregate, senderAddress);
  if (fromAddress && fromAddress !== senderAddress) countSender(aggregate, fromAddress);
  if (
    (senderAddress && row.recipients.includes(senderAddress)) ||
    (fromAddress && row.recipients.includes(fromAddress))
  ) {
    aggregate.selfAddressed += 1;
  }
  if (row.helo && aggregate.helos.length < MAX_HELOS && !aggregate.helos.includes(row.helo))
    aggregate.helos.push(detach(row.helo));
  if (row.subject) {
    if (LURE_SUBJECT.test(row.subject)) aggregate.lureSubjects += 1;
    if (aggregate.subjects.length < MAX_SUBJECTS) {
      const subject = row.subject.slice(0, MAX_SUBJECT_LENGTH);
      if (!aggregate.subjects.includes(subject)) aggregate.subjects.push(detach(subject));
    }
  }
  if (row.receivedAt !== undefined) {
    if (aggregate.firstSeen === undefined || row.receivedAt < aggregate.firstSeen) aggregate.firstSeen = row.receivedAt;
    if (aggregate.lastSeen === undefined || row.receivedAt > aggregate.lastSeen) aggregate.lastSeen = row.receivedAt;
  }
  if (row.auth)
    for (const [method, result] of Object.entries(row.auth)) bump(aggregate.auth, `${method}=${result.toLowerCase()}`);
  if (row.verdict) bump(aggregate.verdicts, row.verdict);
  bump(aggregate.origins, row.origin);
}
