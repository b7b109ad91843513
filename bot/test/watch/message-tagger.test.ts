import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyMailEvent } from '@dsguard/classifier';
import { clientCredentialsTokenProvider } from '../../src/admin/clients/token-provider';
import { silentLogger } from '../../src/log/logger';
import { openStorage } from '../../src/storage/open-storage';
import type { SqlClient } from '../../src/storage/sql-client';
import { deliveryFromHunting } from '../../src/watch/mail-events';
import { MessageTagger, SPOOF_CATEGORY } from '../../src/watch/message-tagger';
import { WatchStore } from '../../src/watch/watch-store';
import { tagPolledIncidents } from '../../src/watch/watch-setup';
import { startContractServer, type ContractServer } from '../admin/servers/microsoft-contract-server';
import { emailEvent } from '../support/hunting-table';
import { mailboxRoute, type MailboxMessage } from '../support/mailbox-route';

let server: ContractServer;
let db: SqlClient;
let dir: string;
const mailboxes = new Map<string, MailboxMessage[]>();
const outOfScope = new Set<string>();

beforeEach(async () => {
  mailboxes.clear();
  outOfScope.clear();
  server = await startContractServer({ graphRoutes: mailboxRoute(mailboxes, outOfScope) });
  dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-tag-'));
  db = await openStorage({ kind: 'sqlite', path: path.join(dir, 'db.sqlite') });
});
afterEach(async () => {
  await db.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('spoofs get the "Direct Send spoof" category in each mailbox, kept with the user\'s own; a false positive takes it off', async () => {
  const store = new WatchStore(db);
  const at = Date.now() - 60_000;
  const rows = ['amy', 'bob', 'cat'].map((u) =>
    emailEvent({
      at,
      from: 'ceo@contoso.com',
      to: `${u}@contoso.com`,
      ip: '203.0.113.7',
      id: 'nmid-1',
      InternetMessageId: "<o'brien-1@evil.test>",
    }),
  );
  mailboxes.set('amy@contoso.com', [
    { id: 'AAMk-1', internetMessageId: "<o'brien-1@evil.test>", categories: ['Red category'] },
  ]);
  mailboxes.set('bob@contoso.com', [
    { id: 'AAMk-2', internetMessageId: "<o'brien-1@evil.test>", categories: [] },
    { id: 'AAMk-3', internetMessageId: '<other@x>', categories: [] },
  ]);
  outOfScope.add('cat@contoso.com');
  const judged = rows
    .map((r) => deliveryFromHunting(r)!)
    .map((delivery) => ({
      delivery,
      verdict: classifyMailEvent(delivery.event, { acceptedDomains: ['contoso.com'] }),
    }));
  const outcome = await store.recordPage('defender', judged);
  const tagger = new MessageTagger({
    tokens: clientCredentialsTokenProvider({
      tenantId: 'tenant-1',
      clientId: 'app-id',
      clientSecret: 'app-secret',
      authority: server.url,
    }),
    graphUrl: `${server.url}/graph/v1.0`,
    store,
    logger: silentLogger,
  });
  const result = {
    startedAt: 0,
    finishedAt: 0,
    sources: [
      {
        source: 'defender' as const,
        events: 3,
        newMessages: 1,
        incidents: outcome.newIncidents,
        grown: [],
        approved: 0,
      },
    ],
  };

  expect(await tagPolledIncidents(tagger, store, result)).toBe(2);
  expect(mailboxes.get('amy@contoso.com')![0]!.categories).toEqual(['Red category', SPOOF_CATEGORY]);
  expect(mailboxes.get('bob@contoso.com')!.map((m) => m.categories)).toEqual([[SPOOF_CATEGORY], []]);
  // The mailbox outside the app's management scope is left alone and not marked done.
  expect(
    (await store.deliveries(outcome.newIncidents[0]!.id)).map((d) => [d.recipient, d.taggedAt !== undefined]),
  ).toEqual([
    ['amy@contoso.com', true],
    ['bob@contoso.com', true],
    ['cat@contoso.com', false],
  ]);
  // A second pass changes nothing (no duplicate categories).
  expect(await tagPolledIncidents(tagger, store, result)).toBe(0);
  const patches = server.state.requests.filter((r) => r.method === 'PATCH');
  expect(patches.map((r) => r.path)).toEqual([
    '/graph/v1.0/users/amy%40contoso.com/messages/AAMk-1',
    '/graph/v1.0/users/bob%40contoso.com/messages/AAMk-2',
  ]);

  const incident = (await store.setStatus(outcome.newIncidents[0]!.id, 'false-positive', 'Sec'))!;
  expect(await tagger.untag(incident)).toBe(2);
  expect(mailboxes.get('amy@contoso.com')![0]!.categories).toEqual(['Red category']);
  expect(mailboxes.get('bob@contoso.com')![0]!.categories).toEqual([]);
  expect(await tagPolledIncidents(tagger, store, result)).toBe(0); // false positives are not tagged again
});
