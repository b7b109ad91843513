import {
  overviewOf,
  type InventoryOverview,
  type OverviewQuery,
} from '../../src/admin/inventory/inventory-overview.js';
import type { SourceAggregate } from '../../src/admin/inventory/source-aggregate.js';
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
} from '../../src/admin/inventory/inventory-store.js';

/** An InventoryStore in memory, for tests and for a server run without a database. */
export class MemoryInventoryStore implements InventoryStore {
  private readonly sources = new Map<string, InventorySource>();
  private readonly actions: AdminAction[] = [];
  private readonly imports: ImportRecord[] = [];

  constructor(private readonly clock: () => number = Date.now) {}

  async upsertSources(batch: readonly SourceAggregate[]): Promise<void> {
    this.merge(batch);
  }

  async applyImport(record: ImportRecord, batches: Iterable<readonly SourceAggregate[]>): Promise<ApplyImportResult> {
    const duplicateOf = record.sha256 ? this.imports.find((r) => r.sha256 === record.sha256) : undefined;
    if (duplicateOf) return { duplicateOf: structuredClone(duplicateOf) };
    // Stage into a copy so a failing batch leaves the store as it was.
    const staged = new Map(this.sources);
    for (const batch of batches) this.merge(batch, staged);
    this.sources.clear();
    for (const [key, source] of staged) this.sources.set(key, source);
    this.imports.push({ ...record });
    return {};
  }

  async listImports(): Promise<ImportRecord[]> {
    return structuredClone([...this.imports].reverse());
  }

  async listSources(query: SourceQuery = {}): Promise<InventorySource[]> {
    const matching = [...this.sources.values()]
      .filter((s) => (!query.category || s.category === query.category) && (!query.status || s.status === query.status))
      .sort((a, b) => b.messages - a.messages || a.key.localeCompare(b.key));
    const offset = query.offset ?? 0;
    return structuredClone(matching.slice(offset, query.limit === undefined ? undefined : offset + query.limit));
  }

  async getSource(key: string): Promise<InventorySource | undefined> {
    const source = this.sources.get(key);
    return source ? structuredClone(source) : undefined;
  }

  async recordAction(action: AdminAction): Promise<InventorySource> {
    const source = this.sources.get(action.sourceKey);
    if (!source) throw new UnknownSourceError(action.sourceKey);
    const updated = applyAction(source, action);
    this.sources.set(action.sourceKey, updated);
    this.actions.push({ ...action });
    return structuredClone(updated);
  }

  async listActions(sourceKey?: string): Promise<AdminAction[]> {
    return structuredClone(this.actions.filter((a) => !sourceKey || a.sourceKey === sourceKey).reverse());
  }

  async overview(query: OverviewQuery = {}): Promise<InventoryOverview> {
    return overviewOf([...this.sources.values()], query);
  }

  async close(): Promise<void> {}

  private merge(batch: readonly SourceAggregate[], into: Map<string, InventorySource> = this.sources): void {
    const now = this.clock();
    for (const aggregate of batch) into.set(aggregate.key, mergeIntoSource(into.get(aggregate.key), aggregate, now));
  }
}
