import { DeliveryError } from './alert-sink.js';

/** App-only tokens from Entra (client credentials), cached until shortly before they expire. */
export function clientCredentialsToken(
  options: { authorityHost: string; tenantId: string; clientId: string; clientSecret: string; scope: string },
  fetchImpl: typeof fetch = fetch,
): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | undefined;
  return async () => {
    if (cached && cached.expiresAt > Date.now() + 60000) return cached.token;
    const response = await fetchImpl(`${options.authorityHost}/${options.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret, scope: options.scope }),
      signal: AbortSignal.timeout(10000),
    });
    const json = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!response.ok || !json.access_token) throw new DeliveryError(`token request failed (${response.status}${json.error ? ` ${json.error}` : ''})`);
    cached = { token: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3600) * 1000 };
    return cached.token;
  };
}
