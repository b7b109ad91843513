import type { ApiResult, TenantContextAnswer } from '../src/api-client';
import { memoryStorage } from '../src/storage';
import { sanitizeAnswer, TENANT_CACHE_TTL_MS, TenantContextProvider, userDomainContext } from '../src/tenant-context';

function api(answers: ApiResult<TenantContextAnswer>[]) {
  const calls: number[] = [];
  return {
    calls,
    getTenantContext: async () => {
      calls.push(1);
      return answers.shift() ?? { ok: false as const, code: 'network', message: 'down' };
    },
  };
}

const serverAnswer: ApiResult<TenantContextAnswer> = {
  ok: true,
  status: 200,
  body: {
    acceptedDomains: ['Contoso.com'],
    knownSenders: [{ name: 'Copier', ips: ['192.0.2.10'] }],
    notifyDirectSend: true,
  },
};

describe('TenantContextProvider', () => {
  test('uses the server answer, lower-cased, and caches it', async () => {
    let now = 0;
    const server = api([serverAnswer]);
    const storage = memoryStorage();
    const provider = new TenantContextProvider({
      api: server,
      storage,
      userEmail: () => 'me@fabrikam.com',
      now: () => now,
    });
    const first = await provider.get();
    expect(first).toEqual({
      context: { acceptedDomains: ['contoso.com'], knownSenders: [{ name: 'Copier', ips: ['192.0.2.10'] }] },
      notifyDirectSend: true,
      source: 'server',
    });
    now += 1000;
    expect((await provider.get()).source).toBe('cache');
    // a new pane on the same device reads the cache without asking the server
    const again = new TenantContextProvider({ api: server, storage, userEmail: () => undefined, now: () => now });
    expect((await again.get()).context.acceptedDomains).toEqual(['contoso.com']);
    expect(server.calls).toHaveLength(1);
  });

  test("falls back to the user's own domain when the server has no answer", async () => {
    const provider = new TenantContextProvider({
      api: api([]),
      storage: memoryStorage(),
      userEmail: () => 'Ann@Fabrikam.co.uk',
    });
    expect(await provider.get()).toEqual({
      context: { acceptedDomains: ['fabrikam.co.uk'] },
      notifyDirectSend: false,
      source: 'user-domain',
    });
  });

  test("a server without accepted domains keeps its known senders and takes the user's domain as the organization's", async () => {
    const unconfigured: ApiResult<TenantContextAnswer> = {
      ok: true,
      status: 200,
      body: { acceptedDomains: [], knownSenders: [{ name: 'Copier', ips: ['192.0.2.10'] }], notifyDirectSend: false },
    };
    const provider = new TenantContextProvider({
      api: api([unconfigured]),
      storage: memoryStorage(),
      userEmail: () => 'Ann@Fabrikam.co.uk',
    });
    expect(await provider.get()).toEqual({
      context: { acceptedDomains: ['fabrikam.co.uk'], knownSenders: [{ name: 'Copier', ips: ['192.0.2.10'] }] },
      notifyDirectSend: false,
      source: 'server',
    });
  });

  test('a stale cache beats the fallback when the server is down', async () => {
    let now = 0;
    const storage = memoryStorage();
    await new TenantContextProvider({
      api: api([serverAnswer]),
      storage,
      userEmail: () => 'x@y.z',
      now: () => now,
    }).get();
    now += TENANT_CACHE_TTL_MS + 1;
    const server = api([]);
    const later = await new TenantContextProvider({
      api: server,
      storage,
      userEmail: () => 'x@y.z',
      now: () => now,
    }).get();
    expect(server.calls).toHaveLength(1);
    expect(later).toMatchObject({ source: 'cache', context: { acceptedDomains: ['contoso.com'] } });
  });

  test('concurrent callers share one request', async () => {
    const server = api([serverAnswer]);
    const provider = new TenantContextProvider({ api: server, storage: memoryStorage(), userEmail: () => undefined });
    await Promise.all([provider.get(), provider.get(), provider.get()]);
    expect(server.calls).toHaveLength(1);
  });

  test('malformed answers are cleaned, and auth is passed on only when well-formed', () => {
    expect(sanitizeAnswer('nope')).toBeNull();
    expect(
      sanitizeAnswer({ acceptedDomains: ['a.com', 3], knownSenders: [{ ips: ['1.2.3.4'] }], auth: { clientId: '' } }),
    ).toEqual({
      acceptedDomains: ['a.com'],
      knownSenders: [],
      notifyDirectSend: false,
    });
    expect(sanitizeAnswer({ auth: { clientId: 'abc', scopes: ['api://abc/x'] } })).toEqual({
      notifyDirectSend: false,
      auth: { clientId: 'abc', scopes: ['api://abc/x'] },
    });
    expect(userDomainContext('no-at-sign')).toBeNull();
  });
});
