/** Helpers for the structured-field grammar shared by Received, Authentication-Results and addresses. */

export interface CommentScan {
  /** Index just after the closing parenthesis (or the end of the text when unbalanced). */
  end: number;
  /** The comment's text without the outer parentheses. */
  text: string;
  /** Deepest nesting reached. */
  depth: number;
  /** False when the text ended before the comment closed. */
  closed: boolean;
}

/** A comment's characters other than those that nest, close or quote: skipped as native runs (sticky). */
const COMMENT_TEXT = /[^()\\]*/y;

/**
 * Scans a comment starting at `text[start] === '('`, honoring nesting and backslash quoting. Iterative, so hostile
 * nesting costs linear time and no stack.
 */
export function scanComment(text: string, start: number): CommentScan {
  let depth = 0;
  let maxDepth = 0;
  let i = start;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 40 /* ( */) {
      depth++;
      if (depth > maxDepth) maxDepth = depth;
    } else if (ch === 41 /* ) */) {
      depth--;
      if (depth === 0) return { end: i + 1, text: text.slice(start + 1, i), depth: maxDepth, closed: true };
    } else if (ch === 92 /* \ */) {
      i += 2;
      continue;
    } else {
      COMMENT_TEXT.lastIndex = i;
      COMMENT_TEXT.test(text);
      i = COMMENT_TEXT.lastIndex;
      continue;
    }
    i++;
  }
  return { end: text.length, text: text.slice(start + 1), depth: maxDepth, closed: false };
}

/** The deepest nesting of parentheses in `text` (quoting ignored), found with native searches. */
export function maxNesting(text: string): number {
  let open = text.indexOf('(');
  if (open === -1) return 0;
  let close = text.indexOf(')', open);
  let depth = 0;
  let max = 0;
  while (open !== -1 || close !== -1) {
    if (open !== -1 && (close === -1 || open < close)) {
      if (++depth > max) max = depth;
      open = text.indexOf('(', open + 1);
    } else {
      if (depth > 0) depth--;
      close = text.indexOf(')', close + 1);
    }
  }
  return max;
}

/** Removes comments (keeping a space in their place), returning the text and the comments' contents. */
export function stripComments(text: string): { text: string; comments: string[]; maxDepth: number } {
  if (!text.includes('(')) return { text, comments: [], maxDepth: 0 };
  // Text outside comments is copied in runs (`from` to the next comment), not one character at a time.
  let out = '';
  let from = 0;
  const comments: string[] = [];
  let maxDepth = 0;
  let i = 0;
  let inQuote = false;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (inQuote) {
      if (ch === 92 /* \ */ && i + 1 < text.length) i++;
      else if (ch === 34 /* " */) inQuote = false;
      i++;
    } else if (ch === 34) {
      inQuote = true;
      i++;
    } else if (ch === 40 /* ( */) {
      const scan = scanComment(text, i);
      comments.push(scan.text);
      if (scan.depth > maxDepth) maxDepth = scan.depth;
      out += text.slice(from, i) + ' ';
      i = scan.end;
      from = i;
    } else i++;
  }
  return { text: out + text.slice(from), comments, maxDepth };
}
