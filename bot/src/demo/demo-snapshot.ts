import { parseSnapshot, type SnapshotSource, type TenantSnapshot } from '../admin/readiness/snapshot.js';
import { DEMO_DOMAIN, DEMO_TENANT_DOMAIN } from './demo-tenant.js';

/**
 * The demo tenant's state as the Exchange admin API and DNS would answer it: RejectDirectSend off, a connector by
 * IP for the first copier fleet, one by certificate for copier 3, SMTP AUTH on for the organization and two
 * mailboxes, SPF ending in ~all and DMARC at p=none (a blocker to show). The inventory's sources are added live.
 */
export function demoSnapshot(sources: SnapshotSource[], now: number): TenantSnapshot {
  return parseSnapshot(
    {
      version: 1,
      takenAt: new Date(now).toISOString(),
      tenant: { id: '00000000-0000-4000-8000-00000000de00', domain: DEMO_TENANT_DOMAIN },
      organizationConfig: { RejectDirectSend: false },
      acceptedDomains: [
        { DomainName: DEMO_DOMAIN, DomainType: 'Authoritative', Default: true },
        { DomainName: DEMO_TENANT_DOMAIN, DomainType: 'Authoritative', Default: false },
      ],
      inboundConnectors: [
        {
          Name: 'DEMO Scanner fleet floor 2',
          Enabled: true,
          ConnectorType: 'Partner',
          SenderDomains: [`smtp:${DEMO_DOMAIN};1`],
          SenderIPAddresses: ['198.51.100.20', '198.51.100.21'],
          RestrictDomainsToIPAddresses: true,
          RequireTls: false,
        },
        {
          Name: 'DEMO Copiers by certificate',
          Enabled: true,
          ConnectorType: 'Partner',
          SenderDomains: [`smtp:${DEMO_DOMAIN};1`],
          SenderIPAddresses: [],
          TlsSenderCertificateName: `*.print.${DEMO_DOMAIN}`,
          RestrictDomainsToCertificate: true,
          RequireTls: true,
        },
      ],
      transportConfig: { SmtpClientAuthenticationDisabled: false },
      smtpAuthMailboxes: [
        { Identity: 'erp', PrimarySmtpAddress: `erp@${DEMO_DOMAIN}`, SmtpClientAuthenticationDisabled: false },
        {
          Identity: 'legacy-crm',
          PrimarySmtpAddress: `legacy-crm@${DEMO_DOMAIN}`,
          SmtpClientAuthenticationDisabled: false,
        },
      ],
      dns: {
        [DEMO_DOMAIN]: {
          MX: [{ exchange: 'contoso-demo-example.mail.protection.outlook.com', priority: 0 }],
          TXT: [['v=spf1 include:spf.protection.outlook.com ~all']],
        },
        'spf.protection.outlook.com': { TXT: [['v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 -all']] },
        [`_dmarc.${DEMO_DOMAIN}`]: { TXT: [[`v=DMARC1; p=none; rua=mailto:dmarc@${DEMO_DOMAIN}`]] },
        [`selector1._domainkey.${DEMO_DOMAIN}`]: {
          CNAME: [`selector1-contoso-demo-example._domainkey.contosodemo.onmicrosoft.com`],
        },
        [`selector2._domainkey.${DEMO_DOMAIN}`]: {
          CNAME: [`selector2-contoso-demo-example._domainkey.contosodemo.onmicrosoft.com`],
        },
      },
      sources,
    },
    'demo snapshot',
  );
}
