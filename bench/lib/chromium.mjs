// Debian's Chromium flags shared with the browser tests (test/browser/support/chromium-args.json).
import { readFileSync } from 'node:fs';

export const CHROMIUM_ARGS = JSON.parse(
  readFileSync(new URL('../../test/browser/support/chromium-args.json', import.meta.url), 'utf8'),
);
