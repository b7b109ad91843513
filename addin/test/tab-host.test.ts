import { connectHost, frameInfo, themeFromTeams, type TeamsSdk } from '../src/tab/teams-host';

const FRAMED = { framed: true, nativeHost: false };

/**
 * A fake of the teams-js v2 calls the tab makes, with the library's rules: nothing but initialize works before
 * initialize has resolved, the host pushes theme changes to the one registered handler, and getAuthToken rejects
 * with the host's error text when SSO is not set up.
 */
class FakeTeams implements TeamsSdk {
  initialized = false;
  initializeCalls = 0;
  themeHandler: ((theme: string) => void) | undefined;
  constructor(
    private readonly behavior: { init: 'answer' | 'fail' | 'hang'; theme?: string; token?: string | Error },
  ) {}

  private requireInit(): void {
    if (!this.initialized) throw new Error('The library has not yet been initialized');
  }

  app = {
    initialize: (): Promise<void> => {
      this.initializeCalls += 1;
      if (this.behavior.init === 'hang') return new Promise<void>(() => undefined);
      if (this.behavior.init === 'fail')
        return Promise.reject(new Error('Initialization Failed. No Parent window found.'));
      this.initialized = true;
      return Promise.resolve();
    },
    getContext: async (): Promise<{ app: { theme: string } }> => {
      this.requireInit();
      return { app: { theme: this.behavior.theme ?? 'default' } };
    },
    registerOnThemeChangeHandler: (handler: (theme: string) => void): void => {
      this.requireInit();
      this.themeHandler = handler;
    },
  };

  authentication = {
    getAuthToken: async (): Promise<string> => {
      this.requireInit();
      const token = this.behavior.token ?? 'teams-sso-token';
      if (token instanceof Error) throw token;
      return token;
    },
  };
}

test('Teams themes map to ours; unknown ones fall back to light', () => {
  expect(themeFromTeams('default')).toBe('light');
  expect(themeFromTeams('dark')).toBe('dark');
  expect(themeFromTeams('contrast')).toBe('contrast');
  expect(themeFromTeams('glass')).toBe('light');
  expect(themeFromTeams(undefined)).toBe('light');
});

test('a top-level browser tab is local mode at once, without asking teams-js', async () => {
  const sdk = new FakeTeams({ init: 'hang' });
  const started = Date.now();
  const host = await connectHost(sdk, { framed: false, nativeHost: false });
  expect(host.kind).toBe('browser');
  expect(sdk.initializeCalls).toBe(0);
  expect(Date.now() - started).toBeLessThan(100);
});

test('inside Teams: initialize, the context theme, SSO tokens, theme changes', async () => {
  const sdk = new FakeTeams({ init: 'answer', theme: 'dark', token: 'eyJ.sso.token' });
  const host = await connectHost(sdk, FRAMED);
  if (host.kind !== 'teams') throw new Error(`expected Teams, got ${host.reason}`);
  expect(host.theme).toBe('dark');
  await expect(host.getToken()).resolves.toEqual({ token: 'eyJ.sso.token' });
  const seen: string[] = [];
  host.onThemeChange((theme) => seen.push(theme));
  sdk.themeHandler?.('contrast');
  sdk.themeHandler?.('default');
  expect(seen).toEqual(['contrast', 'light']);
});

test('the Teams mobile webview (no parent frame, nativeInterface) counts as hosted', async () => {
  const host = await connectHost(new FakeTeams({ init: 'answer' }), { framed: false, nativeHost: true });
  expect(host.kind).toBe('teams');
});

test('a frame whose parent is not Teams: initialize failing or hanging falls back to local mode quickly', async () => {
  const failed = await connectHost(new FakeTeams({ init: 'fail' }), FRAMED, 200);
  expect(failed).toEqual({ kind: 'browser', reason: expect.stringContaining('No Parent window found') });
  const started = Date.now();
  const hung = await connectHost(new FakeTeams({ init: 'hang' }), FRAMED, 200);
  expect(hung).toEqual({ kind: 'browser', reason: expect.stringContaining('no answer within 200 ms') });
  expect(Date.now() - started).toBeLessThan(1000);
});

test('an SSO failure comes back as a reason instead of an exception', async () => {
  const host = await connectHost(new FakeTeams({ init: 'answer', token: new Error('resourceDisabled') }), FRAMED);
  if (host.kind !== 'teams') throw new Error('expected Teams');
  await expect(host.getToken()).resolves.toEqual({ token: null, reason: 'resourceDisabled' });
});

test('frameInfo tells a frame from a top-level window, and a cross-origin top counts as a frame', () => {
  const top = {} as Window;
  (top as { self: unknown }).self = top;
  (top as { top: unknown }).top = top;
  expect(frameInfo(top)).toEqual({ framed: false, nativeHost: false });
  const framed = { self: {}, top: {} } as unknown as Window;
  expect(frameInfo(framed).framed).toBe(true);
  const crossOrigin = Object.defineProperty({ self: {} }, 'top', {
    get: () => {
      throw new Error('SecurityError');
    },
  }) as unknown as Window;
  expect(frameInfo(crossOrigin).framed).toBe(true);
  expect(frameInfo(Object.assign({ nativeInterface: {} }, top) as Window).nativeHost).toBe(true);
});
