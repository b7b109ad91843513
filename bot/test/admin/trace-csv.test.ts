import { Readable } from 'node:stream';
import fc from 'fast-check';
import { parse as csvParse } from 'csv-parse/sync';
import { CsvRecordSplitter } from '../../src/admin/trace/csv-records.js';
import { readTraceCsv, TraceImportError, type TraceImportSummary } from '../../src/admin/trace/import-trace-csv.js';
import { EXTENDED_COLUMNS, SUMMARY_COLUMNS } from '../../src/admin/trace/trace-formats.js';
import type { TraceRow } from '../../src/admin/trace/trace-row.js';

const SUMMARY_HEADER = SUMMARY_COLUMNS.join(',');

function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

async function read(bytes: Buffer, chunkSize = 7): Promise<{ rows: TraceRow[]; summary: TraceImportSummary }> {
  const rows: TraceRow[] = [];
  const summary = await readTraceCsv(chunked(bytes, chunkSize), { onRow: (row) => rows.push(row) });
  return { rows, summary };
}

const summaryCsv = [
  SUMMARY_HEADER,
  '2025-06-02T08:15:00.1234567Z,scanner@contoso.com,"alice@contoso.com##Receive, Deliver;bob@contoso.com##Receive, Deliver",Scanned from MX-3071,40211,<a1@contoso.com>,1f0e7c1a-0000-4000-8000-000000000001,198.51.100.20,Incoming,,Normal',
  '2025-06-02T09:00:00.0000000Z,ceo@contoso.com,"ceo@contoso.com##Receive, Deliver","Caller Left VM Message, ""urgent""",1200,<a2@x>,1f0e7c1a-0000-4000-8000-000000000002,203.0.113.66,Incoming,,Normal',
  'not-a-date,x@contoso.com,"a@contoso.com##Receive",s,1,<a3@x>,id,203.0.113.1,Incoming,,Normal',
  '2025-06-02T10:00:00Z,only,three',
  '6/2/2025 11:30:00 PM,app@contoso.com,"c@contoso.com##Receive, Deliver","multi',
  'line subject",1,<a4@x>,id4,2001:db8::5,Incoming,,Normal',
].join('\r\n');

describe('message trace CSV import', () => {
  test('reads the summary format in UTF-8 with a BOM, across tiny chunks, quoted fields and line breaks', async () => {
    const { rows, summary } = await read(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(summaryCsv, 'utf8')]),
    );
    expect(summary).toMatchObject({
      format: 'summary',
      encoding: 'utf-8',
      bom: true,
      rows: 5,
      messages: 3,
      badRows: 2,
    });
    expect(rows[0]).toMatchObject({
      origin: 'csv-summary',
      senderAddress: 'scanner@contoso.com',
      recipients: ['alice@contoso.com', 'bob@contoso.com'],
      clientIp: '198.51.100.20',
      receivedAt: Date.parse('2025-06-02T08:15:00.123Z'),
    });
    expect(rows[1]?.subject).toBe('Caller Left VM Message, "urgent"');
    expect(rows[2]).toMatchObject({
      subject: 'multi\nline subject',
      receivedAt: Date.UTC(2025, 5, 2, 23, 30),
      clientIp: '2001:db8::5',
    });
  });

  test('names the line of each bad row, skips it and carries on', async () => {
    const { summary } = await read(Buffer.from(summaryCsv, 'utf8'));
    expect(summary.issues).toEqual([
      { line: 4, message: 'unreadable date "not-a-date"' },
      { line: 5, message: 'expected 11 columns, found 3' },
    ]);
  });

  test('reads the extended 27-column format in UTF-16LE without BOM, keeping only SMTP receive events', async () => {
    const header = EXTENDED_COLUMNS.join(',');
    const row = (event: string, source: string, ip: string) => {
      const values: Record<string, string> = {
        date_time_utc: '2025-06-03T07:00:00.000Z',
        client_ip: '10.0.0.9',
        client_hostname: 'MFP-3F.contoso.local',
        event_id: event,
        source,
        recipient_address: 'dave@contoso.com',
        message_subject: 'Scan',
        sender_address: 'mfp@contoso.com',
        directionality: 'Incoming',
        original_client_ip: ip,
      };
      return EXTENDED_COLUMNS.map((c) => values[c] ?? '').join(',');
    };
    const text = [
      header,
      row('RECEIVE', 'SMTP', '198.51.100.30'),
      row('DELIVER', 'STOREDRIVER', ''),
      row('RECEIVE', 'SMTP', '198.51.100.31'),
    ].join('\n');
    const { rows, summary } = await read(Buffer.from(text, 'utf16le'), 5);
    expect(summary).toMatchObject({
      format: 'extended',
      encoding: 'utf-16le',
      bom: false,
      rows: 3,
      messages: 2,
      otherEvents: 1,
    });
    expect(rows.map((r) => r.clientIp)).toEqual(['198.51.100.30', '198.51.100.31']);
    expect(rows[0]).toMatchObject({ helo: 'MFP-3F.contoso.local', recipients: ['dave@contoso.com'] });
  });

  test('reads a NoConnector connector report in UTF-16LE with a BOM', async () => {
    const text =
      'date_time_utc,connector_id,client_ip,sender_address,recipient_address,message_subject\n2025-06-04T12:00:00Z,,203.0.113.9,Fax@Contoso.com,eve@contoso.com,New Missed Fax-msg\n';
    const { rows, summary } = await read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 3);
    expect(summary).toMatchObject({ format: 'connector', encoding: 'utf-16le', bom: true, messages: 1 });
    expect(rows[0]).toMatchObject({
      origin: 'csv-connector',
      senderAddress: 'fax@contoso.com',
      clientIp: '203.0.113.9',
    });
  });

  test('refuses an unknown header with the expected formats, and an empty file', async () => {
    const error = await read(Buffer.from('name,email\nx,y\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraceImportError);
    expect((error as TraceImportError).code).toBe('unknown-format');
    expect((error as Error).message).toMatch(
      /line 1: not a message trace export[\s\S]*origin_timestamp_utc[\s\S]*date_time_utc[\s\S]*NoConnector/,
    );
    await expect(read(Buffer.alloc(0))).rejects.toMatchObject({ code: 'empty' });
  });

  test('an unclosed quote costs one row, not the rest of the file', async () => {
    const lines = [
      SUMMARY_HEADER,
      '2025-06-02T08:00:00Z,a@contoso.com,"x@contoso.com##Receive",oops "broken,1,<m>,id,198.51.100.1,Incoming,,Normal',
    ];
    for (let i = 0; i < 6; i += 1)
      lines.push(`2025-06-02T08:0${i}:00Z,b@contoso.com,x@contoso.com,s,1,<m${i}>,id,198.51.100.2,Incoming,,Normal`);
    const rows: TraceRow[] = [];
    const summary = await readTraceCsv(Readable.from([Buffer.from(lines.join('\n'))]), {
      onRow: (r) => rows.push(r),
      limits: { maxRecordChars: 300 },
    });
    expect(rows).toHaveLength(6);
    expect(summary.issues).toEqual([{ line: 2, message: 'a quoted field is not closed within 300 characters' }]);
  });

  test('the record splitter agrees with csv-parse on generated CSV', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', '1') }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', 'é', ' ') }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (records, chunk) => {
          const text = records
            .map((r) => r.map((f) => (/[",\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f)).join(','))
            .join('\r\n');
          const got: string[][] = [];
          const splitter = new CsvRecordSplitter({
            record: (f) => got.push(f),
            malformed: (line, m) => {
              throw new Error(`${line}: ${m}`);
            },
          });
          for (let i = 0; i < text.length; i += chunk) splitter.push(text.slice(i, i + chunk));
          splitter.end();
          const expected = (csvParse(text, { relax_column_count: true }) as string[][]).map((r) =>
            r.map((f) => f.replace(/\r\n/g, '\n')),
          );
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
