import type { KnownSender, TenantContext } from '../classifier.js';
import type { Config } from '../config/config.js';

/** Where stored known senders come from: those added from reports, plus approved inventory sources. */
export interface KnownSenderSource {
  list(): Promise<KnownSender[]>;
}

export interface TenantContextAnswer {
  acceptedDomains: string[];
  knownSenders: { name: string; ips?: string[]; addresses?: string[] }[];
  gatewayIps: string[];
  tenantId?: string;
  notifyDirectSend: boolean;
}

/** Config plus the known senders admins added (from reports, and approved inventory sources); cached briefly because every classify reads it. */
export class TenantContextSource {
  private cached?: { at: number; value: TenantContextAnswer };

  constructor(
    private readonly tenant: Config['tenant'],
    private readonly knownSenders: KnownSenderSource,
    private readonly ttlMs = 5000,
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  async answer(): Promise<TenantContextAnswer> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.value;
    const stored = await this.knownSenders.list();
    const value: TenantContextAnswer = {
      acceptedDomains: this.tenant.acceptedDomains,
      knownSenders: [
        ...this.tenant.knownSenders,
        ...stored.map((s) => ({
          name: s.name,
          ...(s.ips?.length ? { ips: s.ips } : {}),
          ...(s.addresses?.length ? { addresses: s.addresses } : {}),
        })),
      ],
      gatewayIps: this.tenant.gatewayIps,
      notifyDirectSend: this.tenant.notifyDirectSend,
    };
    if (this.tenant.tenantId) value.tenantId = this.tenant.tenantId;
    this.cached = { at: now, value };
    return value;
  }

  /** The classifier's view: empty lists are left out so it infers accepted domains from the headers. */
  async forClassifier(): Promise<TenantContext> {
    const a = await this.answer();
    const ctx: TenantContext = {};
    if (a.acceptedDomains.length) ctx.acceptedDomains = a.acceptedDomains;
    if (a.knownSenders.length) ctx.knownSenders = a.knownSenders;
    if (a.gatewayIps.length) ctx.gatewayIps = a.gatewayIps;
    if (a.tenantId) ctx.tenantId = a.tenantId;
    return ctx;
  }
}
