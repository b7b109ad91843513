import type { KnownSender, TenantContext } from '@dsguard/classifier';
import type { InventorySource } from './inventory-store.js';

/**
 * Approved sources as TenantContext `knownSenders`. The member IPs seen are listed rather than the whole /24
 * (or /64), so approving a printer does not also vouch for its neighbours; when more members were seen than
 * the inventory keeps, the range itself is used.
 */
export function knownSendersFrom(sources: readonly InventorySource[]): KnownSender[] {
  return sources
    .filter((source) => source.status === 'approved')
    .map((source) => {
      const sender: KnownSender = { name: source.name ?? source.key };
      const ips = source.ipVersion === 0 ? [] : source.ipsTruncated || source.ips.length === 0 ? [source.key] : source.ips;
      if (ips.length) sender.ips = [...ips];
      const addresses = Object.keys(source.senders);
      if (addresses.length) sender.addresses = addresses;
      return sender;
    });
}

export function withKnownSenders(context: TenantContext, sources: readonly InventorySource[]): TenantContext {
  return { ...context, knownSenders: [...(context.knownSenders ?? []), ...knownSendersFrom(sources)] };
}
