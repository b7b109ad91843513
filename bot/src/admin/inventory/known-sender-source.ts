import type { InventoryStore } from './inventory-store.js';
import { knownSendersFrom } from './known-senders.js';
import type { KnownSenderSource } from '../../reports/tenant-context.js';
import type { KnownSenderStore } from '../../storage/known-senders.js';

/** Known senders added from reports, then the inventory's approved sources (their member IPs and addresses). */
export function knownSenderSource(fromReports: KnownSenderStore, inventory: InventoryStore): KnownSenderSource {
  return {
    list: async () => [
      ...(await fromReports.list()),
      ...knownSendersFrom(await inventory.listSources({ status: 'approved' })),
    ],
  };
}
