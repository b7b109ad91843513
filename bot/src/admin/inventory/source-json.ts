import { csvField } from '../readiness/render-csv.js';
import { strings } from '../strings.js';
import type { InventorySource } from './inventory-store.js';

const iso = (ms: number | undefined): string | null => (ms !== undefined ? new Date(ms).toISOString() : null);

/** A source as JSON for `dsguard inventory list --json` and GET /api/inventory. */
export function sourceJson(source: InventorySource): Record<string, unknown> {
  return {
    ip: source.key,
    ips: source.ips,
    senders: Object.keys(source.senders),
    messages: source.messages,
    recipients: source.recipients,
    firstSeen: iso(source.firstSeen),
    lastSeen: iso(source.lastSeen),
    category: source.category,
    evidence: source.evidence,
    status: source.status,
    verified: source.verified !== undefined,
    name: source.name ?? null,
    statusBy: source.statusBy ?? null,
    statusAt: iso(source.statusAt),
    helos: source.helos,
    subjects: source.subjects,
    auth: source.auth,
  };
}

export const INVENTORY_CSV_COLUMNS = [
  'source',
  'name',
  'category',
  'status',
  'status_by',
  'status_at',
  'messages',
  'recipients',
  'first_seen',
  'last_seen',
  'senders',
  'ips',
  'helos',
  'evidence',
  'verified',
];

/** The inventory as CSV (CRLF, formula-safe cells), most messages first. */
export function renderInventoryCsv(sources: readonly InventorySource[]): string {
  const rows = [INVENTORY_CSV_COLUMNS.join(',')];
  for (const s of sources) {
    const senders = Object.entries(s.senders)
      .sort((a, b) => b[1] - a[1])
      .map(([address]) => address);
    rows.push(
      [
        s.key,
        s.name,
        s.category,
        s.status,
        s.statusBy,
        iso(s.statusAt) ?? undefined,
        s.messages,
        s.recipients,
        iso(s.firstSeen) ?? undefined,
        iso(s.lastSeen) ?? undefined,
        senders.join(' '),
        s.ips.join(' '),
        s.helos.join(' '),
        s.evidence.map((e) => e.detail).join('; '),
        s.verified ? 'yes' : strings.unverifiedLabel,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
