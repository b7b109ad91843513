/**
 * Anyone can paste headers into the bot: their connecting IP, HELO and sender are the attacker's to choose. Over real
 * HTTP: a user (not an admin) pastes headers naming 203.0.113.66; the admin pulls stored checks into the inventory;
 * the source is listed as unverified, approving it is refused (typed and by button), and it never reaches the known
 * senders. Message trace that shows mail from the range verifies it; then it can be approved, and only what the
 * trace reported becomes a known sender.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INVENTORY_CSV_COLUMNS } from '../../bot/src/admin/inventory/source-json';
import { strings as adminStrings } from '../../bot/src/admin/strings';
import { SUMMARY_COLUMNS } from '../../bot/src/admin/trace/trace-formats';
import { VERBS } from '../../bot/src/cards/card-types';
import { strings } from '../../bot/src/strings';
import { cardTexts } from '../../bot/test/support/core-harness';
import { repoRoot } from '../../bot/test/support/fixtures';
import { startFileServer, type FileServer } from './support/file-server';
import { startServerInTeams, type ServerInTeams } from './support/local-teams';
import { admin, ADMIN, ann, cardIn, fileAttachment, pressButton, teamsTurn, type Activity } from './support/teams-turn';

const attacker = ann;

/** A real spoof's headers, rewritten by the attacker: their range, their HELO, a sender they want trusted. */
const planted = readFileSync(path.join(repoRoot, 'samples', '01-spoof-self.eml'), 'utf8')
  .replace(/91\.243\.58\.162/g, '203.0.113.66')
  .replace(/DESKTOP-536B321/g, 'PLANTED-HELO')
  .replace(/northwindtraders\.org/g, 'contoso.com')
  .replace(/maria@/g, 'ceo@');

const traceCsv = [
  SUMMARY_COLUMNS.join(','),
  '2026-06-02T08:15:00Z,scanner@contoso.com,"alice@contoso.com##Receive, Deliver",Scan,40211,<t1@contoso.com>,1f0e7c1a-0000-4000-8000-000000000011,203.0.113.7,Incoming,,Normal',
].join('\r\n');

let server: ServerInTeams;
let files: FileServer;

beforeAll(async () => {
  files = await startFileServer({ 'trace.csv': { type: 'text/csv', body: traceCsv } });
  server = await startServerInTeams({ ADMIN_USER_IDS: ADMIN, ACCEPTED_DOMAINS: 'contoso.com' }, { startOutbox: false });
});
afterAll(async () => {
  await server?.close();
  await files?.close();
});

const bot = (extra: Record<string, unknown>, user = admin): Promise<Activity[]> =>
  teamsTurn(server.endpoint(), user, extra);

const knownSenders = async (): Promise<{ name: string; ips?: string[]; addresses?: string[] }[]> =>
  (
    (await (await fetch(`${server.url}/api/tenant-context`)).json()) as {
      knownSenders?: { name: string; ips?: string[]; addresses?: string[] }[];
    }
  ).knownSenders ?? [];
type JsonSource = { ip: string; status: string; verified: boolean; senders: string[]; helos: string[] };
const inventory = async (): Promise<JsonSource[]> =>
  ((await (await fetch(`${server.url}/api/inventory`)).json()) as { sources: JsonSource[] }).sources;

test('a source planted through pasted headers is unverified and cannot be approved until message trace shows it', async () => {
  // The attacker checks their own crafted headers in chat; the admin later pulls stored reports and checks.
  const checked = await bot({ text: planted }, attacker);
  expect(checked.some((a) => a.attachments?.length)).toBe(true);
  const pulled = cardTexts(cardIn(await bot({ text: 'import reports' })));
  expect(pulled).toContain(`${strings.admin.importFacts.sources}: 1`);

  const [source] = await inventory();
  expect(source).toMatchObject({
    ip: '203.0.113.0/24',
    status: 'new',
    verified: false,
    senders: ['ceo@contoso.com'],
    helos: ['PLANTED-HELO'],
  });
  const csv = (await (await fetch(`${server.url}/api/inventory?format=csv`)).text()).trimEnd().split('\r\n');
  expect(csv[0]).toBe(INVENTORY_CSV_COLUMNS.join(','));
  expect(csv[1]).toMatch(/^203\.0\.113\.0\/24,.*,unverified$/);
  const listed = cardIn(await bot({ text: 'inventory' }));
  expect(cardTexts(listed).some((t) => t.startsWith(`${adminStrings.unverifiedLabel} · `))).toBe(true);
  expect(JSON.stringify(listed)).not.toContain(VERBS.sourceApprove);

  // Approve, typed and by a (forged) button press: refused with the reason, nothing recorded.
  expect((await bot({ text: 'approve 203.0.113.66 Printer' }))[0]?.text).toBe(
    adminStrings.approveUnverified('203.0.113.0/24'),
  );
  const pressed = await pressButton(server.endpoint(), admin, VERBS.sourceApprove, {
    sourceKey: '203.0.113.0/24',
    single: true,
  });
  expect(pressed.status).toBe(200);
  expect(JSON.stringify(pressed.body)).toContain(
    JSON.stringify(adminStrings.approveUnverified('203.0.113.0/24')).slice(1, -1),
  );
  expect((await inventory())[0]).toMatchObject({ status: 'new', verified: false });
  expect(await knownSenders()).toEqual([]);

  // Message trace shows mail from the range: the source is verified and can be approved.
  const imported = await bot({
    text: 'import',
    attachments: [fileAttachment('trace.csv', files.fileUrl('trace.csv'))],
  });
  expect(cardTexts(cardIn(imported))).toContain(`${strings.admin.importFacts.sources}: 1`);
  expect((await inventory())[0]).toMatchObject({ ip: '203.0.113.0/24', verified: true });
  const approved = cardTexts(cardIn(await bot({ text: 'approve 203.0.113.7 Scanner' })));
  expect(approved).toContain(strings.admin.actionDone.approve!('Scanner'));

  // Only what the trace reported is trusted: not the attacker's IP, nor the sender they pasted.
  expect(await knownSenders()).toEqual([{ name: 'Scanner', ips: ['203.0.113.7'], addresses: ['scanner@contoso.com'] }]);
});
