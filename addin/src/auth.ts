/**
 * Bearer tokens for the server, through MSAL nested app authentication (the host signs the user in; no
 * middle tier). With no client id configured the add-in runs in local mode and sends no token. MSAL is
 * loaded only when a client id is configured, so local mode never downloads it.
 */
import type { AuthConfig, TokenSource } from './api-client.js';

type MsalModule = typeof import('@azure/msal-browser');

export interface TokenProviderOptions {
  /** Interactive sign-in is possible (task pane); not in the spam-report handler. */
  interactive: boolean;
  loadMsal?: () => Promise<MsalModule>;
}

export interface TokenProvider {
  getToken: TokenSource;
  /** Sets or replaces the configuration (e.g. learnt from `GET /api/tenant-context`). */
  configure(config: AuthConfig | null): void;
  readonly configured: boolean;
}

const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/common';

/** Reads `<meta name="dsguard-auth-client-id">` and `<meta name="dsguard-auth-scopes">` from the page. */
export function authConfigFromPage(doc: Pick<Document, 'querySelector'> | undefined): AuthConfig | null {
  const read = (name: string): string | undefined =>
    doc?.querySelector(`meta[name="${name}"]`)?.getAttribute('content')?.trim() || undefined;
  const clientId = read('dsguard-auth-client-id');
  if (!clientId) return null;
  const scopes = (read('dsguard-auth-scopes') ?? `api://${clientId}/access_as_user`).split(/[\s,]+/).filter(Boolean);
  const authority = read('dsguard-auth-authority');
  return { clientId, scopes, ...(authority ? { authority } : {}) };
}

export function isAuthConfig(value: unknown): value is AuthConfig {
  const v = value as AuthConfig | undefined;
  return (
    !!v &&
    typeof v.clientId === 'string' &&
    v.clientId.length > 0 &&
    Array.isArray(v.scopes) &&
    v.scopes.every((s) => typeof s === 'string')
  );
}

export function createTokenProvider(initial: AuthConfig | null, options: TokenProviderOptions): TokenProvider {
  let config = initial;
  let client: Promise<import('@azure/msal-browser').IPublicClientApplication> | undefined;
  const loadMsal = options.loadMsal ?? (() => import('@azure/msal-browser'));

  function getClient(current: AuthConfig): Promise<import('@azure/msal-browser').IPublicClientApplication> {
    client ??= loadMsal().then((msal) =>
      msal.createNestablePublicClientApplication({
        auth: { clientId: current.clientId, authority: current.authority ?? DEFAULT_AUTHORITY },
      }),
    );
    return client;
  }

  return {
    get configured() {
      return config !== null;
    },
    configure(next) {
      if (next?.clientId !== config?.clientId || next?.authority !== config?.authority) client = undefined;
      config = next;
    },
    async getToken() {
      const current = config;
      if (!current) return null;
      const msal = await getClient(current);
      const request = { scopes: current.scopes };
      try {
        const result = await msal.acquireTokenSilent(request);
        return result.accessToken;
      } catch (silentError) {
        if (!options.interactive) throw silentError;
        const result = await msal.acquireTokenPopup(request);
        return result.accessToken;
      }
    },
  };
}
