import { createHash } from 'node:crypto';
import { CsvRecordSplitter, DEFAULT_CSV_LIMITS, type CsvRecordLimits } from './csv-records.js';
import { createDecoder, detectEncoding, type TextEncodingName } from './text-encoding.js';
import { TRACE_FORMATS, detectFormat, normalizeHeader, type TraceFormatId, type RowMapping } from './trace-formats.js';
import type { TraceRow } from './trace-row.js';
import { strings } from '../strings.js';

export type TraceImportErrorCode = 'empty' | 'unknown-format';

/** The file cannot be imported at all (as opposed to single bad rows, which are skipped and counted). */
export class TraceImportError extends Error {
  constructor(
    readonly code: TraceImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TraceImportError';
  }
}

export interface TraceImportProgress {
  /** Data rows read (header excluded), bad ones included. */
  rows: number;
  badRows: number;
  bytes: number;
  totalBytes?: number;
}

export interface TraceImportIssue {
  line: number;
  message: string;
}

export interface TraceImportSummary {
  format: TraceFormatId;
  encoding: TextEncodingName;
  bom: boolean;
  rows: number;
  /** Rows handed to `onRow`. */
  messages: number;
  /** Rows that describe something other than an inbound receive (extended report events). */
  otherEvents: number;
  badRows: number;
  /** The first `maxIssues` bad rows, by line. */
  issues: TraceImportIssue[];
  bytes: number;
  lines: number;
  sha256: string;
}

export interface TraceImportOptions {
  onRow(row: TraceRow): void;
  onProgress?(progress: TraceImportProgress): void;
  /** Report progress after this many rows (default 50,000) and once at the end. */
  progressEveryRows?: number;
  totalBytes?: number;
  maxIssues?: number;
  limits?: CsvRecordLimits;
}

export function expectedFormatsText(): string {
  return TRACE_FORMATS.map((format) => `- ${format.description}`).join('\n');
}

/** Reads a message trace CSV export as a stream: rows go to `onRow` as they are read, never all at once. */
export async function readTraceCsv(
  input: AsyncIterable<Uint8Array>,
  options: TraceImportOptions,
): Promise<TraceImportSummary> {
  const progressEvery = options.progressEveryRows ?? 50_000;
  const maxIssues = options.maxIssues ?? 20;
  const hash = createHash('sha256');
  const issues: TraceImportIssue[] = [];
  let mapRow: ((fields: readonly string[]) => RowMapping) | undefined;
  let format: TraceFormatId | undefined;
  let rows = 0;
  let messages = 0;
  let otherEvents = 0;
  let badRows = 0;
  let bytes = 0;
  let nextProgress = progressEvery;

  const progress = (): void =>
    options.onProgress?.({
      rows,
      badRows,
      bytes,
      ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}),
    });
  const bad = (line: number, message: string): void => {
    badRows += 1;
    if (issues.length < maxIssues) issues.push({ line, message });
  };

  const splitter = new CsvRecordSplitter(
    {
      record(fields, line) {
        if (!mapRow) {
          const header = normalizeHeader(fields);
          const detected = detectFormat(header);
          if (!detected) {
            throw new TraceImportError(
              'unknown-format',
              strings.trace.notTraceExport(line, header.slice(0, 4).join(',').slice(0, 120), expectedFormatsText()),
            );
          }
          format = detected.id;
          mapRow = detected.mapper(header);
          return;
        }
        rows += 1;
        const mapped = mapRow(fields);
        if (mapped === null) otherEvents += 1;
        else if ('error' in mapped) bad(line, mapped.error);
        else {
          messages += 1;
          options.onRow(mapped);
        }
        if (rows >= nextProgress) {
          nextProgress += progressEvery;
          progress();
        }
      },
      malformed(line, message) {
        if (!mapRow) {
          throw new TraceImportError('unknown-format', strings.trace.headerUnreadable(line, message));
        }
        rows += 1;
        bad(line, message);
      },
    },
    options.limits ?? DEFAULT_CSV_LIMITS,
  );

  let decode: ((chunk: Uint8Array | undefined) => string) | undefined;
  let encoding: TextEncodingName = 'utf-8';
  let bom = false;
  let head: Uint8Array = new Uint8Array(0);
  for await (const chunk of input) {
    bytes += chunk.byteLength;
    hash.update(chunk);
    if (!decode) {
      // Encoding detection needs the first 4 bytes; a stream may deliver fewer in its first chunk.
      head = concat(head, chunk);
      if (head.byteLength < 4) continue;
      ({ encoding, bom } = detectEncoding(head));
      decode = createDecoder(encoding);
      splitter.push(decode(head));
      continue;
    }
    splitter.push(decode(chunk));
  }
  if (!decode && head.byteLength > 0) {
    ({ encoding, bom } = detectEncoding(head));
    decode = createDecoder(encoding);
    splitter.push(decode(head));
  }
  if (decode) splitter.push(decode(undefined));
  splitter.end();
  if (!format) throw new TraceImportError('empty', strings.trace.empty(expectedFormatsText()));
  progress();
  return {
    format,
    encoding,
    bom,
    rows,
    messages,
    otherEvents,
    badRows,
    issues,
    bytes,
    lines: splitter.lines,
    sha256: hash.digest('hex'),
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
