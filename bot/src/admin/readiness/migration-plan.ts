import type { SourceCoverage } from './evaluate-readiness.js';
import { psList, psQuote, safeObjectName } from './powershell.js';
import { MAILBOXES_NAMED, smtpAuthExposure } from './smtp-auth.js';
import type { SnapshotSource, TenantSnapshot } from './snapshot.js';

export interface PlanStep {
  id: string;
  title: string;
  detail: string;
  /** PowerShell for Exchange Online (Connect-ExchangeOnline first). */
  powershell?: string;
  warning?: string;
  sourceKey?: string;
}

/** The connector's name: "DSG " and the source's name in the safe alphabet (its key when nothing of the name is left). */
export function connectorName(source: { name: string; key: string }): string {
  const name = safeObjectName(source.name, 56) || safeObjectName(source.key, 56);
  return `DSG ${name}`;
}

const SMTP_AUTH_NOTE =
  'Alternatively move it off Direct Send: SMTP AUTH client submission (smtp.office365.com:587, STARTTLS, OAuth preferred; ' +
  'Basic auth is being retired) or Graph sendMail with Mail.Send scoped by RBAC for Applications.';

function senderDomains(source: SourceCoverage, accepted: readonly string[]): string[] {
  const domains = new Set(
    source.senders.map((s) => s.split('@')[1]?.toLowerCase()).filter((d): d is string => !!d && accepted.includes(d)),
  );
  return domains.size ? [...domains].sort() : ['*'];
}

function connectorIps(source: SourceCoverage): string[] {
  const ips = source.ips.filter((ip) => !ip.includes(':'));
  return ips.length && ips.length <= 16 ? ips : [source.key];
}

function stepForSource(
  source: SourceCoverage,
  detail: SnapshotSource | undefined,
  accepted: readonly string[],
): PlanStep {
  const name = connectorName(source);
  const domains = psList(senderDomains(source, accepted));
  if (detail?.certificateName) {
    return {
      id: `connector.${source.key}`,
      sourceKey: source.key,
      title: `Connector by certificate for ${source.name}`,
      detail: `Matches ${source.name} by its TLS certificate ${detail.certificateName}.`,
      powershell:
        `New-InboundConnector -Name ${psQuote(name)} -ConnectorType Partner -SenderDomains ${domains} ` +
        `-TlsSenderCertificateName ${psQuote(detail.certificateName)} -RestrictDomainsToCertificate $true -RequireTls $true`,
    };
  }
  if (source.ips.some((ip) => ip.includes(':')) || source.key.includes(':')) {
    return {
      id: `migrate.${source.key}`,
      sourceKey: source.key,
      title: `Move ${source.name} off Direct Send`,
      detail: `${source.name} sends over IPv6, which an inbound connector cannot match by IP. Send over IPv4 with a connector, present a certificate, or: ${SMTP_AUTH_NOTE}`,
    };
  }
  const tls = detail?.tls ?? 'unknown';
  const requireTls = tls === 'no' ? '$false' : '$true';
  const step: PlanStep = {
    id: `connector.${source.key}`,
    sourceKey: source.key,
    title: `Connector by IP for ${source.name}`,
    detail: `Matches ${source.name} by its IP address${connectorIps(source).length > 1 ? 'es' : ''}. ${SMTP_AUTH_NOTE}`,
    powershell:
      `New-InboundConnector -Name ${psQuote(name)} -ConnectorType Partner -SenderDomains ${domains} ` +
      `-SenderIPAddresses ${psList(connectorIps(source))} -RestrictDomainsToIPAddresses $true -RequireTls ${requireTls}`,
  };
  if (tls === 'no') {
    step.warning =
      'This device cannot use TLS: its mail crosses the internet unencrypted. Plan to replace it or move it to SMTP AUTH.';
  } else if (tls === 'unknown') {
    step.warning =
      '-RequireTls $true rejects mail not sent over TLS, and older printers and scanners often cannot do TLS: test a scan first, or choose $false knowingly.';
  }
  return step;
}

/** Scope SMTP AUTH to the accounts that need it, when the tenant's SMTP AUTH settings were read and leave it open. */
function smtpAuthStep(snapshot: TenantSnapshot): PlanStep | undefined {
  const exposure = smtpAuthExposure(snapshot);
  if (!exposure || (!exposure.organizationEnabled && exposure.mailboxes.length === 0)) return undefined;
  const named = exposure.mailboxes.slice(0, MAILBOXES_NAMED);
  const review = named.map(
    (m) =>
      `# Set-CASMailbox -Identity ${psQuote(m)} -SmtpClientAuthenticationDisabled $true   # unless it needs SMTP AUTH`,
  );
  return {
    id: 'smtp-auth.scope',
    title: 'Scope SMTP AUTH to the accounts that need it',
    detail:
      'Attackers pivot between unauthenticated and poorly authenticated paths: with Direct Send closed, SMTP AUTH with a guessed password is next. ' +
      'Switch SMTP AUTH off for the organization, keep it on only for the devices and apps that submit with it (per mailbox), and block legacy ' +
      'authentication for everyone else with a Conditional Access policy (client apps: Exchange ActiveSync and other clients; grant: block), ' +
      'excluding only those accounts.',
    powershell: [
      ...(exposure.organizationEnabled ? ['Set-TransportConfig -SmtpClientAuthenticationDisabled $true'] : []),
      'Get-CASMailbox -ResultSize Unlimited -Filter "SmtpClientAuthenticationDisabled -eq `$false" | Format-Table PrimarySmtpAddress',
      ...review,
    ].join('\n'),
  };
}

const HOSTS_NAMED = 20;

/** The network side: only approved relays may reach port 25 outside, and these hosts are the ones to check. */
function port25Step(sources: readonly SourceCoverage[]): PlanStep {
  const hosts = sources.map((s) => `${s.name} (${(s.ips.length ? s.ips : [s.key]).join(', ')})`);
  const listed = hosts.slice(0, HOSTS_NAMED).join('; ');
  const more = hosts.length > HOSTS_NAMED ? ` and ${hosts.length - HOSTS_NAMED} more in the inventory` : '';
  return {
    id: 'network.port25',
    title: 'Outbound port 25: only from approved relays',
    detail:
      'Ask the network team to allow outbound SMTP (TCP 25) only from approved relays and connector hosts, and block it for everything else, ' +
      'so a compromised machine cannot talk to your MX directly. ' +
      (hosts.length
        ? `Hosts that send Direct Send today, to check first: ${listed}${more}. From each, Test-NetConnection <your MX> -Port 25 shows whether it still can.`
        : 'The inventory lists no Direct Send hosts yet: import a message trace to get the list of hosts to check.'),
  };
}

/** Per source: a connector (by certificate or IP, with an explicit -RequireTls) or a move to SMTP AUTH/Graph; then the switch; and the way back. */
export function buildMigrationPlan(
  snapshot: TenantSnapshot,
  sources: readonly SourceCoverage[],
): { plan: PlanStep[]; rollback: PlanStep[] } {
  const accepted = snapshot.acceptedDomains.map((d) => d.DomainName.toLowerCase());
  const details = new Map(snapshot.sources.map((s) => [s.key, s]));
  const plan: PlanStep[] = [];
  const created: string[] = [];
  for (const source of sources) {
    if (source.covered || source.status === 'new') continue;
    const step = stepForSource(source, details.get(source.key), accepted);
    if (step.powershell) created.push(connectorName(source));
    plan.push(step);
  }
  plan.push({
    id: 'verify.connectors',
    title: 'Check the connectors',
    detail:
      'Confirm each connector is enabled and matches; send a test from each device and find it in message trace with the connector name.',
    powershell:
      'Get-InboundConnector | Format-Table Name,Enabled,ConnectorType,SenderIPAddresses,TlsSenderCertificateName,RequireTls',
  });
  const smtpAuth = smtpAuthStep(snapshot);
  if (smtpAuth) plan.push(smtpAuth);
  plan.push(port25Step(sources));
  if (!snapshot.organizationConfig.RejectDirectSend) {
    plan.push({
      id: 'enforce',
      title: 'Switch on RejectDirectSend',
      detail:
        'Rejects anonymous mail whose envelope sender is an accepted domain unless a connector matches it by IP or certificate. Allow up to 30 minutes to apply.',
      powershell:
        'Set-OrganizationConfig -RejectDirectSend $true\nGet-OrganizationConfig | Select-Object RejectDirectSend',
    });
  }
  const rollback: PlanStep[] = [
    {
      id: 'rollback.enforce',
      title: 'Undo: allow Direct Send again',
      detail:
        'If a legitimate sender is rejected (550 5.7.68 TenantInboundAttribution), switch enforcement off, then fix its connector.',
      powershell: 'Set-OrganizationConfig -RejectDirectSend $false',
    },
  ];
  if (created.length) {
    rollback.push({
      id: 'rollback.connectors',
      title: 'Undo: remove the connectors created by this plan',
      detail: 'Only if they are no longer wanted.',
      powershell: created
        .map((name) => `Remove-InboundConnector -Identity ${psQuote(name)} -Confirm:$false`)
        .join('\n'),
    });
  }
  return { plan, rollback };
}
