import { createServer as createTcpServer, type Socket, type AddressInfo, type Server } from 'node:net';
import { ProbeLimiter } from '../../src/admin/probe/smtp-probe';
import { PROBE_VERBS } from '../../src/cards/probe-card';
import type { ProbeConfig } from '../../src/config/config';
import { probeCommands } from '../../src/conversation/admin/probe-command';
import type { BotOutput, BotUser } from '../../src/conversation/bot-types';
import { silentLogger } from '../../src/log/logger';
import { strings } from '../../src/strings';
import { cardProblems } from '../support/card-schema';
import { cardActions, cardTexts, coreHarness, countingIo } from '../support/core-harness';
import { startExchangeSmtp, type ExchangeSmtp } from '../support/exchange-smtp';

const ann: BotUser = { id: 'aad-ann', name: 'Ann', isAdmin: false };
const sec: BotUser = { id: 'aad-sec', name: 'Sec', isAdmin: true };

let mx: ExchangeSmtp;
beforeAll(async () => {
  mx = await startExchangeSmtp();
});
afterAll(async () => {
  await mx?.close();
});

const settings = (port: number, over: Partial<ProbeConfig> = {}): ProbeConfig => ({
  mxHost: '127.0.0.1',
  port,
  mailFrom: 'dsguard-probe@contoso.com',
  heloName: 'dsguard.example.com',
  recipientDomains: ['contoso.com', '*.contoso.net'],
  timeoutMs: 3000,
  intervalMs: 60_000,
  ...over,
});

async function harness(probe: ProbeConfig | undefined, limiter = new ProbeLimiter(60_000)) {
  return coreHarness({
    inventory: 'sqlite',
    probe: probeCommands({
      ...(probe ? { probe } : {}),
      limiter,
      logger: silentLogger,
      clock: () => Date.UTC(2026, 10, 29, 1, 0),
    }),
  });
}
type H = Awaited<ReturnType<typeof harness>>;

const say = (h: H, text: string, user = sec, onTyping = () => undefined): Promise<BotOutput> =>
  h.core.handle({ kind: 'message', text, files: [] }, user, countingIo(onTyping));
const press = (h: H, verb: string, data: Record<string, unknown>, user = sec): Promise<BotOutput> =>
  h.core.handle({ kind: 'card-action', verb, data }, user);
const invokeCard = (out: BotOutput): unknown => {
  const body = out.invoke?.body as { type: string; value: unknown };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value;
};
const invokeMessage = (out: BotOutput): string => {
  const body = out.invoke?.body as { type: string; value: string };
  expect(body.type).toBe('application/vnd.microsoft.activity.message');
  return body.value;
};
const only = (out: BotOutput): { text?: string; card?: unknown } => {
  expect(out.replies).toHaveLength(1);
  return out.replies[0] as { text?: string; card?: unknown };
};

test('non-admins are refused, for the command and for the button, and nothing connects', async () => {
  const h = await harness(settings(mx.port));
  const before = mx.connections();
  expect(only(await say(h, 'probe enforced@contoso.com', ann)).text).toBe(strings.adminOnly('probe'));
  expect(only(await say(h, 'probe enforced@contoso.com confirm', ann)).text).toBe(strings.adminOnly('probe'));
  expect(invokeMessage(await press(h, PROBE_VERBS.run, { mailbox: 'enforced@contoso.com' }, ann))).toBe(
    strings.admin.actionDenied,
  );
  expect(mx.connections()).toBe(before);
});

test('probe <mailbox> only explains and asks: a card with the exact steps, a Run button and a Cancel; nothing is sent', async () => {
  const h = await harness(settings(mx.port));
  const before = mx.connections();
  const card = only(await say(h, 'probe Enforced@Contoso.com')).card;
  expect(cardProblems(card)).toEqual([]);
  const texts = cardTexts(card);
  expect(texts[0]).toBe(strings.probe.confirmTitle);
  const steps = strings.probe
    .confirmSteps({
      host: '127.0.0.1',
      port: mx.port,
      heloName: 'dsguard.example.com',
      mailFrom: 'dsguard-probe@contoso.com',
      mailbox: 'enforced@contoso.com',
    })
    .join('\n\n');
  expect(texts).toContain(steps);
  expect(steps).toMatch(/RCPT TO:<enforced@contoso\.com>/);
  expect(texts).toContain(strings.probe.confirmNever);
  const actions = cardActions(card);
  expect(actions.map((a) => [a.type, a.title, a.verb])).toEqual([
    ['Action.Execute', strings.probe.runButton, PROBE_VERBS.run],
    ['Action.Execute', strings.probe.cancelButton, PROBE_VERBS.cancel],
  ]);
  expect(actions[0]!.data).toEqual({ mailbox: 'enforced@contoso.com' });
  expect(actions[0]!.fallback).toEqual({
    type: 'Action.Submit',
    title: strings.probe.runButton,
    data: { mailbox: 'enforced@contoso.com', verb: PROBE_VERBS.run },
  });
  expect(mx.connections()).toBe(before);

  // Cancel replaces the card for everyone; still nothing sent.
  const cancelled = await press(h, PROBE_VERBS.cancel, { mailbox: 'enforced@contoso.com' });
  expect(cardTexts(invokeCard(cancelled))).toEqual([strings.probe.canceled('Sec')]);
  expect(cancelled.updateCard).toBeDefined();
  expect(mx.connections()).toBe(before);
});

test('bad input gets a clear answer and never reaches the MX: usage, not an address, another tenant, not configured', async () => {
  const h = await harness(settings(mx.port));
  const before = mx.connections();
  expect(only(await say(h, 'probe')).text).toBe(strings.probe.usage);
  expect(only(await say(h, 'probe a@contoso.com now please')).text).toBe(strings.probe.usage);
  expect(only(await say(h, 'probe frontdesk')).text).toBe(strings.probe.badMailbox('frontdesk'));
  expect(only(await say(h, 'probe a@b.com>\r\nDATA')).text).toBe(strings.probe.usage);
  expect(only(await say(h, 'probe "a>"@contoso.com')).text).toBe(strings.probe.badMailbox('"a>"@contoso.com'));
  expect(only(await say(h, 'probe ceo@fabrikam.com confirm')).text).toBe(
    strings.probe.foreignMailbox('ceo@fabrikam.com', ['contoso.com', '*.contoso.net']),
  );
  // Button data comes back from the client and is checked again.
  expect(invokeMessage(await press(h, PROBE_VERBS.run, { mailbox: 'ceo@fabrikam.com' }))).toBe(
    strings.probe.foreignMailbox('ceo@fabrikam.com', ['contoso.com', '*.contoso.net']),
  );
  expect(invokeMessage(await press(h, PROBE_VERBS.run, {}))).toBe(strings.probe.usage);
  const unconfigured = await harness(undefined);
  expect(only(await say(unconfigured, 'probe a@contoso.com')).text).toBe(strings.probe.notConfigured);
  expect(mx.connections()).toBe(before);
});

test.each([
  ['enforced@contoso.com', 'enforced', '550 5.7.68'],
  ['open@contoso.com', 'open', '250'],
  ['lockdown@contoso.com', 'lockdown-connector', '550 5.7.51'],
  ['unknown@contoso.com', 'inconclusive', '550 5.4.1'],
  ['banned@mail.contoso.net', 'inconclusive', '550 5.7.606'],
  ['busy@contoso.com', 'deferred', '451 4.7.500'],
])(
  'Run the probe on %s: the result card says %s, interprets the answer, and DATA is never sent',
  async (mailbox, outcome, reply) => {
    const h = await harness(settings(mx.port));
    const seen = mx.commands.length;
    const out = await press(h, PROBE_VERBS.run, { mailbox });
    const card = invokeCard(out);
    expect(out.updateCard).toEqual(card);
    expect(cardProblems(card)).toEqual([]);
    const texts = cardTexts(card);
    expect(texts[0]).toBe(strings.probe.resultTitle[outcome]);
    expect(texts[1]).toBe(strings.probe.resultMeaning[outcome]);
    expect(texts.find((t) => t.startsWith(`${strings.probe.factReply}: `))).toMatch(
      new RegExp(`^${strings.probe.factReply}: ${reply} `),
    );
    expect(texts).toContain(`${strings.probe.factRunBy}: Sec (aad-sec), 2026-11-29 01:00 UTC`);
    const transcript = texts.find((t) => t.startsWith('< 220 '))!;
    expect(transcript.split('\n').filter((l) => l.startsWith('> '))).toEqual([
      '> EHLO dsguard.example.com',
      '> MAIL FROM:<dsguard-probe@contoso.com>',
      `> RCPT TO:<${mailbox}>`,
      '> RSET',
      '> QUIT',
    ]);
    expect(mx.commands.slice(seen)).toEqual(['MAIL dsguard-probe@contoso.com', `RCPT ${mailbox}`]);
    expect(mx.dataCount()).toBe(0);
  },
);

test('typed confirmation runs it as long work (typing first); one limiter per server refuses a second probe by button or text', async () => {
  const h = await harness(settings(mx.port));
  let typing = 0;
  const out = await say(h, 'probe open@contoso.com CONFIRM', sec, () => void (typing += 1));
  expect(typing).toBe(1);
  expect(cardTexts(only(out).card)[0]).toBe(strings.probe.resultTitle.open);
  const before = mx.connections();
  expect(invokeMessage(await press(h, PROBE_VERBS.run, { mailbox: 'enforced@contoso.com' }))).toBe(
    strings.probe.rateLimited(60),
  );
  expect(
    only(await say(h, 'probe enforced@contoso.com confirm', { ...sec, id: 'aad-other', name: 'Other' })).text,
  ).toBe(strings.probe.rateLimited(60));
  expect(mx.connections()).toBe(before);
});

test('the Action.Submit fallback of the Run button runs it too', async () => {
  const h = await harness(settings(mx.port));
  const out = await h.core.handle(
    { kind: 'message', text: '', files: [], value: { verb: PROBE_VERBS.run, mailbox: 'enforced@contoso.com' } },
    sec,
  );
  expect(cardTexts(only(out).card)[0]).toBe(strings.probe.resultTitle.enforced);
});

test('an MX that never answers is a timeout explained as a blocked port 25, not as a tenant state', async () => {
  const silent: Server = createTcpServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const h = await harness(settings((silent.address() as AddressInfo).port, { timeoutMs: 500 }));
    const texts = cardTexts(invokeCard(await press(h, PROBE_VERBS.run, { mailbox: 'enforced@contoso.com' })));
    expect(texts[0]).toBe(strings.probe.resultTitle.timeout);
    expect(texts[1]).toMatch(/port 25/);
    expect(texts.some((t) => t.startsWith(`${strings.probe.factReply}:`))).toBe(false);
  } finally {
    silent.close();
  }
});

test("an MX that drips its answer line by line is cut off at PROBE_TIMEOUT_MS for the whole conversation, within a button's window", async () => {
  const timers: NodeJS.Timeout[] = [];
  const sockets = new Set<Socket>();
  const dripping: Server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.write('220 mx ready\r\n');
    // Never a final line: each continuation resets an idle timer, so only a total deadline ends this.
    timers.push(setInterval(() => socket.writable && socket.write('250-still thinking\r\n'), 100));
    // Hang up eventually: a probe without a total deadline then ends on the hang-up, not with "timeout".
    timers.push(setTimeout(() => socket.destroy(), 6000));
  });
  await new Promise<void>((resolve) => dripping.listen(0, '127.0.0.1', resolve));
  try {
    const h = await harness(settings((dripping.address() as AddressInfo).port, { timeoutMs: 800 }));
    const started = Date.now();
    const texts = cardTexts(invokeCard(await press(h, PROBE_VERBS.run, { mailbox: 'enforced@contoso.com' })));
    expect(texts[0]).toBe(strings.probe.resultTitle.timeout);
    // Well before the hang-up; generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    timers.forEach(clearInterval);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => dripping.close(() => resolve()));
  }
}, 15_000);
