import { knownSendersFrom } from '../admin/inventory/known-senders.js';
import type { KnownSenderSource } from '../reports/tenant-context.js';
import type { KnownSenderStore } from '../storage/known-senders.js';
import type { InventoryAccess } from './open-inventory.js';

/** Known senders added from reports, then the inventory's approved sources (their member IPs and addresses). */
export function knownSenderSource(fromReports: KnownSenderStore, inventory: InventoryAccess): KnownSenderSource {
  return {
    list: async () => [...(await fromReports.list()), ...(inventory.ok ? knownSendersFrom(await inventory.store.listSources({ status: 'approved' })) : [])],
  };
}
