// Reads Agents Toolkit style env files (dotenv syntax): KEY=value, optional `export `, # comments,
// single- or double-quoted values (double quotes understand \n, \t, \" and \\).
import { readFileSync } from 'node:fs';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;
const ESCAPES = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unquote(raw, where) {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    const end = raw.lastIndexOf(quote);
    if (end === 0) throw new Error(`${where}: unterminated ${quote} quote`);
    const rest = raw.slice(end + 1).trim();
    if (rest && !rest.startsWith('#')) throw new Error(`${where}: unexpected text after the closing quote`);
    const body = raw.slice(1, end);
    return quote === "'" ? body : body.replace(/\\(.)/g, (match, c) => ESCAPES[c] ?? match);
  }
  // An unquoted value ends at a comment that follows whitespace.
  return raw.replace(/\s+#.*$/, '');
}

/** Parses env file text into a Map; throws with the file name and line number on a malformed line. */
export function parseEnvText(text, fileName) {
  const values = new Map();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (/^\s*(#.*)?$/.test(line)) return;
      const where = `${fileName}:${index + 1}`;
      const match = LINE.exec(line);
      if (!match) throw new Error(`${where}: expected KEY=value`);
      values.set(match[1], unquote(match[2] ?? '', where));
    });
  return values;
}

/** Reads one env file; returns null when it does not exist. */
export function readEnvFile(path, displayName = path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error && error.code === 'ENOENT') return null;
    throw error;
  }
  return parseEnvText(text, displayName);
}
