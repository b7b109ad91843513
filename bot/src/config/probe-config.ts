import type { RawConfig } from './config-schema.js';
import type { ProbeConfig } from './config.js';

/** Exchange Online's inbound endpoint for a domain: contoso.com -> contoso-com.mail.protection.outlook.com. */
export function exchangeMxHost(domain: string): string {
  const onMicrosoft = /^([a-z0-9-]+)\.onmicrosoft\.com$/i.exec(domain);
  return `${onMicrosoft ? onMicrosoft[1] : domain.replace(/\./g, '-')}.mail.protection.outlook.com`.toLowerCase();
}

/**
 * The SMTP probe's settings: MX from PROBE_MX_HOST or the tenant domain, MAIL FROM from PROBE_MAIL_FROM or the
 * first accepted domain. Returns an error message when PROBE_MAIL_FROM is outside the accepted domains (the
 * probe would then say nothing about RejectDirectSend), undefined when there is nothing to probe.
 */
export function probeConfig(raw: RawConfig): ProbeConfig | string | undefined {
  const accepted = raw.ACCEPTED_DOMAINS.map((d) => d.toLowerCase());
  const plainAccepted = accepted.filter((d) => !d.startsWith('*.'));
  const tenantDomain = raw.DSGUARD_TENANT_DOMAIN?.toLowerCase();
  const recipientDomains = [...new Set([...accepted, ...(tenantDomain ? [tenantDomain] : [])])];
  const fromDomain = plainAccepted.find((d) => !d.endsWith('.onmicrosoft.com')) ?? plainAccepted[0] ?? tenantDomain;
  const mailFrom = raw.PROBE_MAIL_FROM?.toLowerCase() ?? (fromDomain ? `dsguard-probe@${fromDomain}` : undefined);
  const mxBase = tenantDomain ?? fromDomain;
  const mxHost = raw.PROBE_MX_HOST?.toLowerCase() ?? (mxBase ? exchangeMxHost(mxBase) : undefined);
  if (!mailFrom || !mxHost) return undefined;
  if (raw.PROBE_MAIL_FROM && !domainIn(mailFrom.split('@')[1]!, recipientDomains)) {
    return `PROBE_MAIL_FROM: must be in an accepted domain (${recipientDomains.join(', ') || 'set ACCEPTED_DOMAINS'})`;
  }
  const publicHost = raw.PUBLIC_URL ? new URL(raw.PUBLIC_URL).hostname : undefined;
  return {
    mxHost,
    port: raw.PROBE_PORT,
    mailFrom,
    heloName: publicHost && /^[a-z0-9.-]+$/i.test(publicHost) ? publicHost : mailFrom.split('@')[1]!,
    recipientDomains,
    timeoutMs: raw.PROBE_TIMEOUT_MS,
    intervalMs: raw.PROBE_INTERVAL_MS,
  };
}

/** `domain` is one of `domains` ("*.contoso.com" covers subdomains). */
export function domainIn(domain: string, domains: readonly string[]): boolean {
  const d = domain.toLowerCase();
  return domains.some((entry) => (entry.startsWith('*.') ? d.endsWith(entry.slice(1)) : d === entry));
}
