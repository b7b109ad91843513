import { inputError, type InputError, type Parsed } from '../errors.js';
import type { ParseLimits } from '../types.js';

/** One header field, unfolded. `key` is the lower-case name; `value` keeps the text as written. */
export interface HeaderField {
  name: string;
  key: string;
  value: string;
  /** Position in the header block, 0 = top. */
  index: number;
  /** 1-based line number where the field starts. */
  line: number;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Lines that were neither a field nor a continuation (kept as evidence of crafted input). */
  strayLines: string[];
  /** True when the input carried a body after the header block. */
  hadBody: boolean;
}

/** Classic Outlook's "Internet headers" box starts with this line; it is not a header. */
const OUTLOOK_PREAMBLE = /^Microsoft Mail Internet Headers Version \d/i;
const MBOX_FROM = /^From \S/;

function isFieldNameChar(code: number): boolean {
  return code >= 33 && code <= 126 && code !== 58;
}

/** Index of the colon ending a valid field name at the start of `line`, or -1. */
function fieldNameEnd(line: string): number {
  let i = 0;
  while (i < line.length && isFieldNameChar(line.charCodeAt(i))) i++;
  if (i === 0) return -1;
  // Some generators put spaces before the colon ("Subject : x"); RFC 5322 obsolete syntax allows it.
  let j = i;
  while (j < line.length && (line[j] === ' ' || line[j] === '\t')) j++;
  return line[j] === ':' ? j : -1;
}

/**
 * Splits raw message text (a whole .eml or a header block alone) into unfolded header fields, stopping at the
 * first empty line. Every limit breach is a typed error; the work done is linear in the header block's size.
 */
export function parseHeaderBlock(raw: string, limits: ParseLimits): Parsed<HeaderBlock> {
  if (typeof raw !== 'string') return inputError('not-text', 'The input is not text.');
  let start = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Pasted headers often begin with blank lines.
  while (
    start < raw.length &&
    (raw[start] === '\n' || raw[start] === '\r' || raw[start] === ' ' || raw[start] === '\t')
  ) {
    start++;
  }
  if (start >= raw.length)
    return inputError('empty', 'The input is empty: paste the message headers or give an .eml file.');

  const fields: HeaderField[] = [];
  const strayLines: string[] = [];
  let current: { name: string; parts: string[]; line: number } | null = null;
  let pos = start;
  let lineNo = 0;
  let hadBody = false;

  const flush = (): { ok: false; error: InputError } | null => {
    if (!current) return null;
    if (fields.length >= limits.maxHeaders) {
      return inputError(
        'too-many-headers',
        `The header block has more than ${limits.maxHeaders} fields; no real message has that many.`,
      );
    }
    const name = current.name;
    fields.push({
      name,
      key: name.toLowerCase(),
      value: current.parts.join('').trim(),
      index: fields.length,
      line: current.line,
    });
    current = null;
    return null;
  };

  while (pos < raw.length) {
    if (pos - start > limits.maxHeaderBytes) {
      return inputError(
        'too-large',
        `The header block is larger than ${Math.round(limits.maxHeaderBytes / 1024)} KB; is this really a message's headers?`,
      );
    }
    let end = raw.indexOf('\n', pos);
    if (end === -1) end = raw.length;
    let lineEnd = end;
    if (lineEnd > pos && raw.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    if (lineEnd - pos > limits.maxLineLength) {
      return inputError(
        'line-too-long',
        `Line ${lineNo + 1} is longer than ${limits.maxLineLength} characters; header lines are never that long.`,
      );
    }
    const line = raw.slice(pos, lineEnd);
    lineNo++;
    pos = end + 1;

    if (line.length === 0) {
      hadBody = pos < raw.length;
      break;
    }
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      if (current) current.parts.push(line);
      else if (line.trim().length === 0 && fields.length > 0) {
        // A whitespace-only line after the fields: treated as the end of the block, as most parsers do.
        hadBody = pos < raw.length;
        break;
      } else if (line.trim().length > 0) strayLines.push(line);
      continue;
    }
    const colon = fieldNameEnd(line);
    if (colon === -1) {
      if (fields.length === 0 && !current && (OUTLOOK_PREAMBLE.test(line) || MBOX_FROM.test(line))) continue;
      strayLines.push(line);
      continue;
    }
    const failure = flush();
    if (failure) return failure;
    current = { name: line.slice(0, colon).trimEnd(), parts: [line.slice(colon + 1)], line: lineNo };
  }
  const failure = flush();
  if (failure) return failure;
  if (fields.length === 0) {
    return inputError('no-headers', 'No header fields were found: paste the full internet headers of the message.');
  }
  return { ok: true, value: { fields, strayLines, hadBody } };
}

/** Case-insensitive, order-keeping access to a header block. */
export class Headers {
  private readonly byKey = new Map<string, HeaderField[]>();

  constructor(readonly fields: readonly HeaderField[]) {
    for (const field of fields) {
      const list = this.byKey.get(field.key);
      if (list) list.push(field);
      else this.byKey.set(field.key, [field]);
    }
  }

  /** All fields with this name, top first. */
  all(name: string): HeaderField[] {
    return this.byKey.get(name.toLowerCase()) ?? [];
  }

  /** The top-most field with this name. */
  first(name: string): HeaderField | undefined {
    return this.byKey.get(name.toLowerCase())?.[0];
  }

  /** The bottom-most field with this name. */
  last(name: string): HeaderField | undefined {
    const list = this.byKey.get(name.toLowerCase());
    return list?.[list.length - 1];
  }

  has(name: string): boolean {
    return this.byKey.has(name.toLowerCase());
  }
}
