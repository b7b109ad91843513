import { SUMMARY_COLUMNS } from '../../src/admin/trace/trace-formats';
import type { BotOutput, BotUser, FileAttachment } from '../../src/conversation/bot-types';
import { strings } from '../../src/strings';
import { countingIo as io } from '../support/core-harness';
import { cardProblems } from '../support/card-schema';
import { cardTexts, coreHarness, type CoreHarness } from '../support/core-harness';
import { localServer, type LocalServer } from '../support/server-harness';

const ann: BotUser = { id: 'aad-ann', name: 'Ann', isAdmin: false };
const sec: BotUser = { id: 'aad-sec', name: 'Sec', isAdmin: true };

/** A message trace summary export: 2 scanner messages, 1 lure, an outbound row, 2 unreadable rows (lines 5 and 6). */
const traceCsv = [
  SUMMARY_COLUMNS.join(','),
  '2026-06-02T08:15:00.1234567Z,scanner@contoso.com,"alice@contoso.com##Receive, Deliver",Scanned from MX-3071,40211,<a1@contoso.com>,1f0e7c1a-0000-4000-8000-000000000001,198.51.100.20,Incoming,,Normal',
  '2026-06-02T08:20:00Z,scanner@contoso.com,"bob@contoso.com##Receive, Deliver",Scanned from MX-3071,40211,<a5@contoso.com>,1f0e7c1a-0000-4000-8000-000000000005,198.51.100.21,Incoming,,Normal',
  '2026-06-02T09:00:00.0000000Z,ceo@contoso.com,"ceo@contoso.com##Receive, Deliver","Caller Left VM Message",1200,<a2@x>,1f0e7c1a-0000-4000-8000-000000000002,203.0.113.66,Incoming,,Normal',
  'not-a-date,x@contoso.com,"a@contoso.com##Receive",s,1,<a3@x>,id,203.0.113.1,Incoming,,Normal',
  '2026-06-02T10:00:00Z,only,three',
  '2026-06-02T11:00:00Z,alice@contoso.com,"someone@fabrikam.com##Deliver",Hello,1,<a6@x>,id6,40.107.1.1,Originating,,Normal',
].join('\r\n');

let files: LocalServer;
beforeAll(async () => {
  files = await localServer((req, res) => {
    if (req.path === '/files/trace.csv') return void res.writeHead(200, { 'content-type': 'text/csv' }).end(traceCsv);
    if (req.path === '/files/copy.csv') return void res.writeHead(200, { 'content-type': 'text/csv' }).end(traceCsv);
    if (req.path === '/files/declared-huge.csv')
      return void res
        .writeHead(200, { 'content-length': String(4 * 1024 * 1024) })
        .end(Buffer.alloc(4 * 1024 * 1024, 'a'));
    if (req.path === '/files/chunked-huge.csv') {
      // No content-length: the limit must be enforced while streaming.
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write(`${SUMMARY_COLUMNS.join(',')}\r\n`);
      const line =
        '2026-06-02T08:15:00Z,scanner@contoso.com,"alice@contoso.com##Receive",Scan,1,<m>,id,198.51.100.20,Incoming,,Normal\r\n';
      for (let i = 0; i < 20000; i += 1) res.write(line);
      return void res.end();
    }
    if (req.path === '/files/not-a-trace.csv')
      return void res.writeHead(200).end('name,email\r\nAnn,ann@contoso.com\r\n');
    if (req.path === '/files/stalls.csv') {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write(`${SUMMARY_COLUMNS.join(',')}\r\n`);
      return; // never ends: the import must time out
    }
    res.writeHead(404).end();
  });
});
afterAll(async () => files?.close());

const csv = (name: string): FileAttachment => ({
  name,
  downloadUrl: `${files.url}/files/${name}`,
  fileType: name.split('.').pop()!,
});
const attach = async (
  h: CoreHarness,
  file: FileAttachment,
  user: BotUser = sec,
  text = '',
): Promise<{ out: BotOutput; typing: number }> => {
  let typing = 0;
  const out = await h.core.handle(
    { kind: 'message', text, files: [file] },
    user,
    io(() => (typing += 1)),
  );
  return { out, typing };
};
const textOf = (out: BotOutput): string => {
  const reply = out.replies[0];
  if (!reply || !('text' in reply)) throw new Error(`expected a text reply, got ${JSON.stringify(out.replies)}`);
  return reply.text;
};

test('an admin attaches a trace CSV (with or without "import"): typing indicator, then a summary card with rows, sources and skipped lines', async () => {
  const h = await coreHarness({ inventory: 'sqlite', acceptedDomains: ['contoso.com'] });
  const { out, typing } = await attach(h, csv('trace.csv'));
  expect(typing).toBeGreaterThanOrEqual(1);
  const reply = out.replies[0];
  if (!reply || !('card' in reply)) throw new Error(JSON.stringify(out.replies));
  expect(reply.card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  expect(cardProblems(reply.card)).toEqual([]);
  const texts = cardTexts(reply.card);
  const f = strings.admin.importFacts;
  expect(texts).toEqual(
    expect.arrayContaining([
      strings.admin.importTitle('trace.csv'),
      `${f.format}: summary (utf-8)`,
      `${f.rows}: 6`,
      `${f.messages}: 3`,
      `${f.sources}: 2`,
      `${f.skipped}: 2`,
      `${f.leftOut}: 1`,
      strings.admin.importIssuesTitle(2, 2),
    ]),
  );
  const issues = texts.find((t) => t.startsWith('- Line '))!;
  expect(issues).toMatch(/^- Line 5: .+\n- Line 6: .+$/);
  const sources = await h.inventory!.listSources();
  expect(sources.map((s) => [s.key, s.messages])).toEqual([
    ['198.51.100.0/24', 2],
    ['203.0.113.0/24', 1],
  ]);
  const [record] = await h.inventory!.listImports();
  expect(record).toMatchObject({ label: 'trace.csv', rows: 6, badRows: 2, sources: 2, actor: 'Sec (aad-sec)' });

  // The same bytes again (another name, typed "import"): recognized, nothing counted twice.
  const again = await attach(h, csv('copy.csv'), sec, 'import');
  expect(textOf(again.out)).toBe(strings.admin.importDuplicate('copy.csv', record!.at));
  expect((await h.inventory!.listSources())[0]?.messages).toBe(2);
});

test('non-admins attaching a CSV get the admin refusal, and nothing is downloaded or imported', async () => {
  const h = await coreHarness({ inventory: 'sqlite' });
  const before = files.requests.length;
  expect(textOf((await attach(h, csv('trace.csv'), ann)).out)).toBe(strings.adminOnly('import'));
  expect(textOf((await attach(h, csv('trace.csv'), ann, 'import')).out)).toBe(strings.adminOnly('import'));
  expect(files.requests.length).toBe(before);
  expect(await h.inventory!.listSources()).toEqual([]);
});

test('import without a file, or with another file type, says what to attach', async () => {
  const h = await coreHarness({ inventory: 'sqlite' });
  expect(textOf(await h.core.handle({ kind: 'message', text: 'import', files: [] }, sec))).toBe(
    strings.admin.importNeedsFile,
  );
  expect(
    textOf(
      (
        await attach(
          h,
          { name: 'notes.txt', downloadUrl: `${files.url}/files/notes.txt`, fileType: 'txt' },
          sec,
          'import',
        )
      ).out,
    ),
  ).toBe(strings.admin.importNotCsv('notes.txt'));
});

test('too large (declared, or found while streaming), not a trace export, not downloadable, or too slow: a clear answer and an untouched inventory', async () => {
  const h = await coreHarness({ inventory: 'sqlite', importTrace: { maxBytes: 1024 * 1024, timeoutMs: 1500 } });
  expect(textOf((await attach(h, csv('declared-huge.csv'))).out)).toBe(strings.admin.importTooLarge(1024 * 1024));
  expect(textOf((await attach(h, csv('chunked-huge.csv'))).out)).toBe(strings.admin.importTooLarge(1024 * 1024));
  expect(textOf((await attach(h, csv('not-a-trace.csv'))).out)).toMatch(
    /^I could not import that file; nothing was imported\. line 1: not a message trace export/,
  );
  expect(textOf((await attach(h, csv('missing.csv'))).out)).toBe(strings.admin.importDownloadFailed);
  expect(textOf((await attach(h, csv('stalls.csv'))).out)).toBe(strings.admin.importTimedOut(1500));
  expect(await h.inventory!.listSources()).toEqual([]);
  expect(await h.inventory!.listImports()).toEqual([]);
});

test('a trace CSV attached with words that mean import ("here is the trace export from EAC") is imported, with its intent', async () => {
  const h = await coreHarness({ inventory: 'sqlite', acceptedDomains: ['contoso.com'] });
  const { out } = await attach(h, csv('trace.csv'), sec, 'here is the message trace export from EAC');
  expect(out.intent).toBe('import');
  expect(out.suggestions).toEqual(['inventory', 'readiness']);
  const reply = out.replies[0];
  if (!reply || !('card' in reply)) throw new Error(JSON.stringify(out.replies));
  expect(cardTexts(reply.card)).toContain(strings.admin.importTitle('trace.csv'));
  expect((await h.inventory.listImports()).map((i) => i.label)).toEqual(['trace.csv']);
});
