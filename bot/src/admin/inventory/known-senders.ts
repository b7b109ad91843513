import type { KnownSender, TenantContext } from '@dsguard/classifier';
import type { InventorySource } from './inventory-store.js';

/**
 * Approved sources as TenantContext `knownSenders`. The member IPs seen are listed rather than the whole /24
 * (or /64), so approving a printer does not also vouch for its neighbours; when more members were seen than
 * the inventory keeps, the range itself is used. Only what message trace or Defender reported counts: IPs and
 * sender addresses from pasted headers (chat checks, reports) never become known senders, and a source with
 * nothing else is left out.
 */
export function knownSendersFrom(sources: readonly InventorySource[]): KnownSender[] {
  return sources
    .filter((source) => source.status === 'approved' && source.verified)
    .map((source) => {
      const evidence = source.verified!;
      const sender: KnownSender = { name: source.name ?? source.key };
      const ips =
        source.ipVersion === 0 ? [] : evidence.ipsTruncated || evidence.ips.length === 0 ? [source.key] : evidence.ips;
      if (ips.length) sender.ips = [...ips];
      const addresses = Object.keys(evidence.senders);
      if (addresses.length) sender.addresses = addresses;
      return sender;
    });
}

export function withKnownSenders(context: TenantContext, sources: readonly InventorySource[]): TenantContext {
  return { ...context, knownSenders: [...(context.knownSenders ?? []), ...knownSendersFrom(sources)] };
}
