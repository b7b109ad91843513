/**
 * Where the tab runs: inside Teams (teams-js initialized, Teams SSO tokens, the Teams theme) or in a plain browser
 * (local mode: the server serves loopback callers without a token).
 */
import type { ThemeName } from '../ui/theme.js';

/** The part of `@microsoft/teams-js` v2 the tab uses (same names and shapes, so the real module satisfies it). */
export interface TeamsSdk {
  app: {
    initialize(validMessageOrigins?: string[]): Promise<void>;
    getContext(): Promise<{ app: { theme: string } }>;
    registerOnThemeChangeHandler(handler: (theme: string) => void): void;
  };
  authentication: {
    getAuthToken(request?: { silent?: boolean }): Promise<string>;
  };
}

/** The page's view of its window, enough to tell a Teams frame or webview from a top-level browser tab. */
export interface FrameInfo {
  framed: boolean;
  /** Teams mobile hosts tabs in a webview that exposes `nativeInterface` instead of a parent frame. */
  nativeHost: boolean;
}

export type TokenAnswer = { token: string } | { token: null; reason: string };

export type TabHost =
  | {
      kind: 'teams';
      theme: ThemeName;
      /** Teams SSO; never throws: a failure comes back with its reason so a 401 can explain itself. */
      getToken(): Promise<TokenAnswer>;
      onThemeChange(listener: (theme: ThemeName) => void): void;
    }
  | { kind: 'browser'; reason: string };

/** Teams answers initialize within a second or two; a plain browser tab may never answer. */
export const TEAMS_INIT_TIMEOUT_MS = 3000;

/** Teams' theme names ("default", "dark", "contrast", and the newer "glass") to ours. */
export function themeFromTeams(theme: string | undefined): ThemeName {
  if (theme === 'dark') return 'dark';
  if (theme === 'contrast') return 'contrast';
  return 'light';
}

export function frameInfo(win: Window & { nativeInterface?: unknown }): FrameInfo {
  let framed: boolean;
  try {
    framed = win.self !== win.top;
  } catch {
    framed = true; // a cross-origin parent makes window.top inaccessible in some browsers: that is a frame
  }
  return { framed, nativeHost: win.nativeInterface !== undefined };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Connects to Teams when the page is hosted by it; otherwise (or when Teams does not answer) reports a browser. */
export async function connectHost(
  sdk: TeamsSdk,
  frame: FrameInfo,
  timeoutMs = TEAMS_INIT_TIMEOUT_MS,
): Promise<TabHost> {
  if (!frame.framed && !frame.nativeHost) return { kind: 'browser', reason: 'not inside a Teams frame' };
  try {
    await withTimeout(sdk.app.initialize(), timeoutMs);
  } catch (error) {
    return { kind: 'browser', reason: `Teams did not initialize: ${messageOf(error)}` };
  }
  let theme: ThemeName = 'light';
  try {
    theme = themeFromTeams((await withTimeout(sdk.app.getContext(), timeoutMs)).app.theme);
  } catch {
    // keep the default theme; the change handler still follows later switches
  }
  const listeners: ((theme: ThemeName) => void)[] = [];
  sdk.app.registerOnThemeChangeHandler((next) => listeners.forEach((listener) => listener(themeFromTeams(next))));
  return {
    kind: 'teams',
    theme,
    onThemeChange: (listener) => listeners.push(listener),
    async getToken() {
      try {
        const token = await sdk.authentication.getAuthToken();
        return token ? { token } : { token: null, reason: 'Teams returned no token' };
      } catch (error) {
        return { token: null, reason: messageOf(error) };
      }
    },
  };
}
