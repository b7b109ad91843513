/**
 * The task pane's state machine, free of React: which item is shown, what its verdict is, and the
 * notification on it. Pinned panes get `ItemChanged`; every load carries a generation number, and an answer
 * that arrives for an item the user has already left is dropped, so it can never overwrite the current one.
 */
import type { TenantContext, Verdict } from '@dsguard/classifier';
import type { HostError } from './office/async.js';
import { readHeaders, HEADERS_TIMEOUT_MS } from './office/headers.js';
import { applyVerdictNotification, type NotificationOutcome } from './office/notifications.js';
import type { NoDataReason } from './strings.js';
import type { ResolvedTenantContext } from './tenant-context.js';

export interface ItemSummary {
  /** Distinguishes items; the generation number is the fallback when the host gives no id. */
  key: string;
  subject?: string;
  internetMessageId?: string;
}

export type PaneState =
  | { kind: 'starting' }
  | { kind: 'no-item' }
  | { kind: 'loading'; item: ItemSummary }
  | { kind: 'no-data'; item: ItemSummary; reason: NoDataReason }
  | { kind: 'error'; item: ItemSummary; error: HostError }
  | {
      kind: 'ready';
      item: ItemSummary;
      verdict: Verdict;
      headers: string;
      tenant: ResolvedTenantContext;
      notification?: NotificationOutcome;
    };

export type ClassifyOutcome = { ok: true; verdict: Verdict } | { ok: false; error: { code: string; message: string } };

export interface PaneControllerDeps {
  office: typeof Office;
  tenant: { get(): Promise<ResolvedTenantContext> };
  tryClassify: (raw: string, context?: TenantContext) => ClassifyOutcome;
  headersTimeoutMs?: number;
}

type Listener = (state: PaneState) => void;

export class PaneController {
  private state: PaneState = { kind: 'starting' };
  private generation = 0;
  private readonly listeners = new Set<Listener>();
  private started = false;

  constructor(private readonly deps: PaneControllerDeps) {}

  getState(): PaneState {
    return this.state;
  }

  /** The item currently on screen (for reporting), or null. */
  currentItem(): Office.MessageRead | null {
    return (this.deps.office.context.mailbox?.item as Office.MessageRead | null | undefined) ?? null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers for ItemChanged (pinned pane) and checks the current item. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { office } = this.deps;
    const mailbox = office.context.mailbox;
    if (mailbox && typeof mailbox.addHandlerAsync === 'function') {
      try {
        mailbox.addHandlerAsync(office.EventType.ItemChanged, () => void this.load());
      } catch {
        // hosts without pinning support throw here; the pane then simply shows one item
      }
    }
    await this.load();
  }

  /** Checks whatever item is current now; also the retry action. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    const { office } = this.deps;
    const item = this.currentItem();
    if (!item) {
      this.set({ kind: 'no-item' });
      return;
    }
    const summary = this.summarize(item, generation);
    this.set({ kind: 'loading', item: summary });
    const headers = await readHeaders(office, item, this.deps.headersTimeoutMs ?? HEADERS_TIMEOUT_MS);
    if (generation !== this.generation) return;
    if (headers.kind === 'no-data') return this.set({ kind: 'no-data', item: summary, reason: headers.reason });
    if (headers.kind === 'error') return this.set({ kind: 'error', item: summary, error: headers.error });
    const tenant = await this.deps.tenant.get();
    if (generation !== this.generation) return;
    let outcome: ClassifyOutcome;
    try {
      outcome = this.deps.tryClassify(headers.headers, tenant.context);
    } catch (error) {
      outcome = {
        ok: false,
        error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
      };
    }
    if (!outcome.ok) {
      return this.set(
        outcome.error.code === 'no-headers'
          ? { kind: 'no-data', item: summary, reason: 'no-headers' }
          : { kind: 'error', item: summary, error: { name: outcome.error.code, message: outcome.error.message } },
      );
    }
    const ready: PaneState = {
      kind: 'ready',
      item: summary,
      verdict: outcome.verdict,
      headers: headers.headers,
      tenant,
    };
    this.set(ready);
    const notification = await applyVerdictNotification(office, item, outcome.verdict, {
      notifyDirectSend: tenant.notifyDirectSend,
    });
    if (generation !== this.generation) return;
    this.set({ ...ready, notification });
  }

  private summarize(item: Office.MessageRead, generation: number): ItemSummary {
    const id = typeof item.itemId === 'string' && item.itemId ? item.itemId : undefined;
    return {
      key: id ?? item.internetMessageId ?? `item-${generation}`,
      ...(typeof item.subject === 'string' ? { subject: item.subject } : {}),
      ...(item.internetMessageId ? { internetMessageId: item.internetMessageId } : {}),
    };
  }

  private set(state: PaneState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
