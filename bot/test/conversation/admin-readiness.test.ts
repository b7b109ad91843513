import { importTraceRows } from '../../src/admin/inventory/import-into-store';
import type { InventoryStore } from '../../src/admin/inventory/inventory-store';
import { networkResolver } from '../../src/admin/dns/dns-resolver';
import type { TraceRow } from '../../src/admin/trace/trace-row';
import { readinessCommand } from '../../src/conversation/admin/readiness-command';
import type { BotOutput, BotUser } from '../../src/conversation/bot-types';
import { silentLogger } from '../../src/log/logger';
import { TenantReadiness } from '../../src/admin/readiness/tenant-readiness';
import { strings } from '../../src/strings';
import { countingIo as io } from '../support/core-harness';
import { startDnsServer, type DnsTestServer } from '../admin/servers/dns-server';
import { startContractServer, type ContractServer } from '../admin/servers/microsoft-contract-server';
import { cardProblems } from '../support/card-schema';
import { cardTexts, coreHarness } from '../support/core-harness';
import { CONTOSO_CMDLETS, CONTOSO_DNS_ZONE } from '../support/fixtures';

const ann: BotUser = { id: 'aad-ann', name: 'Ann', isAdmin: false };
const sec: BotUser = { id: 'aad-sec', name: 'Sec', isAdmin: true };
const TENANT = {
  tenantId: 'tenant-1',
  clientId: 'app-id',
  clientSecret: 'app-secret',
  tenantDomain: 'contoso.onmicrosoft.com',
  dnsServers: [] as string[],
};
const DOWNLOAD = 'https://dsguard.example.com/downloads';

let exchange: ContractServer;
let dns: DnsTestServer;
beforeAll(async () => {
  exchange = await startContractServer({
    cmdlets: CONTOSO_CMDLETS,
  });
  dns = await startDnsServer(CONTOSO_DNS_ZONE);
});
afterAll(async () => {
  await exchange?.close();
  await dns?.close();
});

async function harness(tenant: typeof TENANT | undefined, inventoryRows: TraceRow[] = []) {
  let readiness: TenantReadiness | undefined;
  const h = await coreHarness({
    inventory: 'sqlite',
    readiness: ({ inventory }: { inventory: InventoryStore }) => {
      readiness = new TenantReadiness({
        tenant: tenant
          ? { ...tenant, authorityHost: exchange.url, exchangeUrl: `${exchange.url}/adminapi/beta` }
          : undefined,
        inventory,
        logger: silentLogger,
        resolve: networkResolver({ servers: [dns.address], tries: 1 }),
      });
      const r = readiness;
      return readinessCommand({
        configured: r.configured,
        evaluate: (fresh) => r.evaluate(fresh),
        downloads: (result) => ({
          md: `${DOWNLOAD}/md?ready=${result.ready}`,
          csv: `${DOWNLOAD}/csv?ready=${result.ready}`,
        }),
      });
    },
  });
  if (inventoryRows.length) await importTraceRows(inventoryRows, h.inventory!, { kind: 'test', label: 'seed' });
  return { ...h, readiness: readiness! };
}

const ask = async (
  h: Awaited<ReturnType<typeof harness>>,
  user: BotUser,
): Promise<{ out: BotOutput; typing: number }> => {
  let typing = 0;
  const out = await h.core.handle(
    { kind: 'message', text: 'readiness', files: [] },
    user,
    io(() => (typing += 1)),
  );
  return { out, typing };
};
const row = (over: Partial<TraceRow>): TraceRow => ({
  origin: 'csv-summary',
  recipients: ['alice@contoso.com'],
  receivedAt: Date.UTC(2026, 5, 1),
  ...over,
});

test('non-admins are refused readiness', async () => {
  const h = await harness(TENANT);
  expect((await ask(h, ann)).out.replies).toEqual([{ text: strings.adminOnly('readiness') }]);
});

test('without tenant credentials the bot says what to configure and that the offline snapshot works', async () => {
  const h = await harness(undefined);
  const { out } = await ask(h, sec);
  const reply = out.replies[0] as { text: string };
  expect(reply.text).toBe(
    strings.admin.readinessNotConfigured([
      'DSGUARD_TENANT_ID',
      'DSGUARD_CLIENT_ID',
      'DSGUARD_CLIENT_SECRET',
      'DSGUARD_TENANT_DOMAIN',
    ]),
  );
  expect(reply.text).toContain('npx dsguard readiness --snapshot');
});

test('configured: a readiness card from the live tenant (Exchange admin API + DNS) and the inventory, with download buttons', async () => {
  const requestsBefore = exchange.state.requests.length;
  const h = await harness(TENANT, [
    row({ clientIp: '198.51.100.20', senderAddress: 'scanner@contoso.com', subject: 'Scanned from MX-3071' }),
    row({ clientIp: '192.0.2.40', senderAddress: 'erp@contoso.com', subject: 'Invoice run finished' }),
  ]);
  await h.core.handle({ kind: 'message', text: 'approve 198.51.100.20 Scanner', files: [] }, sec);
  await h.core.handle({ kind: 'message', text: 'approve 192.0.2.40 ERP', files: [] }, sec);
  const { out, typing } = await ask(h, sec);
  expect(typing).toBe(1);
  const reply = out.replies[0];
  if (!reply || !('card' in reply)) throw new Error(JSON.stringify(out.replies));
  expect(reply.card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  expect(cardProblems(reply.card)).toEqual([]);
  const texts = cardTexts(reply.card);
  expect(texts[0]).toBe('RejectDirectSend: not ready');
  expect(texts).toEqual(
    expect.arrayContaining([
      'RejectDirectSend: off',
      'Sources covered: 1 of 2',
      'Scanner (198.51.100.0/24): covered: Scanner (ip)',
      strings.admin.readinessBlockers,
    ]),
  );
  expect(texts.some((t) => /^ERP \(192\.0\.2\.0\/24\): not covered: no enabled inbound connector/.test(t))).toBe(true);
  expect(texts.some((t) => /ERP would be rejected/.test(t))).toBe(true);
  expect(texts.some((t) => /New-InboundConnector/.test(t))).toBe(true);
  expect(texts.some((t) => /Set-OrganizationConfig -RejectDirectSend \$true/.test(t))).toBe(true);
  expect(reply.card.actions).toEqual([
    { type: 'Action.OpenUrl', title: strings.admin.readinessDownloadMd, url: `${DOWNLOAD}/md?ready=false` },
    { type: 'Action.OpenUrl', title: strings.admin.readinessDownloadCsv, url: `${DOWNLOAD}/csv?ready=false` },
  ]);
  const invokes = exchange.state.requests
    .slice(requestsBefore)
    .filter((r) => r.path.includes('InvokeCommand'))
    .map((r) => (JSON.parse(r.body) as { CmdletInput: { CmdletName: string } }).CmdletInput.CmdletName);
  expect(invokes).toEqual(
    expect.arrayContaining(['Get-OrganizationConfig', 'Get-AcceptedDomain', 'Get-InboundConnector']),
  );
  // The downloads (GET /api/readiness) reuse that answer rather than reading the tenant again.
  const requestsAfter = exchange.state.requests.length;
  const cached = await h.readiness.evaluate(false);
  expect(cached.ok && cached.result.ready).toBe(false);
  expect(exchange.state.requests.length).toBe(requestsAfter);
  const fresh = await h.readiness.evaluate(true);
  expect(fresh.ok).toBe(true);
  expect(exchange.state.requests.length).toBeGreaterThan(requestsAfter);
});

test('a tenant that refuses the app credentials gets a clear failure, not a crash', async () => {
  const h = await harness({ ...TENANT, clientSecret: 'wrong' });
  const { out } = await ask(h, sec);
  expect((out.replies[0] as { text: string }).text).toMatch(/^I could not read the tenant's state: Entra token: /);
});
