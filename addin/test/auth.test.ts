import { authConfigFromPage, createTokenProvider } from '../src/auth';

type Msal = Awaited<ReturnType<NonNullable<Parameters<typeof createTokenProvider>[1]['loadMsal']>>>;

function fakeMsal(opts: { silent: 'ok' | 'fail' }) {
  const created: unknown[] = [];
  const calls: string[] = [];
  const module = {
    createNestablePublicClientApplication: async (config: unknown) => {
      created.push(config);
      return {
        acquireTokenSilent: async (req: { scopes: string[] }) => {
          calls.push(`silent:${req.scopes.join(' ')}`);
          if (opts.silent === 'fail') throw new Error('interaction_required');
          return { accessToken: 'silent-token' };
        },
        acquireTokenPopup: async () => {
          calls.push('popup');
          return { accessToken: 'popup-token' };
        },
      };
    },
  } as unknown as Msal;
  return { module, created, calls };
}

const config = { clientId: '11111111-2222-4333-8444-555555555555', scopes: ['api://x/access_as_user'] };

describe('token provider (MSAL nested app authentication)', () => {
  test('local mode: no client id, no token and MSAL is never loaded', async () => {
    let loaded = false;
    const provider = createTokenProvider(null, {
      interactive: true,
      loadMsal: async () => {
        loaded = true;
        throw new Error('should not load');
      },
    });
    expect(await provider.getToken()).toBeNull();
    expect(loaded).toBe(false);
  });

  test('silent first; one nestable client reused', async () => {
    const msal = fakeMsal({ silent: 'ok' });
    const provider = createTokenProvider(config, { interactive: true, loadMsal: async () => msal.module });
    expect(await provider.getToken()).toBe('silent-token');
    expect(await provider.getToken()).toBe('silent-token');
    expect(msal.created).toEqual([
      { auth: { clientId: config.clientId, authority: 'https://login.microsoftonline.com/common' } },
    ]);
    expect(msal.calls).toEqual(['silent:api://x/access_as_user', 'silent:api://x/access_as_user']);
  });

  test('falls back to a popup in the pane, but not in the report handler', async () => {
    const pane = fakeMsal({ silent: 'fail' });
    expect(await createTokenProvider(config, { interactive: true, loadMsal: async () => pane.module }).getToken()).toBe(
      'popup-token',
    );
    const handler = fakeMsal({ silent: 'fail' });
    await expect(
      createTokenProvider(config, { interactive: false, loadMsal: async () => handler.module }).getToken(),
    ).rejects.toThrow('interaction_required');
    expect(handler.calls).not.toContain('popup');
  });

  test('configuration learnt later (tenant context) switches the provider on', async () => {
    const msal = fakeMsal({ silent: 'ok' });
    const provider = createTokenProvider(null, { interactive: true, loadMsal: async () => msal.module });
    expect(provider.configured).toBe(false);
    provider.configure(config);
    expect(await provider.getToken()).toBe('silent-token');
  });

  test('reads the client id and scopes from the page', () => {
    const doc = {
      querySelector: (sel: string) => {
        const values: Record<string, string> = {
          'meta[name="dsguard-auth-client-id"]': 'abc',
          'meta[name="dsguard-auth-scopes"]': 'api://abc/a, api://abc/b',
        };
        const v = values[sel];
        return v === undefined ? null : ({ getAttribute: () => v } as unknown as Element);
      },
    };
    expect(authConfigFromPage(doc)).toEqual({ clientId: 'abc', scopes: ['api://abc/a', 'api://abc/b'] });
    expect(authConfigFromPage({ querySelector: () => null })).toBeNull();
  });
});
