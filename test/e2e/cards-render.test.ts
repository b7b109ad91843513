/**
 * The bot's Adaptive Cards rendered by Microsoft's own renderer (adaptivecards 3, the library Teams' web client is
 * built on) in Chromium: they parse without errors or warnings at schema 1.5, their buttons are there, and the
 * screenshots document what users and the security team see in Teams.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '@dsguard/classifier';
import { securityCard } from '../../bot/src/cards/security-card';
import { verdictCard } from '../../bot/src/cards/verdict-card';
import type { AdaptiveCard } from '../../bot/src/cards/card-types';
import type { Report } from '../../bot/src/reports/report-types';
import { importTraceRows } from '../../bot/src/admin/inventory/import-into-store';
import { MemoryInventoryStore } from '../../bot/test/support/memory-inventory-store';
import { readinessCardModel } from '../../bot/src/admin/readiness/card-model';
import { postureOf } from '../../bot/src/admin/readiness/collect-snapshot';
import { evaluateReadiness } from '../../bot/src/admin/readiness/evaluate-readiness';
import { loadSnapshot } from '../../bot/src/admin/readiness/snapshot';
import { inventoryCard } from '../../bot/src/cards/inventory-card';
import { readinessCard } from '../../bot/src/cards/readiness-card';
import { probeConfirmCard, probeResultCard } from '../../bot/src/cards/probe-card';
import type { TraceRow } from '../../bot/src/admin/trace/trace-row';
import { launchBrowser, repoRoot, screenshotsDir, type Browser } from '../browser/support/harness';

const sample = (file: string) => readFileSync(join(repoRoot, 'samples', file), 'utf8');
const rendererScript = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.js'), 'utf8');
const rendererCss = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8');
// The renderer turns TextBlock Markdown into HTML with markdown-it when the page has it, as Teams renders Markdown.
const markdownScript = readFileSync(require.resolve('markdown-it/dist/markdown-it.min.js'), 'utf8');

interface Rendered {
  errors: string[];
  buttons: string[];
  text: string;
  /** Elements Markdown made (links, images, emphasis, code, headings, list items), as "tag: text". */
  formatted: string[];
}

let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshotsDir, { recursive: true });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function render(card: AdaptiveCard, screenshot: string): Promise<Rendered> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 460, height: 900 });
  await page.setContent(
    `<!doctype html><html lang="en"><head><style>${rendererCss} body{font-family:'Segoe UI',sans-serif;margin:12px;background:#f5f5f5} #card{background:#fff;border-radius:6px;box-shadow:0 1px 3px #0003}</style></head><body><div id="card"></div></body></html>`,
  );
  await page.addScriptTag({ content: markdownScript });
  await page.addScriptTag({ content: rendererScript });
  const result = await page.evaluate((json) => {
    const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
    const card = new AC.AdaptiveCard();
    const context = new AC.SerializationContext();
    card.parse(json, context);
    const errors: string[] = [];
    for (let i = 0; i < context.eventCount; i++) {
      const event = context.getEventAt(i);
      errors.push(`${event.phase}: ${event.message}`);
    }
    const validation = card.validateProperties();
    for (const event of validation.validationEvents ?? []) errors.push(`validation: ${event.message}`);
    const element = card.render();
    document.getElementById('card')!.appendChild(element);
    const buttons = Array.from(element.querySelectorAll('button')).map((b) => (b as HTMLElement).innerText.trim());
    const formatted = Array.from(
      element.querySelectorAll('a, img, b, strong, em, i, code, pre, h1, h2, h3, h4, h5, h6, blockquote, li'),
    ).map((e) => `${(e as HTMLElement).tagName.toLowerCase()}: ${((e as HTMLElement).textContent ?? '').trim()}`);
    return { errors, buttons, text: (element as HTMLElement).innerText, formatted };
  }, card);
  await page.locator('#card').screenshot({ path: join(screenshotsDir, screenshot) });
  await page.close();
  return result;
}

test('the verdict card for a spoof renders cleanly with its report button', async () => {
  const verdict = classify(sample('03-spoof-junk.eml'), { acceptedDomains: ['contoso.com'] });
  const card = verdictCard(verdict, { checkId: 'chk-1', subject: 'Caller Left VM Message' });
  expect(card.version).toBe('1.5');
  const rendered = await render(card, 'teams-verdict-card.png');
  expect(rendered.errors).toEqual([]);
  expect(rendered.text).toContain('Probable Direct Send spoof');
  expect(rendered.text).toContain("Microsoft's combined sender check failed");
  expect(rendered.buttons).toContain('Report to security');
}, 60_000);

test('the security channel card renders with the triage buttons', async () => {
  const verdict = classify(sample('01-spoof-self.eml'));
  const report: Report = {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    clientReportId: 'c1',
    reporterId: 'user-1',
    reporterName: 'Megan Bowen',
    source: 'addin',
    subject: 'W-9 request',
    note: 'I never asked for a W-9.',
    headers: sample('01-spoof-self.eml'),
    hasEml: true,
    verdict,
    status: 'new',
    createdAt: '2026-07-21T01:05:00.000Z',
    updatedAt: '2026-07-21T01:05:00.000Z',
  };
  const rendered = await render(securityCard(report, report.note), 'teams-security-card.png');
  expect(rendered.errors).toEqual([]);
  expect(rendered.text).toContain('Megan Bowen');
  expect(rendered.buttons.length).toBeGreaterThanOrEqual(3);
}, 60_000);

test('the inventory card renders every source with its decision buttons', async () => {
  const store = new MemoryInventoryStore(() => Date.UTC(2026, 10, 20));
  const day = (d: number) => Date.UTC(2026, 10, d, 9);
  const rows: TraceRow[] = [];
  for (let i = 0; i < 40; i++)
    rows.push({
      origin: 'csv-summary',
      receivedAt: day(1 + (i % 19)),
      senderAddress: 'mfp-2nd-floor@contoso.com',
      recipients: [`user${i % 7}@contoso.com`],
      subject: 'Scanned document',
      clientIp: '192.0.2.25',
      helo: 'MFP-2F',
    });
  for (let i = 0; i < 12; i++)
    rows.push({
      origin: 'csv-summary',
      receivedAt: day(2 + i),
      senderAddress: 'invoices@contoso.com',
      recipients: ['ap@contoso.com'],
      subject: `Invoice ${4100 + i}`,
      clientIp: '198.51.100.7',
      helo: 'erp01.corp.contoso.com',
    });
  for (let i = 0; i < 5; i++)
    rows.push({
      origin: 'csv-summary',
      receivedAt: day(15),
      senderAddress: `user${i}@contoso.com`,
      recipients: [`user${i}@contoso.com`],
      subject: 'Caller Left VM Message',
      clientIp: '77.253.224.50',
      helo: 'WIN-608697A8D41',
    });
  await importTraceRows(rows, store, { kind: 'example', label: 'example rows' }, { acceptedDomains: ['contoso.com'] });
  const sources = await store.listSources();
  expect(sources).toHaveLength(3);
  const rendered = await render(
    inventoryCard(sources, { more: false, filter: '', args: '' }),
    'teams-inventory-card.png',
  );
  expect(rendered.errors).toEqual([]);
  expect(rendered.text).toContain('mfp-2nd-floor@contoso.com');
  expect(rendered.buttons.filter((b) => /approve/i.test(b)).length).toBe(3);
}, 60_000);

test('the readiness card renders the answer, the blockers and the plan', async () => {
  const snapshot = await loadSnapshot(join(repoRoot, 'bot/src/admin/examples/tenant-snapshot.json'));
  const result = evaluateReadiness(snapshot, await postureOf(snapshot));
  const rendered = await render(
    readinessCard(readinessCardModel(result), {
      downloads: { md: 'https://localhost:3000/downloads/md', csv: 'https://localhost:3000/downloads/csv' },
    }),
    'teams-readiness-card.png',
  );
  expect(rendered.errors).toEqual([]);
  expect(result.ready).toBe(false);
  expect(rendered.text).toMatch(/not ready/i);
  expect(rendered.text).toContain('ERP invoices');
}, 60_000);

test('the probe cards render: the confirmation with its two buttons, and an interpreted result', async () => {
  const plan = {
    host: 'contoso.mail.protection.outlook.com',
    port: 25,
    heloName: 'dsguard.contoso.com',
    mailFrom: 'dsguard-probe@contoso.com',
    mailbox: 'frontdesk@contoso.com',
  };
  const confirm = await render(probeConfirmCard(plan), 'teams-probe-confirm-card.png');
  expect(confirm.errors).toEqual([]);
  expect(confirm.buttons).toEqual(['Run the probe', 'Cancel']);
  expect(confirm.text).toContain('RCPT TO:<frontdesk@contoso.com>');
  const reply = {
    code: 550,
    enhanced: '5.7.68',
    text: '5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources',
  };
  const result = await render(
    probeResultCard(
      {
        outcome: 'enforced',
        reply,
        detail: '',
        transcript: [
          { reply: { code: 220, text: 'mx ready' } },
          { sent: 'EHLO dsguard.contoso.com' },
          { reply: { code: 250, text: 'hello' } },
          { sent: 'RCPT TO:<frontdesk@contoso.com>' },
          { reply },
        ],
      },
      plan,
      'Sec (aad-sec)',
      Date.UTC(2026, 10, 29, 1, 0),
    ),
    'teams-probe-result-card.png',
  );
  expect(result.errors).toEqual([]);
  expect(result.text).toContain('RejectDirectSend is enforced');
  expect(result.buttons).toEqual([]);
}, 60_000);

/** What an attacker writes into a subject, a note, a name, a sender address, a HELO or a file name. */
const HOSTILE = [
  '[click](https://evil.example)',
  '**x**',
  '_x_',
  '<b>bold</b>',
  '`code`',
  '# heading',
  '- list',
  '![i](https://evil.example/i.png)',
  '<https://evil.example>',
];
const hostile = HOSTILE.join('\n');

test('untrusted text renders as literal text in every card: no link, emphasis, code, heading or list from it', async () => {
  const verdict = classify(sample('01-spoof-self.eml'));
  verdict.reasons[0]!.evidence = hostile;
  verdict.facts.helo = hostile;
  const report: Report = {
    id: 'a1b2c3d4-0000-4000-8000-000000000002',
    clientReportId: 'c2',
    reporterId: 'user-2',
    reporterName: hostile,
    source: 'addin',
    subject: hostile,
    note: hostile,
    headers: '',
    hasEml: false,
    verdict,
    status: 'new',
    createdAt: '2026-07-21T01:05:00.000Z',
    updatedAt: '2026-07-21T01:05:00.000Z',
  };
  const store = new MemoryInventoryStore(() => Date.UTC(2026, 10, 20));
  await importTraceRows(
    [
      {
        origin: 'csv-summary',
        receivedAt: Date.UTC(2026, 10, 2),
        senderAddress: `${HOSTILE[0]}@contoso.com`,
        recipients: ['a@contoso.com'],
        subject: hostile,
        clientIp: '192.0.2.25',
        helo: hostile,
      },
    ],
    store,
    { kind: 'example', label: hostile },
    { acceptedDomains: ['contoso.com'] },
  );
  const [source] = await store.listSources();
  const snapshot = await loadSnapshot(join(repoRoot, 'bot/src/admin/examples/tenant-snapshot.json'));
  snapshot.sources = [
    {
      key: '203.0.113.0/24',
      name: hostile,
      ips: ['203.0.113.7'],
      senders: [`${HOSTILE[0]}@contoso.com`],
      status: 'approved',
      tls: 'unknown',
      helos: [],
    },
  ];
  const readiness = evaluateReadiness(snapshot, await postureOf(snapshot));
  const cards: [string, AdaptiveCard][] = [
    ['verdict', verdictCard(verdict, { subject: hostile })],
    ['security', securityCard(report, hostile)],
    [
      'inventory',
      inventoryCard([{ ...source!, name: hostile, statusBy: hostile }], {
        more: false,
        filter: '',
        args: '',
        notice: hostile,
      }),
    ],
    ['readiness', readinessCard(readinessCardModel(readiness), { note: hostile })],
  ];
  for (const [name, card] of cards) {
    const rendered = await render(card, `../../build/hostile-${name}-card.png`);
    expect(rendered.errors).toEqual([]);
    // The cards' own formatting (bold command names, evidence lists) stays; nothing is made from the hostile text.
    const fromHostile = rendered.formatted.filter((f) => /^(?:a|img):|: (?:click|x|bold|code|heading|list|i)$/.test(f));
    expect({ name, fromHostile }).toEqual({ name, fromHostile: [] });
    for (const text of HOSTILE) expect({ name, shown: rendered.text.includes(text) }).toEqual({ name, shown: true });
  }
}, 60_000);

test('the renderer check itself catches a broken card', async () => {
  const broken = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'NoSuchElement' }, { type: 'Image' }],
    actions: [],
  } as unknown as AdaptiveCard;
  const rendered = await render(broken, '../../build/broken-card.png');
  expect(rendered.errors.length).toBeGreaterThan(0);
}, 60_000);
