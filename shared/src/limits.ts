import type { ParseLimits } from './types.js';

/**
 * Generous for real mail (Exchange headers run to 10-40 KB; a message with 200 headers is rare),
 * small enough that hostile input is refused in linear time.
 */
export const DEFAULT_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxHeaderBytes: 1024 * 1024,
  maxHeaders: 2000,
  maxLineLength: 64 * 1024,
  maxNesting: 64,
});
