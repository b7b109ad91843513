import { networkResolver } from '../../src/admin/dns/dns-resolver';
import { importTraceRows } from '../../src/admin/inventory/import-into-store';
import { SqliteInventoryStore } from '../../src/admin/inventory/sqlite-inventory-store';
import { readinessCardModel } from '../../src/admin/readiness/card-model';
import { renderReadinessMarkdown } from '../../src/admin/readiness/render-markdown';
import type { TraceRow } from '../../src/admin/trace/trace-row';
import { silentLogger } from '../../src/log/logger';
import { TenantReadiness, type ReadinessOutcome } from '../../src/admin/readiness/tenant-readiness';
import { startDnsServer, type DnsTestServer } from './servers/dns-server';
import { startContractServer, type ContractServer } from './servers/microsoft-contract-server';

const TENANT = {
  tenantId: 'tenant-1',
  clientId: 'app-id',
  clientSecret: 'app-secret',
  tenantDomain: 'contoso.onmicrosoft.com',
  dnsServers: [] as string[],
};
const DOMAINS = [
  'softfail.example',
  'hardfail.example',
  'neutral.example',
  'passall.example',
  'nospf.example',
  'noall.example',
];
const TXT: Record<string, string | undefined> = {
  'softfail.example': 'v=spf1 include:spf.protection.outlook.com ~all',
  'hardfail.example': 'v=spf1 include:spf.protection.outlook.com -all',
  'neutral.example': 'v=spf1 include:spf.protection.outlook.com ?all',
  'passall.example': 'v=spf1 include:spf.protection.outlook.com +all',
  'nospf.example': undefined,
  'noall.example': 'v=spf1 include:spf.protection.outlook.com',
};

/** 7 mailboxes, three with SMTP AUTH switched on for themselves; the page size (2) makes the client follow nextLink. */
const CAS_MAILBOXES = [
  { Identity: 'alice', PrimarySmtpAddress: 'alice@softfail.example', SmtpClientAuthenticationDisabled: null },
  { Identity: 'scanner', PrimarySmtpAddress: 'Scanner@softfail.example', SmtpClientAuthenticationDisabled: false },
  { Identity: 'bob', PrimarySmtpAddress: 'bob@softfail.example', SmtpClientAuthenticationDisabled: true },
  { Identity: 'erp', PrimarySmtpAddress: 'erp@softfail.example', SmtpClientAuthenticationDisabled: false },
  { Identity: 'carol', PrimarySmtpAddress: 'carol@softfail.example', SmtpClientAuthenticationDisabled: null },
  { Identity: 'legacy', PrimarySmtpAddress: 'legacy-app@softfail.example', SmtpClientAuthenticationDisabled: false },
  { Identity: 'dave', PrimarySmtpAddress: 'dave@softfail.example', SmtpClientAuthenticationDisabled: null },
];

const CONNECTORS = [
  {
    Name: 'Copiers by certificate',
    Enabled: true,
    ConnectorType: 'Partner',
    SenderDomains: ['smtp:softfail.example;1'],
    SenderIPAddresses: [],
    TlsSenderCertificateName: '*.print.softfail.example',
    RestrictDomainsToCertificate: true,
    RequireTls: true,
  },
  {
    Name: 'ERP by IP, TLS required',
    Enabled: true,
    ConnectorType: 'Partner',
    SenderDomains: ['smtp:softfail.example;1'],
    SenderIPAddresses: ['203.0.113.0/24'],
    RestrictDomainsToIPAddresses: true,
    RequireTls: true,
  },
];

let exchange: ContractServer;
let dns: DnsTestServer;
beforeAll(async () => {
  exchange = await startContractServer({
    cmdlets: {
      'Get-OrganizationConfig': [{ Identity: 'contoso', RejectDirectSend: false }],
      'Get-AcceptedDomain': [...DOMAINS.map((d) => ({ DomainName: d })), { DomainName: 'contoso.onmicrosoft.com' }],
      'Get-InboundConnector': CONNECTORS,
      'Get-TransportConfig': [{ Identity: 'Transport Settings', SmtpClientAuthenticationDisabled: false }],
      'Get-CASMailbox': CAS_MAILBOXES,
    },
  });
  const zone: Record<string, Record<string, unknown[]>> = {
    'spf.protection.outlook.com': { TXT: [['v=spf1 ip4:40.92.0.0/15 -all']] },
  };
  for (const domain of DOMAINS) {
    zone[domain] = {
      MX: [{ exchange: `${domain.replace('.', '-')}.mail.protection.outlook.com`, preference: 0 }],
      ...(TXT[domain] ? { TXT: [[TXT[domain]]] } : {}),
    };
    zone[`_dmarc.${domain}`] = { TXT: [['v=DMARC1; p=reject']] };
  }
  dns = await startDnsServer(zone);
});
afterAll(async () => {
  await exchange?.close();
  await dns?.close();
});

const row = (over: Partial<TraceRow>): TraceRow => ({
  origin: 'csv-summary',
  recipients: ['alice@softfail.example'],
  receivedAt: Date.UTC(2026, 5, 1),
  ...over,
});

async function evaluate(
  rows: TraceRow[],
  cmdletOverrides: Record<string, Record<string, unknown>[] | undefined> = {},
): Promise<Extract<ReadinessOutcome, { ok: true }>> {
  const saved = { ...exchange.state.cmdlets };
  for (const [name, value] of Object.entries(cmdletOverrides)) {
    if (value) exchange.state.cmdlets[name] = value;
    else delete exchange.state.cmdlets[name];
  }
  const inventory = new SqliteInventoryStore(':memory:');
  try {
    await importTraceRows(rows, inventory, { kind: 'test', label: 'seed' });
    for (const source of await inventory.listSources())
      await inventory.recordAction({ sourceKey: source.key, action: 'approve', actor: 'test', at: Date.now() });
    const readiness = new TenantReadiness({
      tenant: { ...TENANT, authorityHost: exchange.url, exchangeUrl: `${exchange.url}/adminapi/beta` },
      inventory,
      logger: silentLogger,
      resolve: networkResolver({ servers: [dns.address], tries: 1 }),
    });
    const outcome = await readiness.evaluate(true);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    return outcome;
  } finally {
    exchange.state.cmdlets = saved;
    await inventory.close();
  }
}

const SOURCES = [
  row({
    clientIp: '192.0.2.10',
    senderAddress: 'copier@softfail.example',
    helo: 'copier3.print.softfail.example',
    subject: 'Scanned from copier',
  }),
  row({ clientIp: '203.0.113.7', senderAddress: 'erp@softfail.example', helo: 'erp01', subject: 'Invoice 1' }),
  row({ clientIp: '198.51.100.44', senderAddress: 'alerts@softfail.example', helo: 'monitor', subject: 'Disk alert' }),
];

test('SMTP AUTH: the organization switch and the mailboxes with it on (every page, filtered by Exchange), in findings, card and plan', async () => {
  const { result } = await evaluate(SOURCES);
  expect(result.smtpAuth).toEqual({
    organizationEnabled: true,
    mailboxes: ['erp@softfail.example', 'legacy-app@softfail.example', 'scanner@softfail.example'],
  });
  const cas = exchange.state.requests.filter((r) => r.body.includes('Get-CASMailbox'));
  expect(JSON.parse(cas[0]!.body)).toEqual({
    CmdletInput: {
      CmdletName: 'Get-CASMailbox',
      Parameters: { ResultSize: 'Unlimited', Filter: 'SmtpClientAuthenticationDisabled -eq $false' },
    },
  });
  expect(cas.length).toBeGreaterThanOrEqual(2);
  expect(result.findings.find((f) => f.id === 'smtp-auth.organization')?.message).toMatch(/whole organization/);
  expect(result.findings.find((f) => f.id === 'smtp-auth.mailboxes')?.message).toMatch(
    /^3 mailboxes have SMTP AUTH switched on: erp@softfail\.example, legacy-app@/,
  );
  const step = result.plan.find((s) => s.id === 'smtp-auth.scope')!;
  expect(step.detail).toMatch(/Conditional Access/);
  expect(step.powershell!.split('\n')[0]).toBe('Set-TransportConfig -SmtpClientAuthenticationDisabled $true');
  expect(step.powershell).toContain(
    "# Set-CASMailbox -Identity 'legacy-app@softfail.example' -SmtpClientAuthenticationDisabled $true",
  );
  expect(readinessCardModel(result).facts).toContainEqual({
    title: 'SMTP AUTH',
    value: 'on for the organization, on for 3 mailboxes',
  });
  // The plan orders it before the switch.
  const ids = result.plan.map((s) => s.id);
  expect(ids.indexOf('smtp-auth.scope')).toBeLessThan(ids.indexOf('enforce'));
});

test('SMTP AUTH off for the organization with no exceptions: no finding, no step; cmdlets refused: readiness still answers and says so', async () => {
  const closed = await evaluate(SOURCES, {
    'Get-TransportConfig': [{ SmtpClientAuthenticationDisabled: true }],
    'Get-CASMailbox': CAS_MAILBOXES.filter((m) => m.SmtpClientAuthenticationDisabled !== false),
  });
  expect(closed.result.smtpAuth).toEqual({ organizationEnabled: false, mailboxes: [] });
  expect(closed.result.findings.filter((f) => f.id.startsWith('smtp-auth'))).toEqual([]);
  expect(closed.result.plan.map((s) => s.id)).not.toContain('smtp-auth.scope');
  const refused = await evaluate(SOURCES, { 'Get-CASMailbox': undefined });
  expect(refused.result.smtpAuth).toBeUndefined();
  expect(refused.result.findings.find((f) => f.id === 'smtp-auth.unread')?.message).toMatch(
    /Get-CASMailbox' is not recognized/,
  );
});

test('certificate connectors read live: a HELO matching TlsSenderCertificateName is covered by certificate, RequireTls shown', async () => {
  const { result } = await evaluate(SOURCES);
  const byKey = new Map(result.sources.map((s) => [s.key, s]));
  expect(byKey.get('192.0.2.0/24')).toMatchObject({
    covered: true,
    coveredBy: { connector: 'Copiers by certificate', by: 'certificate', requireTls: true },
  });
  expect(byKey.get('203.0.113.0/24')).toMatchObject({
    covered: true,
    coveredBy: { connector: 'ERP by IP, TLS required', by: 'ip', requireTls: true },
  });
  expect(byKey.get('198.51.100.0/24')).toMatchObject({ covered: false });
  expect(readinessCardModel(result).sources.find((s) => s.key === '192.0.2.0/24')?.detail).toBe(
    'Copiers by certificate (certificate, TLS required)',
  );
  // A HELO outside the certificate's wildcard (one label only) is not covered; nor is any source once the connector is disabled.
  const other = await evaluate([
    row({ clientIp: '192.0.2.10', senderAddress: 'copier@softfail.example', helo: 'a.b.print.softfail.example' }),
  ]);
  expect(other.result.sources[0]).toMatchObject({ covered: false });
  const disabled = await evaluate(SOURCES, { 'Get-InboundConnector': [{ ...CONNECTORS[0]!, Enabled: false }] });
  expect(disabled.result.sources.find((s) => s.key === '192.0.2.0/24')).toMatchObject({ covered: false });
});

test('SPF qualifier per domain: +all blocks, ?all / no all / missing warn, ~all and -all explained against the guidance', async () => {
  const { result } = await evaluate(SOURCES);
  const spf = (domain: string) =>
    result.findings.filter((f) => f.domain === domain && f.id.startsWith('spf.')).map((f) => [f.id, f.level]);
  expect(spf('passall.example')).toEqual([['spf.pass-all', 'blocker']]);
  expect(spf('neutral.example')).toEqual([['spf.neutral', 'warning']]);
  expect(spf('noall.example')).toEqual([['spf.neutral', 'warning']]);
  expect(spf('nospf.example')).toEqual([['spf.missing', 'warning']]);
  expect(spf('softfail.example')).toEqual([['spf.softfail', 'info']]);
  expect(spf('hardfail.example')).toEqual([['spf.hardfail', 'info']]);
  const soft = result.findings.find((f) => f.id === 'spf.softfail')!.message;
  expect(soft).toMatch(/Microsoft's SPF setup guidance recommends -all/);
  expect(soft).toMatch(/M3AAWG prefer ~all/);
  expect(soft).toMatch(/Neither stops Direct Send; RejectDirectSend does/);
  expect(readinessCardModel(result).facts.find((f) => f.title === 'SPF')?.value).toBe(
    'softfail.example ~all, hardfail.example -all, neutral.example ?all, passall.example +all, nospf.example missing, noall.example ?all',
  );
  expect(renderReadinessMarkdown(result)).toContain('| passall.example |');
});

test('outbound port 25: the checklist step lists the inventory sources as the hosts to check', async () => {
  const { result } = await evaluate(SOURCES);
  const step = result.plan.find((s) => s.id === 'network.port25')!;
  expect(step.title).toBe('Outbound port 25: only from approved relays');
  for (const ip of ['192.0.2.10', '203.0.113.7', '198.51.100.44']) expect(step.detail).toContain(ip);
  expect(renderReadinessMarkdown(result)).toContain('Outbound port 25: only from approved relays');
  const empty = await evaluate([]);
  expect(empty.result.plan.find((s) => s.id === 'network.port25')?.detail).toMatch(/lists no Direct Send hosts yet/);
});
