/**
 * Text from outside (subjects, notes, names, sender addresses, HELO names, evidence, file names, server replies) as
 * Markdown that shows exactly that text. Adaptive Card TextBlocks and FactSets render Markdown, so an unescaped
 * `[click](https://evil.example)` in a subject would be a link in the bot's own card. Every card builder passes such
 * text through `markdownText`; the Markdown download of the readiness plan does too.
 */

/** Characters that start inline Markdown anywhere in a line: emphasis, code, links, images, HTML, entities, tables. */
const INLINE = /[\\`*_[\]<>&~|]/g;

/**
 * What starts a block at the beginning of a line: a quote, a heading or list item (its marker then a space), a setext
 * underline or thematic break (a run of markers), a numbered list item ("1." or "1)" then a space).
 */
const LINE_START = /^([ \t]*)(>|[#+\-=](?=[ \t#+\-=]|$))/gm;
const NUMBERED_LINE_START = /^([ \t]*\d{1,9})([.)])(?=[ \t]|$)/gm;

/** `text` with every Markdown construct escaped by a backslash (CommonMark escapes), so it renders literally. */
export function markdownText(text: string): string {
  return text.replace(INLINE, '\\$&').replace(LINE_START, '$1\\$2').replace(NUMBERED_LINE_START, '$1\\$2');
}
