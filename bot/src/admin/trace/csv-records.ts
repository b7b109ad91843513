import { strings } from '../strings.js';

export interface CsvRecordSink {
  record(fields: string[], line: number): void;
  /** A record that cannot be read; `line` is the physical line where it starts (1-based). */
  malformed(line: number, message: string): void;
}

export interface CsvRecordLimits {
  /** Longest record (in characters, quoted line breaks included) before it is declared malformed. */
  maxRecordChars: number;
}

export const DEFAULT_CSV_LIMITS: CsvRecordLimits = { maxRecordChars: 1 << 20 };

function countQuotes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at >= 0; at = text.indexOf('"', at + 1)) count += 1;
  return count;
}

/**
 * Parses one complete RFC 4180 record (quoted fields, doubled quotes, line breaks inside quotes).
 * Returns the fields or the reason the record is malformed.
 */
export function parseQuotedRecord(text: string): string[] | { error: string } {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (text.charCodeAt(at) === 34) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return { error: strings.trace.fieldUnclosedQuote(fields.length + 1) };
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      fields.push(value);
      if (at === text.length) return fields;
      if (text.charCodeAt(at) !== 44) return { error: strings.trace.fieldTextAfterQuote(fields.length) };
      at += 1;
    } else {
      const comma = text.indexOf(',', at);
      const value = text.slice(at, comma < 0 ? text.length : comma);
      if (value.includes('"')) return { error: strings.trace.fieldStrayQuote(fields.length + 1) };
      fields.push(value);
      if (comma < 0) return fields;
      at = comma + 1;
    }
    if (at === text.length) {
      fields.push('');
      return fields;
    }
  }
}

/**
 * Splits decoded CSV text into records (RFC 4180), chunk by chunk, so a file is never held whole.
 * Lines without a quote character are split directly (a field without quotes cannot hold a comma or a
 * line break); quoted records, which may span lines, go through `parseQuotedRecord`. csv-parse reads the
 * same data at about a third of the speed here, too slow for the import target; the tests check this
 * splitter against csv-parse on generated input.
 */
export class CsvRecordSplitter {
  private carry = '';
  private skippingLongLine = false;
  private line = 0;
  private pending: string[] = [];
  private pendingStart = 0;
  private pendingChars = 0;

  constructor(
    private readonly sink: CsvRecordSink,
    private readonly limits: CsvRecordLimits = DEFAULT_CSV_LIMITS,
  ) {}

  push(text: string): void {
    const data = this.carry === '' ? text : this.carry + text;
    let start = 0;
    for (let nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', start)) {
      const end = nl > start && data.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
      } else {
        this.takeLine(data.slice(start, end));
      }
      start = nl + 1;
    }
    this.carry = data.slice(start);
    if (this.carry.length > this.limits.maxRecordChars && !this.skippingLongLine) {
      this.line += 1;
      this.sink.malformed(this.line, strings.trace.lineTooLong(this.limits.maxRecordChars));
      this.skippingLongLine = true;
    }
    if (this.skippingLongLine) this.carry = '';
  }

  end(): void {
    if (this.carry !== '' && !this.skippingLongLine) this.takeLine(this.carry.replace(/\r$/, ''));
    this.carry = '';
    this.skippingLongLine = false;
    if (this.pending.length > 0) {
      const start = this.pendingStart;
      const rest = this.pending.slice(1);
      this.resetPending();
      this.sink.malformed(start, strings.trace.unclosedQuote);
      this.line = start;
      for (const text of rest) this.takeLine(text);
      if (this.pending.length > 0) this.end();
    }
  }

  /** Physical lines consumed so far. */
  get lines(): number {
    return this.line;
  }

  private takeLine(text: string): void {
    this.line += 1;
    if (this.pending.length === 0) {
      if (text === '') return;
      if (text.indexOf('"') < 0) {
        this.sink.record(text.split(','), this.line);
        return;
      }
      if (countQuotes(text) % 2 === 0) {
        this.parseQuoted(text, this.line);
        return;
      }
      this.pending = [text];
      this.pendingStart = this.line;
      this.pendingChars = text.length;
      return;
    }
    this.pending.push(text);
    this.pendingChars += text.length + 1;
    if (countQuotes(text) % 2 === 1) {
      const start = this.pendingStart;
      const record = this.pending.join('\n');
      this.resetPending();
      this.parseQuoted(record, start);
    } else if (this.pendingChars > this.limits.maxRecordChars) {
      // An unbalanced quote would otherwise swallow the rest of the file: report the line, re-read the others.
      const start = this.pendingStart;
      const rest = this.pending.slice(1);
      this.resetPending();
      this.sink.malformed(start, `a quoted field is not closed within ${this.limits.maxRecordChars} characters`);
      this.line = start;
      for (const line of rest) this.takeLine(line);
    }
  }

  private resetPending(): void {
    this.pending = [];
    this.pendingChars = 0;
  }

  private parseQuoted(text: string, line: number): void {
    const fields = parseQuotedRecord(text);
    if ('error' in fields) this.sink.malformed(line, fields.error);
    else this.sink.record(fields, line);
  }
}
