import { importTraceRows } from '../../src/admin/inventory/import-into-store';
import type { TraceRow } from '../../src/admin/trace/trace-row';
import { VERBS } from '../../src/cards/card-types';
import type { BotOutput, BotUser } from '../../src/conversation/bot-types';
import { strings } from '../../src/strings';
import { cardProblems } from '../support/card-schema';
import { cardTexts, coreHarness, type CoreHarness } from '../support/core-harness';

const ann: BotUser = { id: 'aad-ann', name: 'Ann', isAdmin: false };
const sec: BotUser = { id: 'aad-sec', name: 'Sec', isAdmin: true };
const SCANNER = '198.51.100.0/24';
const ATTACK = '203.0.113.0/24';

const row = (over: Partial<TraceRow>): TraceRow => ({
  origin: 'csv-summary',
  recipients: ['alice@contoso.com'],
  receivedAt: Date.UTC(2026, 5, 1),
  ...over,
});

/** A scanner (6 messages from two IPs of one /24) and an attack-like source (4 self-addressed lures from a loopback HELO). */
async function seeded(): Promise<CoreHarness & { inventory: NonNullable<CoreHarness['inventory']> }> {
  const h = await coreHarness({ inventory: 'sqlite' });
  const rows: TraceRow[] = [];
  for (let i = 0; i < 6; i += 1)
    rows.push(
      row({
        clientIp: `198.51.100.${20 + (i % 2)}`,
        senderAddress: 'scanner@contoso.com',
        subject: 'Scanned from MX-3071',
        helo: 'MX-3071',
        receivedAt: Date.UTC(2026, 5, 1 + i),
      }),
    );
  for (let i = 0; i < 4; i += 1)
    rows.push(
      row({
        clientIp: '203.0.113.66',
        senderAddress: `u${i}@contoso.com`,
        recipients: [`u${i}@contoso.com`],
        subject: 'Caller Left VM Message',
        helo: '[127.0.0.1]',
      }),
    );
  await importTraceRows(rows, h.inventory!, { kind: 'test', label: 'seed' });
  return h as CoreHarness & { inventory: NonNullable<CoreHarness['inventory']> };
}

const say = (h: CoreHarness, text: string, user: BotUser = sec): Promise<BotOutput> =>
  h.core.handle({ kind: 'message', text, files: [] }, user);
const textOf = (out: BotOutput): string => {
  const reply = out.replies[0];
  if (!reply || !('text' in reply)) throw new Error(`expected a text reply, got ${JSON.stringify(out.replies)}`);
  return reply.text;
};
const cardOf = (out: BotOutput): Record<string, unknown> => {
  const reply = out.replies[0];
  if (!reply || !('card' in reply)) throw new Error(`expected a card reply, got ${JSON.stringify(out.replies)}`);
  return reply.card;
};

/** Every Action.Execute anywhere in a card (ActionSets inside containers included). */
function executeActions(card: unknown): {
  title: string;
  verb: string;
  data: Record<string, unknown>;
  fallback: { type: string; data: Record<string, unknown> };
}[] {
  const found: ReturnType<typeof executeActions> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Execute') found.push(n as unknown as ReturnType<typeof executeActions>[number]);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}

test('non-admins are refused every inventory command and button, and nothing changes', async () => {
  const h = await seeded();
  for (const command of [
    'inventory',
    'inventory 5 device',
    `approve ${SCANNER}`,
    `migrate ${SCANNER}`,
    `malicious ${ATTACK}`,
    `retire ${SCANNER}`,
    'import',
    'readiness',
  ]) {
    expect(textOf(await say(h, command, ann))).toBe(strings.adminOnly(command.split(' ')[0]!));
  }
  const pressed = await h.core.handle(
    { kind: 'card-action', verb: VERBS.sourceApprove, data: { sourceKey: SCANNER, list: '10' } },
    ann,
  );
  expect(pressed.invoke?.body).toMatchObject({
    type: 'application/vnd.microsoft.activity.message',
    value: strings.admin.actionDenied,
  });
  expect(pressed.updateCard).toBeUndefined();
  expect(await h.inventory.listActions()).toEqual([]);
  expect((await h.tenantContext.answer()).knownSenders).toEqual([]);
});

test('inventory: top sources as an Adaptive Card 1.5 with category, evidence and Execute buttons with Submit fallbacks', async () => {
  const h = await seeded();
  const card = cardOf(await say(h, 'inventory'));
  expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  expect(cardProblems(card)).toEqual([]);
  const texts = cardTexts(card);
  expect(texts).toContain(strings.admin.inventoryTitle(2, false, ''));
  // Most messages first: the scanner (6) before the attack-like source (4).
  expect(texts.indexOf(SCANNER)).toBeLessThan(texts.indexOf(ATTACK));
  expect(texts.some((t) => t.startsWith(strings.admin.categoryLabel.device!))).toBe(true);
  expect(texts.some((t) => t.startsWith(strings.admin.categoryLabel['attack-like']!))).toBe(true);
  expect(texts.some((t) => /Evidence:[\s\S]*announced itself as \[127\.0\.0\.1\]/.test(t))).toBe(true);
  expect(texts.some((t) => /Evidence:[\s\S]*sent from a user to that same user/.test(t))).toBe(true);
  expect(texts).toContain(`${strings.admin.factSenders}: scanner@contoso.com`);
  expect(texts).toContain(`${strings.admin.factIps}: 198.51.100.20, 198.51.100.21`);
  const actions = executeActions(card);
  expect(actions.map((a) => a.verb)).toEqual(
    expect.arrayContaining([VERBS.sourceApprove, VERBS.sourceMigrate, VERBS.sourceMalicious, VERBS.sourceRetire]),
  );
  const approve = actions.find((a) => a.verb === VERBS.sourceApprove && a.data.sourceKey === SCANNER)!;
  expect(approve.fallback).toEqual({
    type: 'Action.Submit',
    title: strings.admin.buttonApprove,
    data: { sourceKey: SCANNER, list: '10', verb: VERBS.sourceApprove },
  });
});

test('inventory: count, category and status filters; bad arguments get the usage; empty and no-match answers', async () => {
  const h = await seeded();
  const top1 = cardTexts(cardOf(await say(h, 'inventory top 1')));
  expect(top1).toContain(strings.admin.inventoryTitle(1, true, ''));
  expect(top1).toContain(SCANNER);
  expect(top1).not.toContain(ATTACK);
  const attacks = cardTexts(cardOf(await say(h, 'inventory attack-like')));
  expect(attacks).toContain(strings.admin.inventoryTitle(1, false, 'attack-like'));
  expect(attacks).toContain(ATTACK);
  expect(textOf(await say(h, 'inventory approved'))).toBe(strings.admin.inventoryNoMatch('approved'));
  // Words that are not filters are read as a sentence: "inventory of everything" is the whole list.
  expect(cardTexts(cardOf(await say(h, 'inventory of everything')))).toContain(ATTACK);
  const empty = await coreHarness({ inventory: 'sqlite' });
  expect(textOf(await say(empty, 'inventory'))).toBe(strings.admin.inventoryEmpty);
});

test('approve by an IP inside the source, with a name: recorded with who and when, and fed to /api/tenant-context knownSenders beside report-added ones', async () => {
  const h = await seeded();
  await h.knownSenders.add({ name: 'From a report', ips: ['192.0.2.7'] }, 'Sec');
  const before = Date.now();
  const card = cardOf(await say(h, 'approve 198.51.100.21 Scanner 3rd floor'));
  expect(cardProblems(card)).toEqual([]);
  expect(cardTexts(card)).toContain(strings.admin.actionDone.approve!('Scanner 3rd floor'));
  expect(cardTexts(card).some((t) => t.includes('Approved (known sender) by Sec (aad-sec)'))).toBe(true);
  const [action] = await h.inventory.listActions(SCANNER);
  expect(action).toMatchObject({
    sourceKey: SCANNER,
    action: 'approve',
    actor: 'Sec (aad-sec)',
    name: 'Scanner 3rd floor',
  });
  expect(action!.at).toBeGreaterThanOrEqual(before);
  expect((await h.inventory.getSource(SCANNER))?.status).toBe('approved');
  const context = await h.tenantContext.answer();
  expect(context.knownSenders).toEqual([
    { name: 'From a report', ips: ['192.0.2.7'] },
    { name: 'Scanner 3rd floor', ips: ['198.51.100.20', '198.51.100.21'], addresses: ['scanner@contoso.com'] },
  ]);
  expect((await h.tenantContext.forClassifier()).knownSenders).toHaveLength(2);
});

test('migrate, malicious and retire set the status; retiring an approved source removes it from the known senders', async () => {
  const h = await seeded();
  await say(h, `approve ${SCANNER}`);
  expect((await h.tenantContext.answer()).knownSenders).toHaveLength(1);
  expect(cardTexts(cardOf(await say(h, `migrate ${SCANNER}`)))).toContain(
    strings.admin.actionDone['mark-to-migrate']!(`scanner@contoso.com (${SCANNER})`),
  );
  expect((await h.tenantContext.answer()).knownSenders).toEqual([]);
  await say(h, `malicious ${ATTACK}`);
  await say(h, `retire ${SCANNER}`);
  expect((await h.inventory.getSource(ATTACK))?.status).toBe('malicious');
  expect((await h.inventory.getSource(SCANNER))?.status).toBe('retired');
  expect((await h.inventory.listActions()).map((a) => a.action)).toEqual([
    'retire',
    'mark-malicious',
    'mark-to-migrate',
    'approve',
  ]);
});

test('unknown sources and missing arguments get clear answers', async () => {
  const h = await seeded();
  expect(textOf(await say(h, 'approve'))).toBe(strings.admin.actionUsage('approve'));
  expect(textOf(await say(h, 'retire 192.0.2.1'))).toBe(strings.admin.sourceNotFound('192.0.2.1'));
  expect(textOf(await say(h, 'malicious printer'))).toBe(strings.admin.actionUsage('malicious'));
  expect(await h.inventory.listActions()).toEqual([]);
});

test('buttons: Action.Execute answers the refreshed list (same filter) and replaces the card; the Submit fallback does the same as a message', async () => {
  const h = await seeded();
  const card = cardOf(await say(h, 'inventory 5'));
  const malicious = executeActions(card).find((a) => a.verb === VERBS.sourceMalicious && a.data.sourceKey === ATTACK)!;
  const pressed = await h.core.handle({ kind: 'card-action', verb: malicious.verb, data: malicious.data }, sec);
  expect(pressed.invoke).toMatchObject({
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' },
  });
  const refreshed = (pressed.invoke!.body as { value: unknown }).value;
  expect(pressed.updateCard).toEqual(refreshed);
  expect(cardTexts(refreshed)).toContain(strings.admin.actionDone['mark-malicious']!(ATTACK));
  expect(cardTexts(refreshed)).toContain(strings.admin.inventoryTitle(2, false, ''));
  // The pressed status has no button any more for that source.
  expect(
    executeActions(refreshed)
      .filter((a) => a.data.sourceKey === ATTACK)
      .map((a) => a.verb),
  ).not.toContain(VERBS.sourceMalicious);

  const approve = executeActions(refreshed).find(
    (a) => a.verb === VERBS.sourceApprove && a.data.sourceKey === SCANNER,
  )!;
  const submitted = await h.core.handle({ kind: 'message', text: '', files: [], value: approve.fallback.data }, sec);
  expect(cardTexts(cardOf(submitted))).toContain(strings.admin.actionDone.approve!(`scanner@contoso.com (${SCANNER})`));
  expect((await h.inventory.getSource(SCANNER))?.status).toBe('approved');
});

test('the card check used above does catch invalid cards', () => {
  expect(
    cardProblems({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'x', color: 'purple' }, { type: 'Nope' }],
    }).length,
  ).toBeGreaterThanOrEqual(2);
});

test('a long list is cut to stay within the size Teams accepts for a message, and says more sources exist', async () => {
  const h = await coreHarness({ inventory: 'sqlite' });
  const rows: TraceRow[] = [];
  for (let s = 0; s < 30; s += 1) {
    for (let i = 0; i < 30; i += 1) {
      rows.push(
        row({
          clientIp: `10.${s}.${i % 5}.${i}`,
          senderAddress: `user-number-${i}@contoso-corporation.com`,
          recipients: [`user-number-${i}@contoso-corporation.com`],
          subject: 'Caller Left VM Message',
          helo: '[127.0.0.1]',
        }),
      );
    }
  }
  await importTraceRows(rows, h.inventory!, { kind: 'test', label: 'many' });
  const card = cardOf(await say(h, 'inventory 25'));
  expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(24_000);
  const title = cardTexts(card).find((t) => t.startsWith('Direct Send sources: top '))!;
  const shown = Number(/top (\d+)/.exec(title)![1]);
  expect(shown).toBeGreaterThanOrEqual(5);
  expect(shown).toBeLessThan(25);
  expect(cardProblems(card)).toEqual([]);
});
