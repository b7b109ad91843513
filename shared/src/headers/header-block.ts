import { inputError, type InputError, type Parsed } from '../errors.js';
import type { ParseLimits } from '../types.js';

/** One header field, unfolded. `key` is the lower-case name; `value` keeps the text as written. */
export interface HeaderField {
  readonly name: string;
  readonly key: string;
  readonly value: string;
  /** Position in the header block, 0 = top. */
  readonly index: number;
  /** 1-based line number where the field starts. */
  readonly line: number;
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

/**
 * A field name (printable ASCII but the colon), optional blanks ("Subject : x": RFC 5322 obsolete syntax allows
 * them), then the colon. Sticky: tried at a line's start, it reads the name natively instead of char by char.
 */
const FIELD_NAME = /[!-9;-~]+[ \t]*:/y;

/** The index of the colon ending the field name at `raw[pos]`, or -1 when the line is not a field. */
function fieldColonAt(raw: string, pos: number): number {
  FIELD_NAME.lastIndex = pos;
  return FIELD_NAME.test(raw) ? FIELD_NAME.lastIndex - 1 : -1;
}

/** `raw.slice(from, to)` without its line breaks (CRLF or LF): the continuation lines joined as written. */
function unfold(raw: string, from: number, to: number): string {
  let out = '';
  let pos = from;
  for (;;) {
    const newline = raw.indexOf('\n', pos);
    if (newline === -1 || newline >= to) return out + raw.slice(pos, to);
    out += raw.slice(pos, newline > pos && raw.charCodeAt(newline - 1) === 13 ? newline - 1 : newline);
    pos = newline + 1;
  }
}

/**
 * A field whose value is unfolded when first read. Most bytes of a real header block are long folded stamps
 * (antispam message info, ARC and DKIM signatures) that nothing reads: they cost a scan, not a copy.
 */
class ParsedField implements HeaderField {
  #key: string | undefined;
  #raw: string | undefined;
  #from: number;
  #to: number;
  #value: string | undefined;

  constructor(
    readonly name: string,
    readonly index: number,
    readonly line: number,
    raw: string,
    from: number,
    to: number,
    folded: boolean,
  ) {
    this.#from = from;
    this.#to = to;
    if (folded) this.#raw = raw;
    else this.#value = raw.slice(from, to).trim();
  }

  /** Lower-cased when first asked: most fields are only ever looked up by the length of their name (`Headers`). */
  get key(): string {
    return (this.#key ??= this.name.toLowerCase());
  }

  get value(): string {
    if (this.#value === undefined) {
      this.#value = unfold(this.#raw ?? '', this.#from, this.#to).trim();
      this.#raw = undefined;
    }
    return this.#value;
  }

  toJSON(): HeaderField {
    return { name: this.name, key: this.key, value: this.value, index: this.index, line: this.line };
  }
}

/** The field being read: its value's segment as offsets into the input. */
interface OpenField {
  name: string;
  line: number;
  /** Text of earlier segments, when a stray line interrupted the field (rare). */
  prefix: string;
  segmentStart: number;
  segmentEnd: number;
  /** The segment spans more than one line. */
  folded: boolean;
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
  let current: OpenField | null = null;
  let pos = start;
  let lineNo = 0;
  let hadBody = false;

  const segmentText = (field: OpenField): string =>
    field.segmentStart < 0 ? '' : unfold(raw, field.segmentStart, field.segmentEnd);

  const flush = (): { ok: false; error: InputError } | null => {
    if (!current) return null;
    if (fields.length >= limits.maxHeaders) {
      return inputError(
        'too-many-headers',
        `The header block has more than ${limits.maxHeaders} fields; no real message has that many.`,
      );
    }
    const { name, line, prefix, segmentStart, segmentEnd, folded } = current;
    fields.push(
      prefix || segmentStart < 0
        ? new ParsedField(name, fields.length, line, prefix + segmentText(current), 0, Infinity, false)
        : new ParsedField(name, fields.length, line, raw, segmentStart, segmentEnd, folded),
    );
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
    const lineStart = pos;
    lineNo++;
    pos = end + 1;

    if (lineEnd === lineStart) {
      hadBody = pos < raw.length;
      break;
    }
    const first = raw.charCodeAt(lineStart);
    if (first === 32 || first === 9) {
      if (current) {
        if (current.segmentStart < 0) current.segmentStart = lineStart;
        else current.folded = true;
        current.segmentEnd = lineEnd;
      } else if (raw.slice(lineStart, lineEnd).trim().length === 0) {
        // A whitespace-only line after the fields: treated as the end of the block, as most parsers do.
        if (fields.length > 0) {
          hadBody = pos < raw.length;
          break;
        }
      } else strayLines.push(raw.slice(lineStart, lineEnd));
      continue;
    }
    const colon = fieldColonAt(raw, lineStart);
    if (colon === -1) {
      const line = raw.slice(lineStart, lineEnd);
      if (fields.length === 0 && !current && (OUTLOOK_PREAMBLE.test(line) || MBOX_FROM.test(line))) continue;
      strayLines.push(line);
      if (current) {
        // The field goes on after the stray line: keep what was read so far, without the stray line.
        current.prefix += segmentText(current);
        current.segmentStart = -1;
        current.folded = false;
      }
      continue;
    }
    const failure = flush();
    if (failure) return failure;
    current = {
      name: raw.slice(lineStart, colon).trimEnd(),
      line: lineNo,
      prefix: '',
      segmentStart: colon + 1,
      segmentEnd: lineEnd,
      folded: false,
    };
  }
  const failure = flush();
  if (failure) return failure;
  if (fields.length === 0) {
    return inputError('no-headers', 'No header fields were found: paste the full internet headers of the message.');
  }
  return { ok: true, value: { fields, strayLines, hadBody } };
}

/** The length of the field's key, read without lower-casing a parsed field's name (a key is its name lower-cased). */
function keyLength(field: HeaderField): number {
  return field instanceof ParsedField ? field.name.length : field.key.length;
}

/** True when the field's key is `key` (lower case), without lower-casing names of another length. */
export function isNamed(field: HeaderField, key: string): boolean {
  return keyLength(field) === key.length && field.key === key;
}

/**
 * Case-insensitive, order-keeping access to a header block. Fields are grouped by the length of their key, so a
 * lookup lower-cases only the names of its own length; each answer is kept for the next lookup of that name.
 */
export class Headers {
  private readonly byLength = new Map<number, HeaderField[]>();
  private readonly answers = new Map<string, HeaderField[]>();

  constructor(readonly fields: readonly HeaderField[]) {
    for (const field of fields) {
      const length = keyLength(field);
      const list = this.byLength.get(length);
      if (list) list.push(field);
      else this.byLength.set(length, [field]);
    }
  }

  /** All fields with this name, top first. */
  all(name: string): readonly HeaderField[] {
    const key = name.toLowerCase();
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = (this.byLength.get(key.length) ?? []).filter((field) => field.key === key);
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** The top-most field with this name. */
  first(name: string): HeaderField | undefined {
    return this.all(name)[0];
  }

  /** The bottom-most field with this name. */
  last(name: string): HeaderField | undefined {
    const list = this.all(name);
    return list[list.length - 1];
  }

  has(name: string): boolean {
    return this.all(name).length > 0;
  }
}
