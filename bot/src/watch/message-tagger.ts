import { callJson, type ApiClientOptions, type FetchLike, type TokenProvider } from '../admin/clients/api-client.js';
import { GRAPH_SCOPE } from '../admin/clients/graph-message-trace.js';
import type { Logger } from '../log/logger.js';
import type { Incident } from './incident-types.js';
import type { WatchStore } from './watch-store.js';

/** The Outlook category put on a spoofed message in each recipient's mailbox (every Outlook shows it, mobile too). */
export const SPOOF_CATEGORY = 'Direct Send spoof';

export interface TaggerOptions {
  tokens: TokenProvider;
  graphUrl: string;
  store: WatchStore;
  logger: Logger;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
}

interface GraphMessage {
  id: string;
  categories?: string[];
}

const odataString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * Puts (and takes off) the "Direct Send spoof" category on an incident's messages through Graph (Mail.ReadWrite,
 * limited to the watched mailboxes by an Exchange RBAC for Applications management scope). A message is found in the
 * recipient's mailbox by its internetMessageId; one not found yet (or moved out of reach) is tried again next poll.
 */
export class MessageTagger {
  private readonly api: ApiClientOptions;
  private readonly base: string;

  constructor(private readonly options: TaggerOptions) {
    this.base = options.graphUrl.replace(/\/$/, '');
    this.api = {
      service: 'Graph mail',
      scope: GRAPH_SCOPE,
      tokens: options.tokens,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    };
  }

  private async find(mailbox: string, internetMessageId: string): Promise<GraphMessage[]> {
    const filter = `internetMessageId eq ${odataString(internetMessageId)}`;
    const url = `${this.base}/users/${encodeURIComponent(mailbox)}/messages?$filter=${encodeURIComponent(filter)}&$select=id,categories`;
    const page = (await callJson(this.api, url, { method: 'GET' })) as { value?: GraphMessage[] };
    return page.value ?? [];
  }

  private async setCategories(mailbox: string, message: GraphMessage, categories: string[]): Promise<void> {
    await callJson(
      this.api,
      `${this.base}/users/${encodeURIComponent(mailbox)}/messages/${encodeURIComponent(message.id)}`,
      {
        method: 'PATCH',
        body: { categories },
      },
    );
  }

  /** Tags every delivery of the incident not tagged yet; answers how many were tagged now. */
  async tag(incident: Incident): Promise<number> {
    let tagged = 0;
    for (const delivery of await this.options.store.deliveries(incident.id)) {
      if (delivery.taggedAt !== undefined || !delivery.internetMessageId || !delivery.recipient) continue;
      try {
        const messages = await this.find(delivery.recipient, delivery.internetMessageId);
        for (const message of messages) {
          const categories = message.categories ?? [];
          if (!categories.includes(SPOOF_CATEGORY))
            await this.setCategories(delivery.recipient, message, [...categories, SPOOF_CATEGORY]);
        }
        if (messages.length) {
          await this.options.store.setTagged(delivery.networkMessageId, delivery.recipient, Date.now());
          tagged += 1;
        }
      } catch (error) {
        this.options.logger.warn('watch.tag-failed', {
          incidentId: incident.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return tagged;
  }

  /** Takes the category off every tagged delivery (a false positive); answers how many. */
  async untag(incident: Incident): Promise<number> {
    let removed = 0;
    for (const delivery of await this.options.store.deliveries(incident.id)) {
      if (delivery.taggedAt === undefined || !delivery.internetMessageId) continue;
      try {
        for (const message of await this.find(delivery.recipient, delivery.internetMessageId)) {
          const categories = message.categories ?? [];
          if (categories.includes(SPOOF_CATEGORY))
            await this.setCategories(
              delivery.recipient,
              message,
              categories.filter((c) => c !== SPOOF_CATEGORY),
            );
        }
        await this.options.store.setTagged(delivery.networkMessageId, delivery.recipient, null);
        removed += 1;
      } catch (error) {
        this.options.logger.warn('watch.untag-failed', {
          incidentId: incident.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return removed;
  }
}
