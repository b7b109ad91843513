import type { InventoryStore } from '../admin/inventory/inventory-store.js';
import { postureOf, snapshotSources } from '../admin/readiness/collect-snapshot.js';
import { evaluateReadiness } from '../admin/readiness/evaluate-readiness.js';
import { withCertificates } from '../admin/readiness/source-tls.js';
import type { ReadinessOutcome } from '../admin/readiness/tenant-readiness.js';
import { demoSnapshot } from './demo-snapshot.js';

/**
 * Readiness in demo mode: the shipped snapshot of the fictitious tenant, with the demo inventory's sources as they
 * are now (so approving or retiring a source in chat changes the answer). Same shape as the live tenant's answer.
 */
export class DemoReadiness {
  readonly configured = true;

  constructor(
    private readonly inventory: InventoryStore,
    private readonly clock: () => number = Date.now,
  ) {}

  async evaluate(): Promise<ReadinessOutcome> {
    const now = this.clock();
    const draft = demoSnapshot(snapshotSources(await this.inventory.listSources()), now);
    const snapshot = { ...draft, sources: withCertificates(draft.sources, draft.inboundConnectors) };
    return { ok: true, result: evaluateReadiness(snapshot, await postureOf(snapshot)), at: now };
  }
}
