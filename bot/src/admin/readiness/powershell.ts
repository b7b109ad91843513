/**
 * The one place generated PowerShell gets its literals. Every value (names, domains, IPs, certificate names) goes
 * through `psQuote`: the migration plan, the rollback, the Markdown and CSV downloads and the card all show the
 * commands built here, so none of them can quote differently.
 */

/**
 * PowerShell ends a single-quoted string at any of five characters: ' and the typographic single quotes U+2018,
 * U+2019, U+201A, U+201B (its tokenizer treats them alike). Inside the string each of them is written twice, as
 * PowerShell's own CodeGeneration.EscapeSingleQuotedStringContent does. Nothing else is special there (no `$`, no
 * backtick escapes).
 */
export const PS_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/**
 * Line breaks and other control characters would split a one-line command (and a Markdown code block); no Exchange
 * name, domain, address or certificate subject holds one, so each becomes a space.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

/** A PowerShell single-quoted string literal holding `value` verbatim (control characters as spaces). */
export function psQuote(value: string): string {
  return `'${value.replace(CONTROL, ' ').replace(PS_SINGLE_QUOTES, '$&$&')}'`;
}

/** A comma-separated list of literals (a PowerShell array argument). */
export function psList(values: readonly string[]): string {
  return values.map(psQuote).join(',');
}

/** What a generated name may hold: ASCII letters and digits, space and `.`, `_`, `-`, `@`, `(`, `)`. */
const UNSAFE_NAME_CHARACTERS = /[^A-Za-z0-9 ._@()-]+/g;

/**
 * A name for an object the plan creates (an inbound connector), built from the safe alphabet only: whatever the
 * source's name holds (an attacker can choose the sender address it is named after), the name cannot carry a
 * quote, a `$`, a backtick or a line break, even before quoting.
 */
export function safeObjectName(text: string, maxLength: number): string {
  const cleaned = text.replace(UNSAFE_NAME_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > maxLength ? cleaned.slice(0, maxLength).trim() : cleaned;
}
