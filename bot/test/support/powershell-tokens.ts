/**
 * PowerShell's tokenizer, for the commands the migration plan generates (pwsh is not installable from Debian, so the
 * tests check the token structure themselves). A single-quoted string starts at any of the five single-quote
 * characters and ends at the next one not followed by another; two in a row stand for one (about_Quoting_Rules,
 * and the tokenizer's IsSingleQuote: ' U+2018 U+2019 U+201A U+201B).
 */
export const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

export type PsToken = { kind: 'word'; text: string } | { kind: 'literals'; values: string[] };

/** Splits one command line into bare words and arrays of single-quoted literals; throws on an unterminated string. */
export function tokenizeCommand(line: string): PsToken[] {
  const tokens: PsToken[] = [];
  let i = 0;
  const literal = (): string => {
    i += 1;
    let value = '';
    for (;;) {
      if (i >= line.length) throw new Error(`unterminated string in ${line}`);
      const c = line[i]!;
      if (SINGLE_QUOTES.has(c)) {
        if (SINGLE_QUOTES.has(line[i + 1] ?? '')) {
          value += c;
          i += 2;
          continue;
        }
        i += 1;
        return value;
      }
      value += c;
      i += 1;
    }
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i += 1;
    } else if (SINGLE_QUOTES.has(c)) {
      const values = [literal()];
      while (line[i] === ',' && SINGLE_QUOTES.has(line[i + 1] ?? '')) {
        i += 1;
        values.push(literal());
      }
      if (i < line.length && line[i] !== ' ')
        throw new Error(`a string runs into ${JSON.stringify(line.slice(i, i + 20))} in ${line}`);
      tokens.push({ kind: 'literals', values });
    } else {
      const start = i;
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i += 1;
      tokens.push({ kind: 'word', text: line.slice(start, i) });
    }
  }
  return tokens;
}

/** Bare words a generated command may hold: cmdlet names, parameters, $true/$false, enum values, a pipe, column lists. */
const SAFE_WORD =
  /^(?:[A-Z][A-Za-z]+-[A-Z][A-Za-z]+|-[A-Za-z]+(?::\$(?:true|false))?|\$true|\$false|Partner|\||[A-Za-z,]+)$/;

/**
 * Every argument of every command in `script` (one command a line): the words are from the safe set above, every
 * other argument is a single-quoted literal (or an array of them). Returns the literals' values, in order.
 */
export function literalsOf(script: string): string[] {
  const values: string[] = [];
  for (const line of script.split('\n')) {
    for (const token of tokenizeCommand(line)) {
      if (token.kind === 'literals') values.push(...token.values);
      else if (!SAFE_WORD.test(token.text))
        throw new Error(`unexpected bare word ${JSON.stringify(token.text)} in ${line}`);
    }
  }
  return values;
}
