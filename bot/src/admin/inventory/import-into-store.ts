import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { readTraceCsv, type TraceImportProgress, type TraceImportSummary } from '../trace/import-trace-csv.js';
import type { TraceRow } from '../trace/trace-row.js';
import { InventoryAggregator, type AggregatorCounts, type AggregatorOptions } from './aggregator.js';
import type { ImportRecord, InventoryStore } from './inventory-store.js';
import type { SourceAggregate } from './source-aggregate.js';

export const STORE_BATCH_SIZE = 500;

export interface InventoryImportResult {
  record: ImportRecord;
  /** Set when this very file was imported before: nothing was written. */
  duplicateOf?: ImportRecord;
  counts: AggregatorCounts;
}

export interface FileImportResult extends InventoryImportResult {
  trace: TraceImportSummary;
}

export interface ImportOptions extends AggregatorOptions {
  actor?: string;
  clock?: () => number;
}

function* batches(aggregates: readonly SourceAggregate[], size: number): Generator<SourceAggregate[]> {
  for (let i = 0; i < aggregates.length; i += size) yield aggregates.slice(i, i + size);
}

/**
 * Imports a message trace CSV file into the inventory: the file is streamed and aggregated in memory by
 * source (bounded by the number of sources, not rows), then written in batches within one transaction, so a
 * failed or interrupted import leaves the store untouched and the same file is never counted twice.
 */
export async function importTraceFile(
  file: string,
  store: InventoryStore,
  options: ImportOptions & { onProgress?(progress: TraceImportProgress): void } = {},
): Promise<FileImportResult> {
  const { size } = await stat(file);
  return importTraceStream(createReadStream(file, { highWaterMark: 1 << 20 }), basename(file), store, {
    ...options,
    totalBytes: size,
  });
}

/**
 * The same for a byte stream (a download): nothing is written until the whole stream was read, so a stream that
 * fails (too large, timed out, cut off) leaves the store untouched.
 */
export async function importTraceStream(
  input: AsyncIterable<Uint8Array>,
  label: string,
  store: InventoryStore,
  options: ImportOptions & {
    onProgress?(progress: TraceImportProgress): void;
    totalBytes?: number;
    progressEveryRows?: number;
  } = {},
): Promise<FileImportResult> {
  const aggregator = new InventoryAggregator(options);
  const trace = await readTraceCsv(input, {
    onRow: (row) => aggregator.add(row),
    ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}),
    ...(options.progressEveryRows !== undefined ? { progressEveryRows: options.progressEveryRows } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const aggregates = aggregator.drain();
  const record: ImportRecord = {
    id: randomUUID(),
    kind: `csv-${trace.format}`,
    label,
    sha256: trace.sha256,
    rows: trace.rows,
    messages: aggregator.counts.added,
    badRows: trace.badRows,
    sources: aggregates.length,
    at: (options.clock ?? Date.now)(),
    ...(options.actor ? { actor: options.actor } : {}),
  };
  const applied = await store.applyImport(record, batches(aggregates, STORE_BATCH_SIZE));
  return {
    record,
    trace,
    counts: aggregator.counts,
    ...(applied.duplicateOf ? { duplicateOf: applied.duplicateOf } : {}),
  };
}

/** Imports rows from an API pull (Graph message trace, Defender hunting) or from stored verdicts. */
export async function importTraceRows(
  rows: AsyncIterable<TraceRow> | Iterable<TraceRow>,
  store: InventoryStore,
  meta: { kind: string; label: string },
  options: ImportOptions & { onProgress?(rows: number): void } = {},
): Promise<InventoryImportResult> {
  const aggregator = new InventoryAggregator(options);
  let count = 0;
  for await (const row of rows) {
    aggregator.add(row);
    count += 1;
    if (count % 10_000 === 0) options.onProgress?.(count);
  }
  options.onProgress?.(count);
  const aggregates = aggregator.drain();
  const record: ImportRecord = {
    id: randomUUID(),
    kind: meta.kind,
    label: meta.label,
    rows: count,
    messages: aggregator.counts.added,
    badRows: 0,
    sources: aggregates.length,
    at: (options.clock ?? Date.now)(),
    ...(options.actor ? { actor: options.actor } : {}),
  };
  await store.applyImport(record, batches(aggregates, STORE_BATCH_SIZE));
  return { record, counts: aggregator.counts };
}
