import { createHmac } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { classify } from '@dsguard/classifier';
import { cefLine, productVersion } from '../../src/alerts/cef';
import { backoffMs, OutboxWorker } from '../../src/alerts/outbox-worker';
import { sentinelSink } from '../../src/alerts/sentinel-sink';
import { syslogSink } from '../../src/alerts/syslog-sink';
import { webhookSink } from '../../src/alerts/webhook-sink';
import { silentLogger } from '../../src/log/logger';
import { ReportStore } from '../../src/reports/report-store';
import type { Report } from '../../src/reports/report-types';
import { migrate } from '../../src/storage/migrations';
import { outboxStats } from '../../src/storage/outbox';
import { openSqlite } from '../../src/storage/sqlite-client';
import { headerBlockOf, repoRoot, sample } from '../support/fixtures';
import { localServer } from '../support/server-harness';

const spoof = sample('01-spoof-self.eml');
const verdict = classify(spoof.raw, spoof.tenant);
const report: Report = {
  id: '3f2a0c1e-0000-4000-8000-000000000001',
  clientReportId: '3f2a0c1e-0000-4000-8000-000000000002',
  reporterId: 'u1',
  reporterName: 'Ann',
  source: 'addin',
  networkMessageId: verdict.facts.networkMessageId,
  subject: 'Caller Left VM | pipe = equals \\ slash',
  headers: headerBlockOf(spoof.raw),
  hasEml: false,
  verdict,
  status: 'new',
  createdAt: new Date('2026-07-21T01:05:00Z').toISOString(),
  updatedAt: new Date('2026-07-21T01:05:00Z').toISOString(),
};

test('CEF line: header fields escaped for | and \\, extensions for = and \\', () => {
  const line = cefLine({ ...report, verdict: { ...verdict, verdict: 'spoof' } }, '2.3.4');
  expect(
    line.startsWith('CEF:0|Direct Send Guard|Direct Send Guard|2.3.4|dsguard-report-spoof|Reported message: spoof|9|'),
  ).toBe(true);
  expect(line).toContain('msg=Caller Left VM | pipe \\= equals \\\\ slash');
  expect(line).toContain(`src=${verdict.facts.connectingIp}`);
  expect(line).toContain('cs5=T1566,T1672');
  expect(line).toContain(`externalId=${report.id}`);
});

test('CEF line: every line break in a value is encoded, a lone CR too, so one report stays one record', () => {
  const line = cefLine({ ...report, subject: 'a\rforged=1\nb\r\nc' }, '1.0.0');
  expect(line).toContain('msg=a\\rforged\\=1\\nb\\nc');
  expect(line).not.toMatch(/[\r\n]/);
});

test('the CEF product version is the one in the repository package.json', () => {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  expect(productVersion(repoRoot)).toBe(version);
  expect(() => productVersion(path.join(repoRoot, 'bot', 'src'))).toThrow(/package\.json/);
});

test('webhook: JSON body with an HMAC signature; a non-2xx answer is a failure', async () => {
  let status = 500;
  const hook = await localServer((_req, res) => res.writeHead(status).end());
  const secret = 'a-long-enough-webhook-secret';
  const sink = webhookSink({ url: `${hook.url}/hook`, secret });
  await expect(sink.deliver(report)).rejects.toThrow(/500/);
  status = 204;
  await sink.deliver(report);
  const last = hook.requests.at(-1)!;
  expect(JSON.parse(last.body)).toMatchObject({
    event: 'report.filed',
    report: { ReportId: report.id, Verdict: verdict.verdict, SrcIpAddr: verdict.facts.connectingIp },
  });
  expect(last.headers['x-dsguard-signature']).toBe(
    `sha256=${createHmac('sha256', secret).update(last.body).digest('hex')}`,
  );
  await hook.close();
});

test('Sentinel: client-credentials token for monitor.azure.com, then the DCR stream endpoint (contract server)', async () => {
  const azure = await localServer((req, res) => {
    if (req.path === '/tenant-1/oauth2/v2.0/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('scope') !== 'https://monitor.azure.com/.default' || form.get('client_secret') !== 's3cret')
        return void res.writeHead(401).end();
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' }));
    }
    if (
      req.path ===
      '/dataCollectionRules/dcr-0123456789abcdef0123456789abcdef/streams/Custom-DSGuardReports_CL?api-version=2023-01-01'
    ) {
      if (req.headers.authorization !== 'Bearer tok-1') return void res.writeHead(403).end();
      const body = JSON.parse(req.body) as unknown[];
      return void res.writeHead(Array.isArray(body) ? 204 : 400).end();
    }
    res.writeHead(404).end();
  });
  const sink = sentinelSink({
    endpoint: azure.url,
    dcrId: 'dcr-0123456789abcdef0123456789abcdef',
    stream: 'Custom-DSGuardReports_CL',
    tenantId: 'tenant-1',
    clientId: 'c',
    clientSecret: 's3cret',
    authorityHost: azure.url,
  });
  await sink.deliver(report);
  await sink.deliver(report);
  expect(azure.requests.filter((r) => r.path.includes('/token'))).toHaveLength(1);
  const ingest = azure.requests.filter((r) => r.path.startsWith('/dataCollectionRules'));
  expect(ingest).toHaveLength(2);
  expect(JSON.parse(ingest[0]!.body)).toEqual([
    expect.objectContaining({ ReportId: report.id, TimeGenerated: report.createdAt }),
  ]);
  await azure.close();
});

test('syslog over UDP and TCP carries an RFC 5424 message with the CEF payload', async () => {
  const udp = dgram.createSocket('udp4');
  const udpMessage = new Promise<string>((resolve) => udp.once('message', (m) => resolve(m.toString('utf8'))));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  await syslogSink({ host: '127.0.0.1', port: udp.address().port, protocol: 'udp', productVersion: '3.1.4' }).deliver(
    report,
  );
  expect(await udpMessage).toMatch(
    /^<164>1 \S+ \S+ dsguard - - - CEF:0\|Direct Send Guard\|Direct Send Guard\|3\.1\.4\|/,
  );
  udp.close();

  let received = '';
  const tcp = net.createServer((socket) => socket.on('data', (d) => (received += d.toString('utf8'))));
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  await syslogSink({
    host: '127.0.0.1',
    port: (tcp.address() as net.AddressInfo).port,
    protocol: 'tcp',
    productVersion: '3.1.4',
  }).deliver(report);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(received).toMatch(/CEF:0\|.*\n$/);
  await new Promise<void>((resolve) => tcp.close(() => resolve()));
  const closedPort = (tcp.address() as net.AddressInfo | null)?.port ?? 1;
  await expect(
    syslogSink({
      host: '127.0.0.1',
      port: closedPort,
      protocol: 'tcp',
      timeoutMs: 500,
      productVersion: '3.1.4',
    }).deliver(report),
  ).rejects.toThrow(/syslog TCP/);
});

test('backoff doubles per attempt, with jitter, up to the cap', () => {
  const mid = () => 0.5;
  expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, 1000, 5000, mid))).toEqual([1000, 2000, 4000, 5000, 5000]);
});

test('outbox: an unreachable destination loses nothing; after a restart the alerts are delivered', async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dsguard-outbox-'));
  const file = path.join(tmp, 'db.sqlite');
  let up = false;
  const hook = await localServer((_req, res) => res.writeHead(up ? 200 : 503).end());

  const db1 = openSqlite(file);
  await migrate(db1);
  const store1 = new ReportStore(db1, () => ['webhook']);
  const worker1 = new OutboxWorker(db1, store1, [webhookSink({ url: hook.url })], silentLogger, {
    baseBackoffMs: 10,
    maxBackoffMs: 20,
  });
  for (let i = 0; i < 3; i++) {
    await store1.file({
      clientReportId: `3f2a0c1e-0000-4000-8000-00000000010${i}`,
      reporter: { id: `u${i}` },
      source: 'api',
      headers: 'x',
      verdict,
    });
  }
  expect(await worker1.runOnce()).toBe(0);
  expect(await outboxStats(db1)).toEqual({ pending: 3, delivered: 0, failing: 3 });
  await db1.close();

  up = true;
  const db2 = openSqlite(file);
  await migrate(db2);
  const store2 = new ReportStore(db2, () => ['webhook']);
  const worker2 = new OutboxWorker(db2, store2, [webhookSink({ url: hook.url })], silentLogger, {
    pollMs: 10,
    baseBackoffMs: 10,
    maxBackoffMs: 20,
  });
  worker2.start();
  const deadline = Date.now() + 5000;
  while ((await outboxStats(db2)).delivered < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await worker2.stop();
  expect(await outboxStats(db2)).toEqual({ pending: 0, delivered: 3, failing: 0 });
  const ids = hook.requests
    .filter((r) => r.body.includes('report.filed'))
    .map((r) => (JSON.parse(r.body) as { report: { ReportId: string } }).report.ReportId);
  expect(new Set(ids).size).toBe(3);
  await db2.close();
  await hook.close();
  rmSync(tmp, { recursive: true, force: true });
});
