import { createHmac } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyMailEvent } from '@dsguard/classifier';
import type { AlertSink } from '../../src/alerts/alert-sink';
import { cefIncidentLine } from '../../src/alerts/cef';
import type { IncidentAlert } from '../../src/alerts/incident-alert';
import { OutboxWorker } from '../../src/alerts/outbox-worker';
import { securityChannelSink } from '../../src/alerts/security-channel-sink';
import { sentinelSink } from '../../src/alerts/sentinel-sink';
import { syslogSink } from '../../src/alerts/syslog-sink';
import { webhookSink } from '../../src/alerts/webhook-sink';
import { INCIDENT_VERBS, incidentCard } from '../../src/cards/incident-card';
import type { AdaptiveCard } from '../../src/cards/card-types';
import { silentLogger } from '../../src/log/logger';
import { ReportStore } from '../../src/reports/report-store';
import { outboxStats } from '../../src/storage/outbox';
import { openStorage } from '../../src/storage/open-storage';
import type { Incident } from '../../src/watch/incident-types';
import { WatchStore } from '../../src/watch/watch-store';
import { deliveryFromHunting } from '../../src/watch/mail-events';
import { cardProblems } from '../support/card-schema';
import { emailEvent } from '../support/hunting-table';
import { localServer } from '../support/server-harness';

const context = { acceptedDomains: ['contoso.com'] };
const row = emailEvent({
  at: Date.parse('2026-03-02T09:00:00Z'),
  from: 'ceo@contoso.com',
  to: 'amy@contoso.com',
  ip: '203.0.113.7',
  id: 'nmid-1',
  subject: 'Voicemail | pay = now',
});
const delivery = deliveryFromHunting(row)!;
const verdict = classifyMailEvent(delivery.event, context);
const incident: Incident = {
  id: '01900000-0000-7000-8000-000000000001',
  groupKey: '203.0.113.0/24|ceo@contoso.com',
  sourceKey: '203.0.113.0/24',
  sender: 'ceo@contoso.com',
  origin: 'defender',
  verdict,
  subject: 'Voicemail | pay = now',
  messages: 2,
  recipients: 5,
  firstSeen: Date.parse('2026-03-02T09:00:00Z'),
  lastSeen: Date.parse('2026-03-02T09:20:00Z'),
  status: 'new',
  revision: 0,
  createdAt: Date.parse('2026-03-02T09:25:00Z'),
  updatedAt: Date.parse('2026-03-02T09:25:00Z'),
};
const alert: IncidentAlert = { incident, networkMessageIds: ['nmid-1', 'nmid-2'] };

/** What Logs Ingestion received from the Sentinel sink (a local token endpoint and data collection endpoint). */
async function sentinelRecords(send: (sink: AlertSink) => Promise<void>): Promise<unknown> {
  const azure = await localServer((req, res) => {
    if (req.path.endsWith('/oauth2/v2.0/token'))
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: 't', expires_in: 3600 }));
    res.writeHead(204).end();
  });
  try {
    await send(
      sentinelSink({
        endpoint: azure.url,
        dcrId: 'dcr-0123456789abcdef0123456789abcdef',
        stream: 'Custom-DSGuardReports_CL',
        tenantId: 't',
        clientId: 'c',
        clientSecret: 's',
        authorityHost: azure.url,
      }),
    );
    return JSON.parse(azure.requests.find((r) => r.path.startsWith('/dataCollectionRules'))!.body) as unknown;
  } finally {
    await azure.close();
  }
}

test('a Defender row maps to the MailEvent the classifier judges: authentication, route, ids', () => {
  expect(delivery.event).toMatchObject({
    source: 'defender',
    networkMessageId: 'nmid-1',
    senderFromAddress: 'ceo@contoso.com',
    senderMailFromAddress: 'ceo@contoso.com',
    senderIp: '203.0.113.7',
    recipients: ['amy@contoso.com'],
    direction: 'Inbound',
    auth: { spf: 'fail', dkim: 'none', dmarc: 'fail', compauth: 'fail' },
    deliveryAction: 'Delivered',
  });
  expect(delivery.event.connectors).toBeUndefined();
  expect(verdict.verdict).toBe('spoof');
  expect(verdict.facts.networkMessageId).toBe('nmid-1');
});

test('webhook: event watch.incident with the NetworkMessageIds, signed like report alerts', async () => {
  const hook = await localServer((_req, res) => res.writeHead(204).end());
  const secret = 'a-long-enough-webhook-secret';
  await webhookSink({ url: `${hook.url}/hook`, secret }).deliverIncident(alert);
  const [request] = hook.requests;
  const body = JSON.parse(request!.body) as { event: string; incident: Record<string, unknown> };
  expect(body.event).toBe('watch.incident');
  expect(body.incident).toMatchObject({
    IncidentId: incident.id,
    Verdict: 'spoof',
    NetworkMessageIds: ['nmid-1', 'nmid-2'],
    Messages: 2,
    Recipients: 5,
    SrcIpAddr: '203.0.113.7',
    SourceRange: '203.0.113.0/24',
    FirstSeen: '2026-03-02T09:00:00.000Z',
    ThreatTechniques: ['T1566', 'T1672'],
  });
  expect(request!.headers['x-dsguard-signature']).toBe(
    `sha256=${createHmac('sha256', secret).update(request!.body).digest('hex')}`,
  );
  await hook.close();
});

test('Sentinel gets the same record; CEF carries severity 9 for a spoof, 6 for a trace candidate', async () => {
  expect(await sentinelRecords((sink) => sink.deliverIncident(alert))).toEqual([
    expect.objectContaining({
      EventType: 'watch.incident',
      IncidentId: incident.id,
      NetworkMessageIds: ['nmid-1', 'nmid-2'],
    }),
  ]);

  const line = cefIncidentLine(alert, '0.1.0');
  expect(
    line.startsWith('CEF:0|Direct Send Guard|Direct Send Guard|0.1.0|dsguard-watch-spoof|Watched incident: spoof|9|'),
  ).toBe(true);
  expect(line).toContain('msg=Voicemail | pay \\= now');
  expect(line).toContain('cs1=nmid-1,nmid-2');
  expect(line).toContain('cnt=2');
  const trace = {
    ...alert,
    incident: { ...incident, origin: 'trace' as const, verdict: { ...verdict, verdict: 'suspicious' as const } },
  };
  expect(cefIncidentLine(trace, '0.1.0')).toMatch(/\|dsguard-watch-suspicious\|Watched incident: suspicious\|6\|/);

  const udp = dgram.createSocket('udp4');
  const message = new Promise<string>((resolve) => udp.once('message', (m) => resolve(m.toString('utf8'))));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  await syslogSink({
    host: '127.0.0.1',
    port: udp.address().port,
    protocol: 'udp',
    productVersion: '0.1.0',
  }).deliverIncident(alert);
  expect(await message).toMatch(/^<164>1 \S+ \S+ dsguard - - - CEF:0\|.*\|dsguard-watch-spoof\|/);
  udp.close();
});

test('an incident that grew: webhook watch.incident.updated, Sentinel and CEF with the counts now and the revision', async () => {
  const grown: IncidentAlert = {
    incident: {
      ...incident,
      messages: 40,
      recipients: 400,
      lastSeen: Date.parse('2026-03-02T10:10:00Z'),
      revision: 3,
      updatedAt: Date.parse('2026-03-02T10:15:00Z'),
    },
    networkMessageIds: ['nmid-1', 'nmid-2'],
  };
  const hook = await localServer((_req, res) => res.writeHead(204).end());
  const secret = 'a-long-enough-webhook-secret';
  await webhookSink({ url: `${hook.url}/hook`, secret }).deliverIncidentUpdate(grown);
  const [request] = hook.requests;
  const body = JSON.parse(request!.body) as { event: string; incident: Record<string, unknown> };
  expect(body.event).toBe('watch.incident.updated');
  expect(body.incident).toMatchObject({
    EventType: 'watch.incident.updated',
    TimeGenerated: '2026-03-02T10:15:00.000Z',
    IncidentId: incident.id,
    Revision: 3,
    Messages: 40,
    Recipients: 400,
    FirstSeen: '2026-03-02T09:00:00.000Z',
    LastSeen: '2026-03-02T10:10:00.000Z',
  });
  expect(request!.headers['x-dsguard-signature']).toBe(
    `sha256=${createHmac('sha256', secret).update(request!.body).digest('hex')}`,
  );
  await hook.close();

  expect(await sentinelRecords((sink) => sink.deliverIncidentUpdate(grown))).toEqual([
    expect.objectContaining({
      EventType: 'watch.incident.updated',
      IncidentId: incident.id,
      Recipients: 400,
      Revision: 3,
    }),
  ]);

  const line = cefIncidentLine(grown, '0.1.0', 'watch.incident.updated');
  expect(
    line.startsWith(
      'CEF:0|Direct Send Guard|Direct Send Guard|0.1.0|dsguard-watch-spoof-updated|Watched incident grew: spoof|9|',
    ),
  ).toBe(true);
  expect(line).toContain(`externalId=${incident.id}`);
  expect(line).toContain('cnt=40');
  expect(line).toContain('cn2=400');
  expect(line).toContain('cn3Label=Revision cn3=3');
  expect(line).toContain(`rt=${Date.parse('2026-03-02T10:15:00Z')}`);
  expect(cefIncidentLine(grown, '0.1.0')).toContain('|dsguard-watch-spoof|');

  const tcp = await new Promise<{ server: net.Server; port: number; line: Promise<string> }>((resolve) => {
    let received!: (text: string) => void;
    const line = new Promise<string>((r) => (received = r));
    const server = net.createServer((socket) => {
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
      socket.on('end', () => received(text));
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port, line }));
  });
  await syslogSink({
    host: '127.0.0.1',
    port: tcp.port,
    protocol: 'tcp',
    productVersion: '0.1.0',
  }).deliverIncidentUpdate(grown);
  expect(await tcp.line).toMatch(/^<164>1 \S+ \S+ dsguard - - - CEF:0\|.*\|dsguard-watch-spoof-updated\|.*cn3=3\n$/);
  await new Promise((r) => tcp.server.close(r));
});

test('the incident card is valid Adaptive Cards 1.5 with its counts, times and triage buttons', () => {
  const card = incidentCard(incident);
  expect(cardProblems(card)).toEqual([]);
  const text = JSON.stringify(card.body);
  for (const expected of [
    'ceo@contoso.com',
    '203.0.113.0/24',
    '"Messages","value":"2"',
    '"Recipients","value":"5"',
    '2026-03-02 09:00:00 UTC',
    '2026-03-02 09:20:00 UTC',
  ]) {
    expect(text).toContain(expected);
  }
  const verbs = (card.actions as { verb?: string }[]).map((a) => a.verb);
  expect(verbs).toEqual([
    INCIDENT_VERBS.confirm,
    INCIDENT_VERBS.falsePositive,
    INCIDENT_VERBS.resolve,
    INCIDENT_VERBS.approveSource,
  ]);
  const resolved = incidentCard({ ...incident, status: 'resolved', statusBy: 'Sam' });
  expect((resolved.actions as { verb?: string }[]).map((a) => a.verb)).not.toContain(INCIDENT_VERBS.resolve);
  expect(JSON.stringify(resolved.body)).toContain('Resolved (by Sam)');
});

test('outbox: incident items go to every destination once, the channel card is posted once and remembered', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-incident-outbox-'));
  const db = await openStorage({ kind: 'sqlite', path: path.join(dir, 'db.sqlite') });
  const store = new WatchStore(db, () => ['webhook', 'teams-channel']);
  const outcome = await store.recordPage('defender', [
    { delivery, verdict },
    { delivery: deliveryFromHunting({ ...row, RecipientEmailAddress: 'bob@contoso.com' })!, verdict },
  ]);
  const [created] = outcome.newIncidents;
  let hookUp = false;
  const hook = await localServer((_req, res) => res.writeHead(hookUp ? 200 : 503).end());
  const posted: AdaptiveCard[] = [];
  const channel = {
    post: async (card: AdaptiveCard) => (
      posted.push(card),
      { conversationId: '19:abc@thread.tacv2', activityId: '1700000000001' }
    ),
    update: async () => {
      throw new Error('nothing to update: the incident did not change');
    },
  };
  const worker = new OutboxWorker(
    db,
    new ReportStore(db),
    [webhookSink({ url: hook.url }), securityChannelSink(channel, new ReportStore(db), store)],
    silentLogger,
    { baseBackoffMs: 1, maxBackoffMs: 1 },
    store,
  );
  expect(await worker.runOnce()).toBe(1); // the channel took it; the webhook is down
  expect(await outboxStats(db)).toEqual({ pending: 1, delivered: 1, failing: 1 });
  expect(posted).toHaveLength(1);
  expect((await store.getIncident(created!.id))!.securityMessage).toEqual({
    conversationId: '19:abc@thread.tacv2',
    activityId: '1700000000001',
  });
  hookUp = true;
  await new Promise((r) => setTimeout(r, 5));
  expect(await worker.runOnce()).toBe(1);
  const body = JSON.parse(hook.requests.at(-1)!.body) as {
    incident: { NetworkMessageIds: string[]; Recipients: number };
  };
  expect(body.incident).toMatchObject({ NetworkMessageIds: ['nmid-1'], Recipients: 2 });
  expect(posted).toHaveLength(1);
  await hook.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});
