export type InputErrorCode =
  | 'not-text'
  | 'empty'
  | 'no-headers'
  | 'too-large'
  | 'too-many-headers'
  | 'line-too-long'
  | 'nesting-too-deep'
  | 'bad-context';

/** An expected failure on bad input: returned (never thrown) by the parsers, with a message a user can act on. */
export interface InputError {
  code: InputErrorCode;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: InputError };

export function inputError(code: InputErrorCode, message: string): { ok: false; error: InputError } {
  return { ok: false, error: { code, message } };
}
