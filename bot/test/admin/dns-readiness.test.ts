import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainPosture } from '../../src/admin/dns/dns-posture.js';
import {
  networkResolver,
  recordingResolver,
  recordsResolver,
  type DnsRecords,
} from '../../src/admin/dns/dns-resolver.js';
import { postureOf } from '../../src/admin/readiness/collect-snapshot.js';
import { evaluateReadiness } from '../../src/admin/readiness/evaluate-readiness.js';
import { readinessCardModel } from '../../src/admin/readiness/card-model.js';
import { renderReadinessCsv } from '../../src/admin/readiness/render-csv.js';
import { parseSnapshot, SnapshotError, loadSnapshot } from '../../src/admin/readiness/snapshot.js';
import { readiness, type CliIo } from '../../src/admin/cli.js';
import { startDnsServer, type DnsTestServer } from './servers/dns-server.js';

const EXAMPLE = join(__dirname, '../../src/admin/examples/tenant-snapshot.json');

describe('DNS posture against a real DNS server on 127.0.0.1', () => {
  let server: DnsTestServer;
  beforeAll(async () => {
    server = await startDnsServer({
      'contoso.com': {
        MX: [{ exchange: 'contoso-com.mail.protection.outlook.com', preference: 0 }],
        TXT: [['v=spf1 include:spf.protection.outlook.com include:_spf.vendor.example -all']],
      },
      'spf.protection.outlook.com': { TXT: [['v=spf1 ip4:40.92.0.0/15 -all']] },
      '_spf.vendor.example': { TXT: [['v=spf1 ip4:192.0.2.128/25 ~all']] },
      '_dmarc.contoso.com': { TXT: [['v=DMARC1; p=reject; sp=quarantine; pct=50']] },
      'selector1._domainkey.contoso.com': {
        CNAME: ['selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft'],
      },
      'fabrikam.com': { MX: [{ exchange: 'mx1.gateway.example.net', preference: 10 }] },
    });
  });
  afterAll(() => server.close());

  test('reads MX, SPF (with its lookups), DMARC and DKIM for a domain on Exchange Online', async () => {
    const posture = await domainPosture(
      'contoso.com',
      networkResolver({ servers: [server.address], timeoutMs: 2000, tries: 1 }),
    );
    expect(posture).toEqual({
      domain: 'contoso.com',
      mx: {
        hosts: [{ exchange: 'contoso-com.mail.protection.outlook.com', priority: 0, exchangeOnline: true }],
        kind: 'exchange-online',
      },
      spf: {
        record: 'v=spf1 include:spf.protection.outlook.com include:_spf.vendor.example -all',
        all: '-all',
        includesExchangeOnline: true,
        lookups: 2,
      },
      dmarc: {
        record: 'v=DMARC1; p=reject; sp=quarantine; pct=50',
        policy: 'reject',
        subdomainPolicy: 'quarantine',
        pct: 50,
      },
      dkim: { selector1: 'selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft', microsoftManaged: true },
    });
    expect(server.queries).toEqual(
      expect.arrayContaining([
        'contoso.com MX',
        'contoso.com TXT',
        '_dmarc.contoso.com TXT',
        '_spf.vendor.example TXT',
      ]),
    );
  });

  test('a third-party MX, no SPF and no DMARC; answers recorded for a snapshot replay the same', async () => {
    const records: DnsRecords = {};
    const live = await domainPosture(
      'fabrikam.com',
      recordingResolver(networkResolver({ servers: [server.address], timeoutMs: 2000, tries: 1 }), records),
    );
    expect(live.mx.kind).toBe('third-party');
    expect(live.spf).toEqual({ all: 'none', includesExchangeOnline: false });
    expect(live.dmarc).toEqual({});
    expect(await domainPosture('fabrikam.com', recordsResolver(records))).toEqual(live);
  });
});

describe('readiness', () => {
  test('the example snapshot: connector by IP counts, domain-only and IPv6 do not, DMARC gate, MX bypass, plan and rollback', async () => {
    const snapshot = await loadSnapshot(EXAMPLE);
    const result = evaluateReadiness(snapshot, await postureOf(snapshot));
    expect(result.ready).toBe(false);
    expect(result.sources.map((s) => [s.key, s.covered, s.coveredBy?.by ?? null])).toEqual([
      ['198.51.100.0/24', true, 'ip'],
      ['203.0.113.0/24', false, null],
      ['2001:db8:10:20::/64', false, null],
    ]);
    expect(result.findings.filter((f) => f.level === 'blocker').map((f) => f.id)).toEqual([
      'source.not-covered',
      'source.not-covered',
      'dmarc.not-enforced',
    ]);
    expect(result.findings.map((f) => f.id)).toContain('mx.third-party');
    const connector = result.plan.find((s) => s.sourceKey === '203.0.113.0/24');
    expect(connector?.powershell).toBe(
      "New-InboundConnector -Name 'DSG ERP invoices' -ConnectorType Partner -SenderDomains 'contoso.com' -SenderIPAddresses '203.0.113.7','203.0.113.8' -RestrictDomainsToIPAddresses $true -RequireTls $true",
    );
    expect(connector?.warning).toMatch(/cannot do TLS/);
    expect(result.plan.find((s) => s.sourceKey === '2001:db8:10:20::/64')?.detail).toMatch(/SMTP AUTH/);
    expect(result.plan.at(-1)?.powershell).toMatch(/^Set-OrganizationConfig -RejectDirectSend \$true/);
    expect(result.rollback[0]?.powershell).toBe('Set-OrganizationConfig -RejectDirectSend $false');
    const csv = renderReadinessCsv(result).split('\r\n');
    expect(csv[0]).toBe('source,name,ips,senders,status,messages,covered,covered_by,reason,action,powershell,warning');
    expect(csv).toHaveLength(5);
    expect(readinessCardModel(result).facts).toContainEqual({ title: 'Sources covered', value: '1 of 3' });
  });

  test('once RejectDirectSend is on, the uncovered sources are said to be rejected now, not in future', async () => {
    const snapshot = await loadSnapshot(EXAMPLE);
    const before = evaluateReadiness(snapshot, await postureOf(snapshot));
    const enforced = { ...snapshot, organizationConfig: { ...snapshot.organizationConfig, RejectDirectSend: true } };
    const after = evaluateReadiness(enforced, await postureOf(enforced));
    expect(after.findings[0]).toEqual({ id: 'org.enforced', level: 'info', message: 'RejectDirectSend is already on' });
    const sourceMessages = (r: typeof before) =>
      r.findings.filter((f) => f.id.startsWith('source.')).map((f) => f.message);
    expect(sourceMessages(before)).toHaveLength(2);
    for (const message of sourceMessages(before)) expect(message).toMatch(/ would be rejected: /);
    expect(sourceMessages(after)).toEqual(
      sourceMessages(before).map((m) => m.replace('would be rejected', 'is being rejected now')),
    );
  });

  test('a certificate connector covers; a gateway MX without any IP or certificate connector blocks; PowerShell quotes names', async () => {
    const base = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, any>;
    base.sources = [
      {
        key: '192.0.2.0/24',
        name: "O'Brien copier",
        ips: ['192.0.2.10'],
        senders: ['copier@contoso.com'],
        status: 'approved',
        tls: 'no',
      },
    ];
    base.inboundConnectors = [];
    const snapshot = parseSnapshot(base);
    const result = evaluateReadiness(snapshot, await postureOf(snapshot));
    expect(result.findings.map((f) => f.id)).toContain('mx.gateway-without-connector');
    const step = result.plan[0]!;
    expect(step.powershell).toContain("-Name 'DSG O Brien copier'");
    expect(step.powershell).toMatch(/-RequireTls \$false$/);
    expect(step.warning).toMatch(/unencrypted/);
    base.sources[0].certificateName = 'copier.contoso.com';
    base.inboundConnectors = [
      {
        Name: 'Cert',
        Enabled: true,
        ConnectorType: 'Partner',
        TlsSenderCertificateName: '*.contoso.com',
        RestrictDomainsToCertificate: true,
      },
    ];
    const covered = evaluateReadiness(parseSnapshot(base), []);
    expect(covered.sources[0]).toMatchObject({ covered: true, coveredBy: { connector: 'Cert', by: 'certificate' } });
  });

  test('snapshot errors name the field', () => {
    expect(() => parseSnapshot({ version: 1, organizationConfig: {}, acceptedDomains: [{}] })).toThrow(SnapshotError);
    expect(() => parseSnapshot({ version: 1, organizationConfig: {}, acceptedDomains: [{}] })).toThrow(
      /acceptedDomains\.0\.DomainName/,
    );
  });

  test('CLI: readiness --snapshot --json, and bad options', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      cwd: process.cwd(),
      env: {},
    };
    expect(await readiness(['--json', '--snapshot', EXAMPLE], io)).toBe(0);
    const parsed = JSON.parse(out.join('')) as { ready: boolean; card: { title: string } };
    expect(parsed.ready).toBe(false);
    expect(parsed.card.title).toBe('RejectDirectSend: not ready');
    expect(await readiness([], io)).toBe(2);
    expect(err.at(-1)).toMatch(/^dsguard: readiness without --snapshot needs DSGUARD_TENANT_ID, DSGUARD_CLIENT_ID/);
    expect(await readiness(['--snapshot', 'missing.json'], io)).toBe(2);
  });
});
