import { parseIp } from '@dsguard/classifier';
import { domainMatcher } from '../inventory/aggregator.js';
import type { DomainPosture } from '../dns/dns-posture.js';
import { ipv4Covered } from './ip-ranges.js';
import { buildMigrationPlan, type PlanStep } from './migration-plan.js';
import { MAILBOXES_NAMED, smtpAuthExposure, type SmtpAuthExposure } from './smtp-auth.js';
import type { InboundConnector, SnapshotSource, TenantSnapshot } from './snapshot.js';
import { strings } from '../strings.js';

export type FindingLevel = 'blocker' | 'warning' | 'info';

export interface Finding {
  /** Stable id, e.g. "source.not-covered", "dmarc.not-enforced". */
  id: string;
  level: FindingLevel;
  message: string;
  domain?: string;
  sourceKey?: string;
}

export interface SourceCoverage {
  key: string;
  name: string;
  ips: string[];
  senders: string[];
  status: SnapshotSource['status'];
  messages?: number;
  covered: boolean;
  /** The connector that matches it; `requireTls` when that connector refuses mail not sent over TLS. */
  coveredBy?: { connector: string; by: 'ip' | 'certificate'; requireTls: boolean };
  /** Why it is not covered (or would not be, once enforced). */
  reason?: string;
}

export interface ReadinessResult {
  ready: boolean;
  /** RejectDirectSend as read from Get-OrganizationConfig. */
  enforced: boolean;
  tenant: TenantSnapshot['tenant'];
  acceptedDomains: string[];
  findings: Finding[];
  sources: SourceCoverage[];
  domains: DomainPosture[];
  /** Absent when the snapshot did not read Get-TransportConfig. */
  smtpAuth?: SmtpAuthExposure;
  plan: PlanStep[];
  rollback: PlanStep[];
}

export const isEnabledInbound = (c: InboundConnector): boolean =>
  c.Enabled !== false && /^(?:partner|onpremises)$/i.test(c.ConnectorType);

/** Does a certificate name match a connector's TlsSenderCertificateName (exact, or a one-label wildcard)? */
export function certificateMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase().trim();
  const n = name.toLowerCase().trim();
  if (p === n) return true;
  return p.startsWith('*.') && n.endsWith(p.slice(1)) && !n.slice(0, -p.length + 1).includes('.');
}

/** Does an enabled inbound connector match this source by IP or certificate? Domain-only matches do not count. */
export function coverageOf(
  source: SnapshotSource,
  connectors: readonly InboundConnector[],
): Omit<SourceCoverage, 'key' | 'name' | 'ips' | 'senders' | 'status'> {
  const enabled = connectors.filter(isEnabledInbound);
  if (source.certificateName) {
    const byCert = enabled.find(
      (c) => c.TlsSenderCertificateName && certificateMatches(c.TlsSenderCertificateName, source.certificateName!),
    );
    if (byCert)
      return { covered: true, coveredBy: { connector: byCert.Name, by: 'certificate', requireTls: byCert.RequireTls } };
  }
  const ips = source.ips.length ? source.ips : [source.key];
  const ipv6 = ips.some((ip) => ip.includes(':'));
  if (ipv6) {
    return {
      covered: false,
      reason: strings.readiness.connectorIpv6,
    };
  }
  if (ips.every((ip) => parseIp(ip.split('/')[0] ?? '')?.version === 4)) {
    const byIp = enabled.find(
      (c) => c.SenderIPAddresses.length > 0 && ips.every((ip) => ipv4Covered(ip, c.SenderIPAddresses)),
    );
    if (byIp) return { covered: true, coveredBy: { connector: byIp.Name, by: 'ip', requireTls: byIp.RequireTls } };
  }
  const domainOnly = enabled.find(
    (c) => c.SenderIPAddresses.length === 0 && !c.TlsSenderCertificateName && c.SenderDomains.length > 0,
  );
  if (domainOnly) {
    return {
      covered: false,
      reason: strings.readiness.connectorDomainOnly(domainOnly.Name),
    };
  }
  const disabled = connectors.find(
    (c) =>
      c.Enabled === false && c.SenderIPAddresses.length > 0 && ips.every((ip) => ipv4Covered(ip, c.SenderIPAddresses)),
  );
  if (disabled) return { covered: false, reason: strings.readiness.connectorDisabled(disabled.Name) };
  return { covered: false, reason: strings.readiness.noConnector };
}

/**
 * The SPF record's "all" qualifier. Microsoft's SPF setup page recommends -all; its Direct Send guidance and M3AAWG
 * prefer ~all while DMARC does the enforcing. Both are accepted here, and the note says which advice each follows.
 */
function spfQualifierFindings(posture: DomainPosture, domain: string): Finding[] {
  switch (posture.spf.all) {
    case '+all':
      return [
        {
          id: 'spf.pass-all',
          level: 'blocker',
          domain,
          message: strings.readiness.spfPassAll,
        },
      ];
    case '?all':
      return [
        {
          id: 'spf.neutral',
          level: 'warning',
          domain,
          message: strings.readiness.spfNeutral,
        },
      ];
    case 'none':
      return [
        {
          id: 'spf.neutral',
          level: 'warning',
          domain,
          message: strings.readiness.spfNoAll,
        },
      ];
    case '~all':
      return [
        {
          id: 'spf.softfail',
          level: 'info',
          domain,
          message: strings.readiness.spfSoftfail,
        },
      ];
    default:
      return [
        {
          id: 'spf.hardfail',
          level: 'info',
          domain,
          message: strings.readiness.spfHardfail,
        },
      ];
  }
}

function smtpAuthFindings(exposure: SmtpAuthExposure | undefined): Finding[] {
  if (!exposure) return [];
  const findings: Finding[] = [];
  if (exposure.organizationEnabled) {
    findings.push({
      id: 'smtp-auth.organization',
      level: 'warning',
      message: strings.readiness.smtpAuthOrganization,
    });
  }
  const count = exposure.mailboxes.length;
  if (count) {
    const named = exposure.mailboxes.slice(0, MAILBOXES_NAMED).join(', ');
    findings.push({
      id: 'smtp-auth.mailboxes',
      level: 'warning',
      message: strings.readiness.smtpAuthMailboxes(count, named, Math.max(0, count - MAILBOXES_NAMED)),
    });
  }
  return findings;
}

const MICROSOFT_DOMAIN = /\.(?:onmicrosoft\.com|mail\.onmicrosoft\.com)$/i;

function domainFindings(posture: DomainPosture, hasIpOrCertConnector: boolean): Finding[] {
  const findings: Finding[] = [];
  const domain = posture.domain;
  if (posture.mx.kind === 'third-party' || posture.mx.kind === 'mixed') {
    const hosts = posture.mx.hosts
      .filter((h) => !h.exchangeOnline)
      .map((h) => h.exchange)
      .join(', ');
    findings.push({
      id: 'mx.third-party',
      level: 'warning',
      domain,
      message: strings.readiness.mxThirdParty(hosts),
    });
    if (!hasIpOrCertConnector) {
      findings.push({
        id: 'mx.gateway-without-connector',
        level: 'blocker',
        domain,
        message: strings.readiness.mxGatewayWithoutConnector(hosts, domain),
      });
    }
  } else if (posture.mx.kind === 'none' || posture.mx.kind === 'error') {
    findings.push({
      id: 'mx.missing',
      level: 'info',
      domain,
      message: strings.readiness.mxMissing(posture.mx.error),
    });
  }
  const policy = posture.dmarc.policy;
  if (!posture.dmarc.record) {
    findings.push({
      id: 'dmarc.missing',
      level: 'blocker',
      domain,
      message: strings.readiness.dmarcMissing,
    });
  } else if (policy !== 'reject' && policy !== 'quarantine') {
    findings.push({
      id: 'dmarc.not-enforced',
      level: 'blocker',
      domain,
      message: strings.readiness.dmarcNotEnforced(policy ?? 'none'),
    });
  } else if (posture.dmarc.pct !== undefined && posture.dmarc.pct < 100) {
    findings.push({
      id: 'dmarc.partial',
      level: 'warning',
      domain,
      message: strings.readiness.dmarcPartial(posture.dmarc.pct),
    });
  }
  if (!posture.spf.record) {
    findings.push({
      id: 'spf.missing',
      level: 'warning',
      domain,
      message: strings.readiness.spfMissing,
    });
  } else {
    findings.push(...spfQualifierFindings(posture, domain));
    if (!posture.spf.includesExchangeOnline && posture.mx.kind !== 'third-party') {
      findings.push({
        id: 'spf.no-exchange-online',
        level: 'warning',
        domain,
        message: strings.readiness.spfNoExchangeOnline,
      });
    }
    if (posture.spf.error)
      findings.push({
        id: 'spf.error',
        level: 'warning',
        domain,
        message: strings.readiness.spfError(posture.spf.error),
      });
    else if (posture.spf.lookups !== undefined && posture.spf.lookups > 8) {
      findings.push({
        id: 'spf.lookups',
        level: 'warning',
        domain,
        message: strings.readiness.spfLookups(posture.spf.lookups),
      });
    }
  }
  if (!posture.dkim.selector1 && !posture.dkim.selector2) {
    findings.push({
      id: 'dkim.missing',
      level: 'warning',
      domain,
      message: strings.readiness.dkimMissing,
    });
  }
  return findings;
}

/**
 * Is the tenant ready to switch RejectDirectSend on, and if not, why. Pure: the snapshot and the DNS
 * posture are inputs, so the same answer comes from a live tenant or a saved file.
 */
export function evaluateReadiness(snapshot: TenantSnapshot, postures: readonly DomainPosture[]): ReadinessResult {
  const acceptedDomains = snapshot.acceptedDomains.map((d) => d.DomainName.toLowerCase());
  const isAccepted = domainMatcher(acceptedDomains);
  const enforced = snapshot.organizationConfig.RejectDirectSend;
  const findings: Finding[] = [];
  const relevant = snapshot.sources.filter(
    (s) => s.status === 'approved' || s.status === 'to-migrate' || s.status === 'new',
  );
  const sources: SourceCoverage[] = relevant.map((source) => {
    const coverage = coverageOf(source, snapshot.inboundConnectors);
    const entry: SourceCoverage = {
      key: source.key,
      name: source.name ?? source.key,
      ips: source.ips,
      senders: source.senders,
      status: source.status,
      ...coverage,
    };
    if (source.messages !== undefined) entry.messages = source.messages;
    return entry;
  });
  for (const source of sources) {
    if (source.covered) continue;
    const usesOwnDomain = source.senders.length === 0 || source.senders.some((s) => isAccepted(s.split('@')[1]));
    if (!usesOwnDomain) continue;
    if (source.status === 'new') {
      findings.push({
        id: 'source.unreviewed',
        level: 'warning',
        sourceKey: source.key,
        message: strings.readiness.sourceUnreviewed(source.name, enforced),
      });
    } else {
      findings.push({
        id: 'source.not-covered',
        level: 'blocker',
        sourceKey: source.key,
        message: strings.readiness.sourceNotCovered(source.name, source.reason ?? '', enforced),
      });
    }
  }
  const hasIpOrCertConnector = snapshot.inboundConnectors.some(
    (c) => isEnabledInbound(c) && (c.SenderIPAddresses.length > 0 || !!c.TlsSenderCertificateName),
  );
  for (const posture of postures) {
    if (MICROSOFT_DOMAIN.test(posture.domain)) continue;
    findings.push(...domainFindings(posture, hasIpOrCertConnector));
  }
  const smtpAuth = smtpAuthExposure(snapshot);
  findings.push(...smtpAuthFindings(smtpAuth));
  if (snapshot.smtpAuthError) {
    findings.push({
      id: 'smtp-auth.unread',
      level: 'info',
      message: strings.readiness.smtpAuthUnread(snapshot.smtpAuthError),
    });
  }
  if (enforced) findings.unshift({ id: 'org.enforced', level: 'info', message: strings.readiness.alreadyOn });
  const { plan, rollback } = buildMigrationPlan(snapshot, sources);
  return {
    ready: !findings.some((f) => f.level === 'blocker'),
    enforced,
    tenant: snapshot.tenant,
    acceptedDomains,
    findings,
    sources,
    domains: [...postures],
    ...(smtpAuth ? { smtpAuth } : {}),
    plan,
    rollback,
  };
}
