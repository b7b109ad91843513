/**
 * Which domains are "ours": from the server's tenant context when it answers (cached), otherwise the user's
 * own email domain. A stale cached answer beats falling back to the user's domain when the server is down.
 */
import type { TenantContext } from '@dsguard/classifier';
import type { ApiClient, AuthConfig, TenantContextAnswer } from './api-client.js';
import { isAuthConfig } from './auth.js';
import { readJson, type KeyValueStorage } from './storage.js';

export type TenantContextSource = 'server' | 'cache' | 'user-domain' | 'none';

export interface ResolvedTenantContext {
  context: TenantContext;
  notifyDirectSend: boolean;
  source: TenantContextSource;
  auth?: AuthConfig;
}

export const TENANT_CACHE_KEY = 'dsguard.tenantContext.v1';
export const TENANT_CACHE_TTL_MS = 60 * 60 * 1000;

interface CachedAnswer {
  savedAt: number;
  answer: TenantContextAnswer;
}

export interface TenantContextProviderOptions {
  api: Pick<ApiClient, 'getTenantContext'>;
  storage: KeyValueStorage;
  userEmail: () => string | undefined;
  ttlMs?: number;
  now?: () => number;
}

const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;

/** Keeps only well-formed fields of a server answer: the page must not trust shapes blindly. */
export function sanitizeAnswer(raw: unknown): TenantContextAnswer | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const acceptedDomains = stringList(r.acceptedDomains)?.map((d) => d.toLowerCase());
  const gatewayIps = stringList(r.gatewayIps);
  const knownSenders = Array.isArray(r.knownSenders)
    ? r.knownSenders
        .filter(
          (s): s is Record<string, unknown> =>
            !!s && typeof s === 'object' && typeof (s as { name?: unknown }).name === 'string',
        )
        .map((s) => {
          const ips = stringList(s.ips);
          const addresses = stringList(s.addresses)?.map((a) => a.toLowerCase());
          return { name: s.name as string, ...(ips ? { ips } : {}), ...(addresses ? { addresses } : {}) };
        })
    : undefined;
  return {
    ...(acceptedDomains ? { acceptedDomains } : {}),
    ...(knownSenders ? { knownSenders } : {}),
    ...(gatewayIps ? { gatewayIps } : {}),
    ...(typeof r.tenantId === 'string' ? { tenantId: r.tenantId } : {}),
    notifyDirectSend: r.notifyDirectSend === true,
    ...(isAuthConfig(r.auth) ? { auth: r.auth } : {}),
  };
}

export function userDomainContext(email: string | undefined): TenantContext | null {
  const at = email?.lastIndexOf('@') ?? -1;
  if (!email || at < 0) return null;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return domain ? { acceptedDomains: [domain] } : null;
}

/**
 * A server without configured accepted domains still knows known senders and gateways; the user's own domain then
 * stands in for the accepted domains, as it does when the server cannot be reached.
 */
function resolve(
  answer: TenantContextAnswer,
  source: TenantContextSource,
  userEmail: string | undefined,
): ResolvedTenantContext {
  const { notifyDirectSend, auth, ...context } = answer;
  if (!context.acceptedDomains?.length) {
    const own = userDomainContext(userEmail);
    if (own?.acceptedDomains) context.acceptedDomains = own.acceptedDomains;
  }
  return { context, notifyDirectSend: notifyDirectSend === true, source, ...(auth ? { auth } : {}) };
}

export class TenantContextProvider {
  private inFlight: Promise<ResolvedTenantContext> | undefined;
  private memory: CachedAnswer | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TenantContextProviderOptions) {
    this.ttlMs = options.ttlMs ?? TENANT_CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** The context to classify with; at most one request to the server at a time. */
  get(): Promise<ResolvedTenantContext> {
    const fresh = this.cached();
    if (fresh && this.now() - fresh.savedAt < this.ttlMs)
      return Promise.resolve(resolve(fresh.answer, 'cache', this.options.userEmail()));
    this.inFlight ??= this.fetchAnswer().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private cached(): CachedAnswer | undefined {
    if (this.memory) return this.memory;
    const stored = readJson<CachedAnswer>(this.options.storage, TENANT_CACHE_KEY);
    const answer = stored && typeof stored.savedAt === 'number' ? sanitizeAnswer(stored.answer) : null;
    if (stored && answer) this.memory = { savedAt: stored.savedAt, answer };
    return this.memory;
  }

  private async fetchAnswer(): Promise<ResolvedTenantContext> {
    const result = await this.options.api.getTenantContext();
    const answer = result.ok ? sanitizeAnswer(result.body) : null;
    if (answer) {
      this.memory = { savedAt: this.now(), answer };
      try {
        this.options.storage.setItem(TENANT_CACHE_KEY, JSON.stringify(this.memory));
      } catch {
        // a full storage only costs a refetch next time
      }
      return resolve(answer, 'server', this.options.userEmail());
    }
    const stale = this.cached();
    if (stale) return resolve(stale.answer, 'cache', this.options.userEmail());
    const own = userDomainContext(this.options.userEmail());
    return own
      ? { context: own, notifyDirectSend: false, source: 'user-domain' }
      : { context: {}, notifyDirectSend: false, source: 'none' };
  }
}
