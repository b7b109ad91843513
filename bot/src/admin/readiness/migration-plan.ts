import type { SourceCoverage } from './evaluate-readiness.js';
import { psList, psQuote, safeObjectName } from './powershell.js';
import { MAILBOXES_NAMED, smtpAuthExposure } from './smtp-auth.js';
import type { SnapshotSource, TenantSnapshot } from './snapshot.js';
import { strings } from '../strings.js';

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
      title: strings.plan.certificateTitle(source.name),
      detail: strings.plan.certificateDetail(source.name, detail.certificateName),
      powershell:
        `New-InboundConnector -Name ${psQuote(name)} -ConnectorType Partner -SenderDomains ${domains} ` +
        `-TlsSenderCertificateName ${psQuote(detail.certificateName)} -RestrictDomainsToCertificate $true -RequireTls $true`,
    };
  }
  if (source.ips.some((ip) => ip.includes(':')) || source.key.includes(':')) {
    return {
      id: `migrate.${source.key}`,
      sourceKey: source.key,
      title: strings.plan.moveTitle(source.name),
      detail: strings.plan.moveIpv6Detail(source.name),
    };
  }
  const tls = detail?.tls ?? 'unknown';
  const requireTls = tls === 'no' ? '$false' : '$true';
  const step: PlanStep = {
    id: `connector.${source.key}`,
    sourceKey: source.key,
    title: strings.plan.ipTitle(source.name),
    detail: strings.plan.ipDetail(source.name, connectorIps(source).length),
    powershell:
      `New-InboundConnector -Name ${psQuote(name)} -ConnectorType Partner -SenderDomains ${domains} ` +
      `-SenderIPAddresses ${psList(connectorIps(source))} -RestrictDomainsToIPAddresses $true -RequireTls ${requireTls}`,
  };
  if (tls === 'no') {
    step.warning = strings.plan.noTlsWarning;
  } else if (tls === 'unknown') {
    step.warning = strings.plan.unknownTlsWarning;
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
    title: strings.plan.smtpAuthTitle,
    detail: strings.plan.smtpAuthDetail,
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
  return {
    id: 'network.port25',
    title: strings.plan.port25Title,
    detail: strings.plan.port25Detail(hosts.length ? listed : '', Math.max(0, hosts.length - HOSTS_NAMED)),
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
    title: strings.plan.verifyTitle,
    detail: strings.plan.verifyDetail,
    powershell:
      'Get-InboundConnector | Format-Table Name,Enabled,ConnectorType,SenderIPAddresses,TlsSenderCertificateName,RequireTls',
  });
  const smtpAuth = smtpAuthStep(snapshot);
  if (smtpAuth) plan.push(smtpAuth);
  plan.push(port25Step(sources));
  if (!snapshot.organizationConfig.RejectDirectSend) {
    plan.push({
      id: 'enforce',
      title: strings.plan.enforceTitle,
      detail: strings.plan.enforceDetail,
      powershell:
        'Set-OrganizationConfig -RejectDirectSend $true\nGet-OrganizationConfig | Select-Object RejectDirectSend',
    });
  }
  const rollback: PlanStep[] = [
    {
      id: 'rollback.enforce',
      title: strings.plan.rollbackEnforceTitle,
      detail: strings.plan.rollbackEnforceDetail,
      powershell: 'Set-OrganizationConfig -RejectDirectSend $false',
    },
  ];
  if (created.length) {
    rollback.push({
      id: 'rollback.connectors',
      title: strings.plan.rollbackConnectorsTitle,
      detail: strings.plan.rollbackConnectorsDetail,
      powershell: created
        .map((name) => `Remove-InboundConnector -Identity ${psQuote(name)} -Confirm:$false`)
        .join('\n'),
    });
  }
  return { plan, rollback };
}
