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

/**
 * Scans a comment starting at `text[start] === '('`, honouring nesting and backslash quoting. Iterative, so hostile
 * nesting costs linear time and no stack.
 */
export function scanComment(text: string, start: number): CommentScan {
  let depth = 0;
  let maxDepth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92 /* \ */) {
      i++;
      continue;
    }
    if (ch === 40 /* ( */) {
      depth++;
      if (depth > maxDepth) maxDepth = depth;
    } else if (ch === 41 /* ) */) {
      depth--;
      if (depth === 0) return { end: i + 1, text: text.slice(start + 1, i), depth: maxDepth, closed: true };
    }
  }
  return { end: text.length, text: text.slice(start + 1), depth: maxDepth, closed: false };
}

/** Removes comments (keeping a space in their place), returning the text and the comments' contents. */
export function stripComments(text: string): { text: string; comments: string[]; maxDepth: number } {
  if (!text.includes('(')) return { text, comments: [], maxDepth: 0 };
  let out = '';
  const comments: string[] = [];
  let maxDepth = 0;
  let i = 0;
  let inQuote = false;
  while (i < text.length) {
    const ch = text[i];
    if (inQuote) {
      out += ch;
      if (ch === '\\' && i + 1 < text.length) {
        out += text[i + 1];
        i += 2;
        continue;
      }
      if (ch === '"') inQuote = false;
      i++;
      continue;
    }
    if (ch === '"') {
      inQuote = true;
      out += ch;
      i++;
      continue;
    }
    if (ch === '(') {
      const scan = scanComment(text, i);
      comments.push(scan.text);
      if (scan.depth > maxDepth) maxDepth = scan.depth;
      out += ' ';
      i = scan.end;
      continue;
    }
    out += ch;
    i++;
  }
  return { text: out, comments, maxDepth };
}
