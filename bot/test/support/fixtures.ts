import { readFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** A labelled sample message (samples/ at the repository root) and its tenant context. */
export function sample(file: string): { raw: string; tenant: { acceptedDomains?: string[] } } {
  const labels = JSON.parse(readFileSync(path.join(repoRoot, 'samples', 'labels.json'), 'utf8')) as {
    file: string;
    tenant?: { acceptedDomains?: string[] };
  }[];
  const label = labels.find((l) => l.file === file);
  return { raw: readFileSync(path.join(repoRoot, 'samples', file), 'utf8'), tenant: label?.tenant ?? {} };
}

export function headerBlockOf(raw: string): string {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? raw.slice(0, m.index) : raw;
}

/** Exchange Online as its admin API describes a small tenant: one accepted domain, a partner connector for the scanner's /24. */
export const CONTOSO_CMDLETS = {
  'Get-OrganizationConfig': [{ Identity: 'contoso', RejectDirectSend: false }],
  'Get-AcceptedDomain': [
    { DomainName: 'contoso.com', DomainType: 'Authoritative', Default: true },
    { DomainName: 'contoso.onmicrosoft.com' },
  ],
  'Get-InboundConnector': [
    {
      Name: 'Scanner',
      Enabled: true,
      ConnectorType: 'Partner',
      SenderIPAddresses: ['198.51.100.0/24'],
      SenderDomains: ['smtp:*;1'],
    },
  ],
};

/** contoso.com's DNS with a healthy posture: MX on Exchange Online, SPF -all, DMARC reject, DKIM CNAME. */
export const CONTOSO_DNS_ZONE = {
  'contoso.com': {
    MX: [{ exchange: 'contoso-com.mail.protection.outlook.com', preference: 0 }],
    TXT: [['v=spf1 include:spf.protection.outlook.com -all']],
  },
  'spf.protection.outlook.com': { TXT: [['v=spf1 ip4:40.92.0.0/15 -all']] },
  '_dmarc.contoso.com': { TXT: [['v=DMARC1; p=reject']] },
  'selector1._domainkey.contoso.com': { CNAME: ['selector1-contoso-com._domainkey.contoso.onmicrosoft.com'] },
};
