import { SOURCE_CATEGORIES, type SourceCategory } from '../../admin/inventory/categorize.js';
import {
  SOURCE_STATUSES,
  UnverifiedSourceError,
  type AdminActionType,
  type InventorySource,
  type InventoryStore,
  type SourceQuery,
  type SourceStatus,
} from '../../admin/inventory/inventory-store.js';
import { strings as adminStrings } from '../../admin/strings.js';
import { sourceKeyFor } from '../../admin/inventory/source-key.js';
import { VERBS, type AdaptiveCard } from '../../cards/card-types.js';
import { inventoryCard, sourceCard } from '../../cards/inventory-card.js';
import type { Logger } from '../../log/logger.js';
import { strings } from '../../strings.js';
import type { AdminCardAction, AdminCommand, BotUser } from '../bot-types.js';

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 25;
const MAX_NAME = 100;
/** Teams refuses bot messages over about 28 KB; the list is cut to stay below that with the activity around it. */
const MAX_CARD_BYTES = 24_000;

/** Chat command -> the store's action. */
export const ACTION_COMMANDS: Record<string, AdminActionType> = {
  approve: 'approve',
  migrate: 'mark-to-migrate',
  malicious: 'mark-malicious',
  retire: 'retire',
};

const ACTION_VERBS: Record<string, AdminActionType> = {
  [VERBS.sourceApprove]: 'approve',
  [VERBS.sourceMigrate]: 'mark-to-migrate',
  [VERBS.sourceMalicious]: 'mark-malicious',
  [VERBS.sourceRetire]: 'retire',
};

export interface InventoryCommandDeps {
  inventory: InventoryStore;
  /** After a decision: approved sources are known senders, so the tenant context must be re-read. */
  onKnownSendersChanged(): void;
  logger: Logger;
  clock?: () => number;
}

type ListRequest = { ok: true; query: SourceQuery & { limit: number }; filter: string; args: string } | { ok: false };

/** `inventory [top] [count] [category] [status]`, in any order. */
export function parseListArgs(args: string): ListRequest {
  const query: SourceQuery & { limit: number } = { limit: DEFAULT_LIMIT };
  const words = args.toLowerCase().split(/\s+/).filter(Boolean);
  for (const word of words) {
    if (word === 'top') continue;
    if (/^\d+$/.test(word)) query.limit = Math.min(MAX_LIMIT, Math.max(1, Number(word)));
    else if ((SOURCE_CATEGORIES as readonly string[]).includes(word)) query.category = word as SourceCategory;
    else if ((SOURCE_STATUSES as readonly string[]).includes(word)) query.status = word as SourceStatus;
    else return { ok: false };
  }
  const filter = [query.category, query.status].filter(Boolean).join(', ');
  return {
    ok: true,
    query,
    filter,
    args: [String(query.limit), query.category, query.status].filter(Boolean).join(' '),
  };
}

/** Who did it, as recorded with the action: the display name for people, the object id for the audit. */
export function actorOf(user: BotUser): string {
  return user.name ? `${user.name} (${user.id})` : user.id;
}

/** The source a typed key means: the key itself, or the source an IP address falls in. */
async function findSource(store: InventoryStore, text: string): Promise<InventorySource | undefined> {
  const exact = await store.getSource(text);
  if (exact) return exact;
  const derived = sourceKeyFor(text);
  return derived.ipVersion === 0 ? undefined : store.getSource(derived.key);
}

/** An approve the store refused because only user-supplied evidence names the source: the sentence that says so. */
function refusedUnverified(error: unknown): { refused: string } {
  if (error instanceof UnverifiedSourceError) return { refused: adminStrings.approveUnverified(error.key) };
  throw error;
}

/** `inventory`, `approve`, `migrate`, `malicious`, `retire` and the inventory card's buttons. */
export function inventoryCommands(deps: InventoryCommandDeps): {
  commands: Map<string, AdminCommand>;
  cardActions: Map<string, AdminCardAction>;
} {
  const clock = deps.clock ?? Date.now;

  async function listCard(
    store: InventoryStore,
    request: Extract<ListRequest, { ok: true }>,
    notice?: string,
  ): Promise<AdaptiveCard | undefined> {
    const found = await store.listSources({ ...request.query, limit: request.query.limit + 1 });
    if (found.length === 0) return undefined;
    let shown = found.slice(0, request.query.limit);
    for (;;) {
      const card = inventoryCard(shown, {
        more: found.length > shown.length,
        filter: request.filter,
        args: request.args,
        ...(notice ? { notice } : {}),
      });
      if (shown.length === 1 || Buffer.byteLength(JSON.stringify(card)) <= MAX_CARD_BYTES) return card;
      shown = shown.slice(0, -1);
    }
  }

  async function decide(
    store: InventoryStore,
    source: InventorySource,
    action: AdminActionType,
    user: BotUser,
    name?: string,
  ): Promise<{ updated: InventorySource; notice: string }> {
    const updated = await store.recordAction({
      sourceKey: source.key,
      action,
      actor: actorOf(user),
      at: clock(),
      ...(name ? { name } : {}),
    });
    deps.onKnownSendersChanged();
    deps.logger.info('inventory.action', { sourceKey: source.key, action });
    const notice = strings.admin.actionDone[action]!(updated.name ?? updated.key);
    return { updated, notice };
  }

  const commands = new Map<string, AdminCommand>();
  commands.set('inventory', async (args) => {
    const request = parseListArgs(args);
    if (!request.ok) return [{ text: strings.admin.inventoryUsage(SOURCE_CATEGORIES, SOURCE_STATUSES) }];
    const card = await listCard(deps.inventory, request);
    if (card) return [{ card }];
    return [{ text: request.filter ? strings.admin.inventoryNoMatch(request.filter) : strings.admin.inventoryEmpty }];
  });
  for (const [command, action] of Object.entries(ACTION_COMMANDS)) {
    commands.set(command, async (args, { user }) => {
      const [key, ...rest] = args.split(/\s+/).filter(Boolean);
      if (!key) return [{ text: strings.admin.actionUsage(command) }];
      const source = await findSource(deps.inventory, key);
      if (!source) return [{ text: strings.admin.sourceNotFound(key) }];
      const name = action === 'approve' && rest.length ? rest.join(' ').slice(0, MAX_NAME) : undefined;
      const decided = await decide(deps.inventory, source, action, user, name).catch(refusedUnverified);
      if ('refused' in decided) return [{ text: decided.refused }];
      return [{ card: sourceCard(decided.updated, decided.notice) }];
    });
  }

  const cardActions = new Map<string, AdminCardAction>();
  for (const [verb, action] of Object.entries(ACTION_VERBS)) {
    cardActions.set(verb, async (data, { user }) => {
      const store = deps.inventory;
      const key = typeof data.sourceKey === 'string' ? data.sourceKey : '';
      const source = key ? await store.getSource(key) : undefined;
      if (!source) return { message: strings.admin.sourceNotFound(key) };
      const decided = await decide(store, source, action, user).catch(refusedUnverified);
      if ('refused' in decided) return { message: decided.refused };
      const { updated, notice } = decided;
      if (data.single === true) return { card: sourceCard(updated, notice) };
      const request = parseListArgs(typeof data.list === 'string' ? data.list : '');
      const card = request.ok ? await listCard(store, request, notice) : undefined;
      return { card: card ?? sourceCard(updated, notice) };
    });
  }
  return { commands, cardActions };
}
