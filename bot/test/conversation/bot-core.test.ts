import { classify } from '@dsguard/classifier';
import { importTraceRows } from '../../src/admin/inventory/import-into-store';
import { sourceKeyFor } from '../../src/admin/inventory/source-key';
import { strings as adminStrings } from '../../src/admin/strings';
import { VERBS } from '../../src/cards/card-types';
import type { BotOutput, BotUser } from '../../src/conversation/bot-types';
import { strings } from '../../src/strings';
import { cardActions, cardTexts, coreHarness } from '../support/core-harness';
import { headerBlockOf, sample } from '../support/fixtures';
import { expectCardShowsVerdict } from '../support/verdict-card-assertions';

const ann: BotUser = { id: 'aad-ann', name: 'Ann', isAdmin: false };
const sec: BotUser = { id: 'aad-sec', name: 'Sec', isAdmin: true };
const spoof = sample('01-spoof-self.eml');
const headers = headerBlockOf(spoof.raw);
const firstCard = (out: BotOutput): unknown => {
  const reply = out.replies.find((r) => 'card' in r);
  if (!reply || !('card' in reply)) throw new Error('no card in reply');
  return reply.card;
};
const firstText = (out: BotOutput): string => {
  const reply = out.replies.find((r) => 'text' in r);
  if (!reply || !('text' in reply)) throw new Error('no text in reply');
  return reply.text;
};

test('pasted headers get a verdict card with a Report to security button (Action.Execute + Submit fallback)', async () => {
  const h = await coreHarness({ acceptedDomains: spoof.tenant.acceptedDomains });
  const out = await h.core.handle({ kind: 'message', text: headers, files: [] }, ann);
  const card = firstCard(out);
  expectCardShowsVerdict(card, classify(headers, spoof.tenant));
  const report = cardActions(card).find((a) => a.verb === VERBS.report);
  expect(report).toMatchObject({
    type: 'Action.Execute',
    title: strings.reportButton,
    fallback: { type: 'Action.Submit', data: { verb: VERBS.report } },
  });
  expect(classify(headers, spoof.tenant).verdict).toBe('spoof');
});

test('"check" with headers, and "check" alone, answer sensibly', async () => {
  const h = await coreHarness();
  expect(firstText(await h.core.handle({ kind: 'message', text: 'check', files: [] }, ann))).toBe(
    strings.checkNeedsInput,
  );
  expect(firstCard(await h.core.handle({ kind: 'message', text: `check ${headers}`, files: [] }, ann))).toBeDefined();
});

test('help lists commands; admins also see admin commands', async () => {
  const h = await coreHarness();
  const user = firstText(await h.core.handle({ kind: 'message', text: 'help', files: [] }, ann));
  const admin = firstText(await h.core.handle({ kind: 'message', text: 'Help', files: [] }, sec));
  expect(user).toContain('reports');
  expect(user).not.toContain('inventory');
  expect(admin).toContain('inventory');
});

test('unknown input gets the likeliest commands as buttons, never the header hint alone', async () => {
  const h = await coreHarness();
  const out = await h.core.handle({ kind: 'message', text: 'what is this?', files: [] }, ann);
  // "is this" leans towards check, so check comes first.
  expect(out).toMatchObject({ intent: 'unknown', suggestions: ['check', 'help', 'reports'] });
  expect(firstText(out)).toBe(strings.unsure(['check', 'help', 'reports']));
  expect(firstText(await h.core.handle({ kind: 'message', text: '', files: [] }, ann))).toBe(
    strings.unsure(['help', 'check', 'reports']),
  );
  // A close call between two admin commands offers both, for an admin; a user is not offered admin commands.
  const close = await h.core.handle({ kind: 'message', text: 'sources plan', files: [] }, sec);
  expect(close.intent).toBe('unknown');
  expect([...close.suggestions!].slice(0, 2).sort()).toEqual(['inventory', 'readiness']);
  const user = await h.core.handle({ kind: 'message', text: 'sources plan', files: [] }, ann);
  expect(user.suggestions).toEqual(['help', 'check', 'reports']);
});

test('text that is not headers after "check" says what was wrong', async () => {
  const h = await coreHarness();
  const out = await h.core.handle({ kind: 'message', text: 'check hello there', files: [] }, ann);
  expect(firstText(out)).toMatch(/could not find email headers/);
});

test('non-admins are refused admin commands; admins reach the plugged-in handler', async () => {
  const calls: string[] = [];
  const h = await coreHarness({
    adminCommands: new Map([['inventory', async (args) => (calls.push(args), [{ text: 'inventory!' }])]]),
  });
  for (const cmd of ['inventory', 'import', 'approve x', 'retire x', 'readiness', 'probe']) {
    const out = await h.core.handle({ kind: 'message', text: cmd, files: [] }, ann);
    expect(firstText(out)).toBe(strings.adminOnly(cmd.split(' ')[0]!));
  }
  expect(calls).toEqual([]);
  expect(firstText(await h.core.handle({ kind: 'message', text: 'inventory top 5', files: [] }, sec))).toBe(
    'inventory!',
  );
  expect(calls).toEqual(['top 5']);
  expect(firstText(await h.core.handle({ kind: 'message', text: 'readiness', files: [] }, sec))).toBe(
    strings.adminCommandUnavailable('readiness'),
  );
});

test('Report to security files one report per check, even when pressed twice, and updates the card', async () => {
  const h = await coreHarness({ acceptedDomains: spoof.tenant.acceptedDomains });
  const checked = await h.core.handle({ kind: 'message', text: headers, files: [] }, ann);
  const action = cardActions(firstCard(checked)).find((a) => a.verb === VERBS.report)!;
  const first = await h.core.handle({ kind: 'card-action', verb: VERBS.report, data: action.data! }, ann);
  const second = await h.core.handle({ kind: 'card-action', verb: VERBS.report, data: action.data! }, ann);
  expect(first.invoke).toMatchObject({
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' },
  });
  expect(first.updateCard).toBeDefined();
  expect(cardActions(first.updateCard).some((a) => a.verb === VERBS.report)).toBe(false);
  expect(second.updateCard).toEqual(first.updateCard);
  const mine = await h.reports.store.list({ reporterId: ann.id });
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ source: 'teams', reporterName: 'Ann', status: 'new' });
});

test("another user cannot report with someone else's check id", async () => {
  const h = await coreHarness();
  const checked = await h.core.handle({ kind: 'message', text: headers, files: [] }, ann);
  const action = cardActions(firstCard(checked)).find((a) => a.verb === VERBS.report)!;
  const out = await h.core.handle(
    { kind: 'card-action', verb: VERBS.report, data: action.data! },
    { id: 'aad-bob', isAdmin: false },
  );
  expect(out.invoke?.body).toMatchObject({ value: strings.checkExpired });
  expect(await h.reports.store.count()).toBe(0);
});

test('Action.Submit fallback (message with value.verb) reaches the same handler', async () => {
  const h = await coreHarness();
  const checked = await h.core.handle({ kind: 'message', text: headers, files: [] }, ann);
  const action = cardActions(firstCard(checked)).find((a) => a.verb === VERBS.report)!;
  const out = await h.core.handle({ kind: 'message', text: '', files: [], value: action.fallback!.data! }, ann);
  expect(cardTexts(firstCard(out)).some((t) => t.startsWith('Thanks: your report'))).toBe(true);
  expect(await h.reports.store.count()).toBe(1);
});

test('"report <headers>" files directly; "reports" lists only the user\'s own', async () => {
  const h = await coreHarness();
  const filed = await h.core.handle({ kind: 'message', text: `report ${headers}`, files: [] }, ann);
  expect(firstText(filed)).toMatch(/^Thanks: your report/);
  const dup = await h.core.handle({ kind: 'message', text: `report ${headers}`, files: [] }, ann);
  expect(firstText(dup)).toMatch(/already reported/);
  expect(
    firstText(await h.core.handle({ kind: 'message', text: 'reports', files: [] }, { id: 'aad-bob', isAdmin: false })),
  ).toBe(strings.noReports);
  const list = firstCard(await h.core.handle({ kind: 'message', text: 'reports', files: [] }, ann));
  expect(cardTexts(list)[0]).toBe(strings.reportsTitle(1, false));
  const all = firstCard(await h.core.handle({ kind: 'message', text: 'reports all', files: [] }, sec));
  expect(cardTexts(all)[0]).toBe(strings.reportsTitle(1, true));
});

test('security card buttons: admins change status and add known senders once message trace shows the source; others are refused', async () => {
  const h = await coreHarness({ acceptedDomains: spoof.tenant.acceptedDomains });
  await h.core.handle({ kind: 'message', text: `report ${headers}`, files: [] }, ann);
  const [report] = await h.reports.store.list();
  const data = { reportId: report!.id };
  const denied = await h.core.handle({ kind: 'card-action', verb: VERBS.confirm, data }, ann);
  expect(denied.invoke?.body).toMatchObject({ value: strings.securityActionDenied });
  const confirmed = await h.core.handle({ kind: 'card-action', verb: VERBS.confirm, data }, sec);
  expect(cardTexts(confirmed.updateCard)).toContain(strings.securityStatus('Confirmed spoof', 'Sec'));
  expect(cardActions(confirmed.updateCard).some((a) => a.verb === VERBS.confirm)).toBe(false);
  expect((await h.reports.store.get(report!.id))?.status).toBe('confirmed-spoof');

  const before = classify(headers, { acceptedDomains: spoof.tenant.acceptedDomains });
  // Only the report names the source so far: anyone could have pasted those headers, so it is not trusted.
  const { key } = sourceKeyFor(before.facts.connectingIp);
  const refused = await h.core.handle({ kind: 'card-action', verb: VERBS.addKnownSender, data }, sec);
  expect(refused.invoke?.body).toMatchObject({ value: adminStrings.approveUnverified(key) });
  expect((await h.tenantContext.answer()).knownSenders).toEqual([]);
  // Message trace shows mail from it: now the admin's click makes it a known sender (its IP, not the From address).
  await importTraceRows(
    [
      {
        origin: 'csv-summary',
        clientIp: before.facts.connectingIp!,
        senderAddress: 'mfp@contoso.example',
        recipients: [],
      },
    ],
    h.inventory,
    { kind: 'test', label: 'trace' },
  );
  const added = await h.core.handle({ kind: 'card-action', verb: VERBS.addKnownSender, data }, sec);
  expect(cardTexts(added.updateCard).some((t) => t.startsWith('Added Report'))).toBe(true);
  const context = await h.tenantContext.answer();
  expect(context.knownSenders[0]?.ips).toEqual([before.facts.connectingIp]);
  expect(context.knownSenders[0]?.addresses ?? []).not.toContain(before.facts.fromAddress);
  const after = await h.reports.verdictFor(headers);
  expect(after.verdict).not.toBe('spoof');
});

test('message action: fetch shows the verdict in a task module; submit files a report with the note', async () => {
  const h = await coreHarness();
  const message = {
    id: '1700000000000',
    text: 'Your voicemail is waiting, click here',
    fromName: 'Mallory',
    link: 'https://teams.microsoft.com/l/message/x',
  };
  const fetched = await h.core.handle({ kind: 'message-action-fetch', message }, ann);
  expect(fetched.invoke).toMatchObject({
    status: 200,
    body: {
      task: {
        type: 'continue',
        value: { title: strings.messageActionTitle, card: { contentType: 'application/vnd.microsoft.card.adaptive' } },
      },
    },
  });
  const submitted = await h.core.handle({ kind: 'message-action-submit', message, data: { note: 'looks fake' } }, ann);
  expect(submitted.invoke).toMatchObject({ status: 200, body: { task: { type: 'message' } } });
  const again = await h.core.handle({ kind: 'message-action-submit', message, data: {} }, ann);
  expect((again.invoke?.body as { task: { value: string } }).task.value).toMatch(/already reported/);
  const [report] = await h.reports.store.list();
  expect(report).toMatchObject({
    note: 'looks fake',
    source: 'teams',
    subject: 'Teams message from Mallory https://teams.microsoft.com/l/message/x',
  });
});

test('.eml attachments are downloaded and checked; failures are explained', async () => {
  const h = await coreHarness({
    acceptedDomains: spoof.tenant.acceptedDomains,
    download: async (file) =>
      file.name === 'big.eml'
        ? { ok: false, reason: 'too-large' }
        : file.name === 'x.pdf'
          ? { ok: false, reason: 'not-eml' }
          : { ok: true, text: spoof.raw },
  });
  const ok = await h.core.handle(
    { kind: 'message', text: '', files: [{ name: 'msg.eml', downloadUrl: 'https://x/msg.eml' }] },
    ann,
  );
  expectCardShowsVerdict(firstCard(ok), classify(headers, spoof.tenant));
  expect(
    firstText(
      await h.core.handle({ kind: 'message', text: '', files: [{ name: 'big.eml', downloadUrl: 'https://x' }] }, ann),
    ),
  ).toBe(strings.attachmentTooLarge(1024 * 1024));
  expect(
    firstText(
      await h.core.handle({ kind: 'message', text: '', files: [{ name: 'x.pdf', downloadUrl: 'https://x' }] }, ann),
    ),
  ).toBe(strings.attachmentNotEml('x.pdf'));
});
