/** Values fixed when the add-in is built (see addin/build.mjs); absent under unit tests. */
import type { AuthConfig } from './api-client.js';
import { isAuthConfig } from './auth.js';

declare const __DSGUARD_AUTH__: unknown;
declare const __DSGUARD_API_BASE__: unknown;

export function buildTimeAuth(): AuthConfig | null {
  const value = typeof __DSGUARD_AUTH__ === 'undefined' ? null : __DSGUARD_AUTH__;
  return isAuthConfig(value) ? value : null;
}

/**
 * Where the server is, for code that may run without a page (classic Outlook's JavaScript-only runtime has
 * no document to resolve relative URLs against): the origin baked in at build time (ADDIN_API_BASE or
 * PUBLIC_URL), else the page's own origin, else relative URLs.
 */
export function apiBaseUrl(): string {
  const baked = typeof __DSGUARD_API_BASE__ === 'string' ? __DSGUARD_API_BASE__ : '';
  if (baked) return baked.replace(/\/+$/, '');
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin && /^https?:/.test(origin) ? origin : '';
}
