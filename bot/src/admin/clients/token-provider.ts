import { ApiError, delay, retryAfterMs, type FetchLike, type TokenProvider } from './api-client.js';

export interface ClientCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Default https://login.microsoftonline.com; injectable for national clouds and tests. */
  authority?: string;
  fetch?: FetchLike;
  clock?: () => number;
}

/** App-only tokens (OAuth 2.0 client credentials) from Entra, cached per scope until shortly before expiry. */
export function clientCredentialsTokenProvider(credentials: ClientCredentials): TokenProvider {
  const authority = (credentials.authority ?? 'https://login.microsoftonline.com').replace(/\/$/, '');
  const clock = credentials.clock ?? Date.now;
  const cache = new Map<string, { token: string; expiresAt: number }>();
  return {
    async getToken(scope: string): Promise<string> {
      const cached = cache.get(scope);
      if (cached && cached.expiresAt > clock()) return cached.token;
      const url = `${authority}/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`;
      const body = new URLSearchParams({
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope,
        grant_type: 'client_credentials',
      });
      for (let attempt = 0; ; attempt += 1) {
        const response = await (credentials.fetch ?? fetch)(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: body.toString(),
          signal: AbortSignal.timeout(30_000),
        });
        if (response.status === 429 && attempt < 2) {
          await response.body?.cancel();
          await delay(Math.min(60_000, retryAfterMs(response.headers.get('retry-after'), attempt, clock())));
          continue;
        }
        const json = (await response.json().catch(() => ({}))) as {
          access_token?: string;
          expires_in?: number;
          error?: string;
          error_description?: string;
        };
        if (!response.ok || !json.access_token) {
          throw new ApiError(
            'Entra token',
            response.status,
            json.error ?? '',
            (json.error_description ?? 'no access token').split(/\r?\n/)[0]!,
          );
        }
        cache.set(scope, {
          token: json.access_token,
          expiresAt: clock() + Math.max(0, (json.expires_in ?? 3600) - 120) * 1000,
        });
        return json.access_token;
      }
    },
  };
}

/** The app credentials of the configured tenant (server config `adminTenant`), as a token provider. */
export function tenantTokenProvider(
  tenant: { tenantId: string; clientId: string; clientSecret: string; authorityHost: string },
  fetchImpl?: FetchLike,
): TokenProvider {
  return clientCredentialsTokenProvider({
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    authority: tenant.authorityHost,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
