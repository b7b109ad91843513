import { ApiError, callJson, type FetchLike, type TokenProvider } from '../admin/clients/api-client.js';
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
  /** How long an answer is reused per user before Graph is asked again (default 5 minutes). */
  cacheMs?: number;
  /**
   * While Graph cannot be asked (throttled, unreachable), a user's last answer still counts for this long after it
   * went stale (default 10 minutes), so one 429 does not turn off every group admin; past it, or with no answer, the
   * user is not an admin.
   */
  staleMs?: number;
  /** After a failed check, how long that user is not asked again, so an unreachable Graph is not asked on every message (default 30 s). */
  failureCacheMs?: number;
  /** Users remembered at most; the least recently checked are forgotten first (default 10,000). */
  maxUsers?: number;
  /** Per request; a Teams turn must answer within about 15 s (default 5 s). */
  timeoutMs?: number;
  /** A 429/503 whose Retry-After is at most this is retried once within the turn (default 2 s). */
  maxRetryWaitMs?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface CachedAnswer {
  /** The last answer Graph gave, if any. */
  groups?: string[];
  freshUntil: number;
  /** The last answer still counts until then when Graph cannot be asked. */
  usableUntil: number;
  /** After a failure, not asked again before then. */
  retryAt: number;
}

/**
 * Is a Teams user in one of the admin groups? Teams activities carry no `groups` claim, so this asks Graph
 * (`POST /users/{id}/checkMemberGroups`, transitive) with the app's own token. Answers are cached per user (bounded
 * in size and age). A failure (unreachable, throttled, forbidden) is logged; the user keeps a recent answer if there
 * is one, and otherwise counts as "not an admin", never as admin. A 429 pauses all calls for its Retry-After.
 */
export class GroupMembership {
  private readonly cache = new Map<string, CachedAnswer>();
  private readonly running = new Map<string, Promise<string[]>>();
  private readonly groupIds: string[];
  private readonly clock: () => number;
  /** Graph asked us to wait (Retry-After) until then; no calls before it. */
  private throttledUntil = 0;
  private nextSweep = 0;

  constructor(private readonly options: GroupMembershipOptions) {
    this.groupIds = [...new Set(options.groupIds.map((g) => g.toLowerCase()))];
    this.clock = options.clock ?? Date.now;
  }

  async isMember(userId: string): Promise<boolean> {
    return (await this.memberGroups(userId)).length > 0;
  }

  /** Users whose answer is remembered (bounded by `maxUsers`; expired ones are swept). */
  get cachedUsers(): number {
    return this.cache.size;
  }

  /** The admin groups the user is a member of (directly or through nested groups); [] when unknown. */
  async memberGroups(userId: string): Promise<string[]> {
    const id = userId.toLowerCase();
    if (this.groupIds.length === 0 || !OBJECT_ID.test(id)) return [];
    const now = this.clock();
    const cached = this.cache.get(id);
    if (cached && cached.freshUntil > now) return cached.groups ?? [];
    if ((cached && cached.retryAt > now) || this.throttledUntil > now) return this.lastAnswer(cached, now);
    let running = this.running.get(id);
    if (!running) {
      running = this.ask(id).finally(() => this.running.delete(id));
      this.running.set(id, running);
    }
    return running;
  }

  private lastAnswer(cached: CachedAnswer | undefined, now: number): string[] {
    return cached?.groups && cached.usableUntil > now ? cached.groups : [];
  }

  private async ask(id: string): Promise<string[]> {
    try {
      const groups: string[] = [];
      for (let i = 0; i < this.groupIds.length; i += GROUPS_PER_REQUEST)
        groups.push(...(await this.check(id, this.groupIds.slice(i, i + GROUPS_PER_REQUEST))));
      const now = this.clock();
      const freshUntil = now + (this.options.cacheMs ?? 5 * 60_000);
      this.remember(id, {
        groups,
        freshUntil,
        usableUntil: freshUntil + (this.options.staleMs ?? 10 * 60_000),
        retryAt: 0,
      });
      return groups;
    } catch (error) {
      const now = this.clock();
      if (
        error instanceof ApiError &&
        error.retryAfterMs !== undefined &&
        (error.status === 429 || error.status === 503)
      ) {
        this.throttledUntil = Math.max(this.throttledUntil, now + error.retryAfterMs);
      }
      const previous = this.cache.get(id);
      const kept = this.lastAnswer(previous, now);
      this.options.logger.warn('admin-groups.check-failed', {
        userId: id,
        ...(error instanceof ApiError ? { status: error.status, code: error.code } : {}),
        error: error instanceof Error ? error.message : String(error),
        ...(kept.length ? { keptAnswer: true } : {}),
      });
      const retryAt = now + (this.options.failureCacheMs ?? 30_000);
      this.remember(id, previous ? { ...previous, retryAt } : { freshUntil: 0, usableUntil: 0, retryAt });
      return kept;
    }
  }

  private remember(id: string, answer: CachedAnswer): void {
    const now = this.clock();
    this.cache.delete(id); // re-inserted last: the map's order is the order of the latest checks
    this.cache.set(id, answer);
    if (now >= this.nextSweep) {
      this.nextSweep = now + (this.options.cacheMs ?? 5 * 60_000);
      for (const [key, entry] of this.cache)
        if (entry.usableUntil <= now && entry.retryAt <= now) this.cache.delete(key);
    }
    const maxUsers = this.options.maxUsers ?? 10_000;
    for (const key of this.cache.keys()) {
      if (this.cache.size <= maxUsers) break;
      this.cache.delete(key);
    }
  }

  private async check(id: string, groupIds: string[]): Promise<string[]> {
    const url = `${this.options.graphUrl.replace(/\/+$/, '')}/users/${encodeURIComponent(id)}/checkMemberGroups`;
    const body = (await callJson(
      {
        service: 'Graph checkMemberGroups',
        scope: this.options.scope ?? GRAPH_DEFAULT_SCOPE,
        tokens: this.options.tokens,
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
        maxRetries: 1,
        maxRetryWaitMs: this.options.maxRetryWaitMs ?? 2000,
        retryOnlyWithinMaxWait: true,
        timeoutMs: this.options.timeoutMs ?? 5000,
      },
      url,
      { method: 'POST', body: { groupIds } },
    )) as { value?: unknown } | null;
    if (!Array.isArray(body?.value))
      throw new ApiError('Graph checkMemberGroups', 200, '', 'the answer has no value array');
    const asked = new Set(groupIds);
    // Only groups we asked about count, whatever else an answer might hold.
    return body.value
      .filter((g): g is string => typeof g === 'string')
      .map((g) => g.toLowerCase())
      .filter((g) => asked.has(g));
  }
}

/**
 * The Graph membership check for Teams, when ADMIN_GROUP_IDS and the app's tenant credentials (DSGUARD_*) are both
 * set; otherwise undefined (admins in Teams by object id only, which start-up logs when groups are configured).
 */
export function adminGroupsFor(
  config: Pick<Config, 'admins' | 'adminTenant' | 'graphUrl'>,
  logger: Logger,
  fetchImpl?: FetchLike,
): GroupMembership | undefined {
  if (config.admins.groupIds.length === 0) return undefined;
  const tenant = config.adminTenant;
  if (!tenant) {
    logger.warn('admin-groups.teams-unavailable', {
      reason:
        'ADMIN_GROUP_IDS counts in Teams only with DSGUARD_TENANT_ID, DSGUARD_CLIENT_ID, DSGUARD_CLIENT_SECRET and DSGUARD_TENANT_DOMAIN set',
    });
    return undefined;
  }
  const tokens = tenantTokenProvider(tenant, fetchImpl);
  return new GroupMembership({
    graphUrl: config.graphUrl,
    tokens,
    groupIds: config.admins.groupIds,
    logger,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
