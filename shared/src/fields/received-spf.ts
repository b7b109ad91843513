import { stripComments } from '../headers/comments.js';

export interface ReceivedSpf {
  result: string;
  comment?: string;
  properties: Record<string, string>;
  raw: string;
}

/** Received-SPF (RFC 7208 section 9.1): a result word, an optional comment, then key=value pairs. */
export function parseReceivedSpf(value: string): ReceivedSpf {
  const { text, comments } = stripComments(value);
  const [result = '', ...rest] = text.trim().split(/\s+/);
  const properties: Record<string, string> = Object.create(null);
  for (const part of rest.join(' ').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) properties[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  const parsed: ReceivedSpf = { result: result.toLowerCase(), properties, raw: value };
  if (comments[0]) parsed.comment = comments[0].trim();
  return parsed;
}
