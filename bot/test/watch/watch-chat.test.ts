import { classifyMailEvent } from '@dsguard/classifier';
import { INCIDENT_VERBS } from '../../src/cards/incident-card';
import { watchCommands } from '../../src/conversation/admin/watch-command';
import type { BotUser } from '../../src/conversation/bot-types';
import { silentLogger } from '../../src/log/logger';
import type { Incident } from '../../src/watch/incident-types';
import { deliveryFromHunting } from '../../src/watch/mail-events';
import type { WatchStatus } from '../../src/watch/watch-service';
import { WatchStore } from '../../src/watch/watch-store';
import { cardProblems } from '../support/card-schema';
import { cardTexts, coreHarness, countingIo } from '../support/core-harness';
import { emailEvent } from '../support/hunting-table';

const ann: BotUser = { id: 'aad-ann', name: 'Ann', isAdmin: false };
const sec: BotUser = { id: 'aad-sec', name: 'Sec', isAdmin: true };
const io = countingIo(() => undefined);
const NOW = Date.parse('2026-03-02T12:00:00Z');

async function harness(status: WatchStatus | undefined, untagged: Incident[] = []) {
  let store!: WatchStore;
  const h = await coreHarness({
    inventory: 'sqlite',
    acceptedDomains: ['contoso.com'],
    watch: ({ db, inventory, tenantContext }) => {
      store = new WatchStore(db, () => []);
      return watchCommands({
        store,
        status: () => status,
        inventory,
        onKnownSendersChanged: () => tenantContext.invalidate(),
        untag: async (incident) => (untagged.push(incident), 3),
        logger: silentLogger,
        clock: () => NOW,
      });
    },
  });
  return { ...h, store };
}

async function seedIncident(store: WatchStore, at: number, ip = '203.0.113.7'): Promise<Incident> {
  const delivery = deliveryFromHunting(
    emailEvent({ at, from: 'ceo@contoso.com', to: 'amy@contoso.com', ip, id: `m-${at}` }),
  )!;
  const outcome = await store.recordPage(
    'defender',
    [{ delivery, verdict: classifyMailEvent(delivery.event, { acceptedDomains: ['contoso.com'] }) }],
    at,
  );
  return outcome.newIncidents[0]!;
}

const running: WatchStatus = {
  enabled: true,
  leader: true,
  intervalMs: 300_000,
  sources: ['defender'],
  polling: false,
};

test("watch: running, last poll per source, today's incidents with links to their cards; admins only", async () => {
  const h = await harness(running);
  const yesterday = await seedIncident(h.store, NOW - 20 * 3_600_000);
  const today = await seedIncident(h.store, NOW - 3_600_000, '198.18.0.1');
  await h.store.setSecurityMessage(today.id, '19:abc@thread.tacv2', '1700000000001');
  await h.store.recordPoll('defender', { ok: true, events: 42, by: 'host:1' }, NOW - 60_000);

  const denied = await h.core.handle({ kind: 'message', text: 'watch', files: [] }, ann, io);
  expect(denied.replies).toEqual([{ text: expect.stringMatching(/for Direct Send Guard admins/) }]);

  const out = await h.core.handle({ kind: 'message', text: 'watch', files: [] }, sec, io);
  const text = (out.replies[0] as { text: string }).text;
  expect(text).toContain('**Tenant watcher**: running (defender, every 300 s, this instance polls)');
  expect(text).toContain('- defender: last poll 2026-03-02T11:59:00Z, 42 events');
  expect(text).toContain('Incidents today: 1');
  expect(text).toContain(
    `[${today.id.slice(0, 8)}](https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/1700000000001)`,
  );
  expect(text).not.toContain(yesterday.id.slice(0, 8));
});

test('watch when the watcher is off says what to set', async () => {
  const h = await harness(undefined);
  const out = await h.core.handle({ kind: 'message', text: 'watch', files: [] }, sec, io);
  expect(out.replies).toEqual([{ text: expect.stringContaining('WATCH_SOURCES') }]);
});

test('triage buttons update the card for everyone; false positive removes the tags; approve source makes it a known sender', async () => {
  const untagged: Incident[] = [];
  const h = await harness(running, untagged);
  const incident = await seedIncident(h.store, NOW - 60_000);

  const refused = await h.core.handle(
    { kind: 'card-action', verb: INCIDENT_VERBS.confirm, data: { incidentId: incident.id } },
    ann,
    io,
  );
  expect(refused.updateCard).toBeUndefined();
  expect((await h.store.getIncident(incident.id))!.status).toBe('new');

  const confirmed = await h.core.handle(
    { kind: 'card-action', verb: INCIDENT_VERBS.confirm, data: { incidentId: incident.id } },
    sec,
    io,
  );
  expect(cardProblems(confirmed.updateCard)).toEqual([]);
  expect(cardTexts(confirmed.updateCard)).toContain('Status: Confirmed spoof (by Sec)');
  expect((await h.store.getIncident(incident.id))!.status).toBe('confirmed-spoof');

  const falsePositive = await h.core.handle(
    { kind: 'card-action', verb: INCIDENT_VERBS.falsePositive, data: { incidentId: incident.id } },
    sec,
    io,
  );
  expect(untagged.map((i) => i.id)).toEqual([incident.id]);
  expect(cardTexts(falsePositive.updateCard)).toContain('Removed the warning category from 3 messages.');

  const approved = await h.core.handle(
    { kind: 'card-action', verb: INCIDENT_VERBS.approveSource, data: { incidentId: incident.id } },
    sec,
    io,
  );
  expect(cardTexts(approved.updateCard).join('\n')).toContain('Approved 203.0.113.0/24');
  expect(await h.inventory.getSource('203.0.113.0/24')).toMatchObject({
    status: 'approved',
    ips: ['203.0.113.7'],
    senders: {},
  });
  const context = await h.tenantContext.forClassifier();
  expect(context.knownSenders).toEqual([expect.objectContaining({ ips: ['203.0.113.7'] })]);

  const missing = await h.core.handle(
    { kind: 'card-action', verb: INCIDENT_VERBS.resolve, data: { incidentId: 'nope' } },
    sec,
    io,
  );
  expect(missing.invoke?.body).toMatchObject({ value: 'That incident no longer exists.' });
});
