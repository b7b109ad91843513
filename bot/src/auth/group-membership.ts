import { ApiError, delay, retryAfterMs, type FetchLike, type TokenProvider } from '../admin/clients/api-client.js';
import { tenantTokenProvider } from '../admin/clients/token-provider.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
/** Graph's limit for one checkMemberGroups request. */
const GROUPS_PER_REQUEST = 20;
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GroupMembershipOptions {
  /** Microsoft Graph v1.0 base, e.g. https://graph.microsoft.com/v1.0. */
  graphUrl: string;
  /** App-only tokens (client credentials) with GroupMember.Read.All and User.Read.All. */
  tokens: TokenProvider;
  scope?: string;
  /** The admin groups (ADMIN_GROUP_IDS). */
  groupIds: readonly string[];
  logger: Logger;
  fetch?: FetchLike;
  /** How long an answer is reused per user (default 5 minutes). */
  cacheMs?: number;
  /** How long a failed check is reused, so an unreachable Graph is not asked on every message (default 30 s). */
  failureCacheMs?: number;
  /** Per request; a Teams turn must answer within about 15 s (default 5 s). */
  timeoutMs?: number;
  /** A 429/503 whose Retry-After is at most this is retried once within the turn (default 2 s). */
  maxRetryWaitMs?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Is a Teams user in one of the admin groups? Teams activities carry no `groups` claim, so this asks Graph
 * (`POST /users/{id}/checkMemberGroups`, transitive) with the app's own token. Answers are cached per user;
 * any failure (unreachable, throttled, forbidden) counts as "not an admin" and is logged, never as admin.
 */
export class GroupMembership {
  private readonly cache = new Map<string, { groups: string[]; until: number }>();
  private readonly running = new Map<string, Promise<string[]>>();
  private readonly groupIds: string[];
  private readonly clock: () => number;
  /** Graph asked us to wait (Retry-After) until then; no calls before it. */
  private throttledUntil = 0;

  constructor(private readonly options: GroupMembershipOptions) {
    this.groupIds = [...new Set(options.groupIds.map((g) => g.toLowerCase()))];
    this.clock = options.clock ?? Date.now;
  }

  async isMember(userId: string): Promise<boolean> {
    return (await this.memberGroups(userId)).length > 0;
  }

  /** The admin groups the user is a member of (directly or through nested groups); [] when unknown. */
  async memberGroups(userId: string): Promise<string[]> {
    const id = userId.toLowerCase();
    if (this.groupIds.length === 0 || !OBJECT_ID.test(id)) return [];
    const cached = this.cache.get(id);
    if (cached && cached.until > this.clock()) return cached.groups;
    let running = this.running.get(id);
    if (!running) {
      running = this.ask(id).finally(() => this.running.delete(id));
      this.running.set(id, running);
    }
    return running;
  }

  private async ask(id: string): Promise<string[]> {
    try {
      const groups: string[] = [];
      for (let i = 0; i < this.groupIds.length; i += GROUPS_PER_REQUEST) groups.push(...(await this.check(id, this.groupIds.slice(i, i + GROUPS_PER_REQUEST))));
      this.cache.set(id, { groups, until: this.clock() + (this.options.cacheMs ?? 5 * 60_000) });
      return groups;
    } catch (error) {
      this.options.logger.warn('admin-groups.check-failed', {
        userId: id,
        ...(error instanceof ApiError ? { status: error.status, code: error.code } : {}),
        error: error instanceof Error ? error.message : String(error),
      });
      this.cache.set(id, { groups: [], until: this.clock() + (this.options.failureCacheMs ?? 30_000) });
      return [];
    }
  }

  private async check(id: string, groupIds: string[]): Promise<string[]> {
    const url = `${this.options.graphUrl.replace(/\/+$/, '')}/users/${encodeURIComponent(id)}/checkMemberGroups`;
    for (let attempt = 0; ; attempt += 1) {
      const wait = this.throttledUntil - this.clock();
      if (wait > 0) throw new ApiError('Graph checkMemberGroups', 429, 'TooManyRequests', `throttled for another ${Math.ceil(wait / 1000)} s`);
      const token = await this.options.tokens.getToken(this.options.scope ?? GRAPH_DEFAULT_SCOPE);
      const response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ groupIds }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      if (response.status === 429 || response.status === 503) {
        await response.body?.cancel();
        const retryMs = retryAfterMs(response.headers.get('retry-after'), attempt, this.clock());
        if (attempt === 0 && retryMs <= (this.options.maxRetryWaitMs ?? 2000)) {
          await (this.options.sleep ?? delay)(retryMs);
          continue;
        }
        this.throttledUntil = this.clock() + retryMs;
        throw new ApiError('Graph checkMemberGroups', response.status, 'TooManyRequests', `throttled; Retry-After ${Math.ceil(retryMs / 1000)} s`);
      }
      const text = await response.text();
      let body: { value?: unknown; error?: { code?: string; message?: string } } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // not JSON: reported with the status below
      }
      if (!response.ok) throw new ApiError('Graph checkMemberGroups', response.status, body.error?.code ?? '', body.error?.message ?? (response.statusText || 'request failed'));
      if (!Array.isArray(body.value)) throw new ApiError('Graph checkMemberGroups', response.status, '', 'the answer has no value array');
      const asked = new Set(groupIds);
      // Only groups we asked about count, whatever else an answer might hold.
      return body.value.filter((g): g is string => typeof g === 'string').map((g) => g.toLowerCase()).filter((g) => asked.has(g));
    }
  }
}

/**
 * The Graph membership check for Teams, when ADMIN_GROUP_IDS and the app's tenant credentials (DSGUARD_*) are both
 * set; otherwise undefined (admins in Teams by object id only, which start-up logs when groups are configured).
 */
export function adminGroupsFor(config: Pick<Config, 'admins' | 'adminTenant' | 'graphUrl'>, logger: Logger, fetchImpl?: FetchLike): GroupMembership | undefined {
  if (config.admins.groupIds.length === 0) return undefined;
  const tenant = config.adminTenant;
  if (!tenant) {
    logger.warn('admin-groups.teams-unavailable', { reason: 'ADMIN_GROUP_IDS counts in Teams only with DSGUARD_TENANT_ID, DSGUARD_CLIENT_ID, DSGUARD_CLIENT_SECRET and DSGUARD_TENANT_DOMAIN set' });
    return undefined;
  }
  const tokens = tenantTokenProvider(tenant, fetchImpl);
  return new GroupMembership({ graphUrl: config.graphUrl, tokens, groupIds: config.admins.groupIds, logger, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}
