import { tryClassify } from '@dsguard/classifier';
import type { ApiResult, ReportAck, ReportBody, TenantContextAnswer } from '../src/api-client';
import { ReportQueue } from '../src/report-queue';
import { decodeEml, handleSpamReport, headerBlock, type SpamReportEvent } from '../src/report/spam-report';
import { memoryStorage } from '../src/storage';
import { strings } from '../src/strings';
import { createFakeOffice } from '../../test/browser/fixtures/fake-office';
import { label, sample } from './support/corpus';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function harness(
  opts: { reportAnswer?: ApiResult<ReportAck>; hangReports?: boolean; eml?: string; fileFails?: boolean } = {},
) {
  const eml = opts.eml ?? sample('01-spoof-self.eml');
  const fake = createFakeOffice({
    messages: [
      {
        id: 'm',
        subject: 'W-9 request',
        headers: headerBlock(eml),
        ...(opts.fileFails
          ? { fileError: { code: 9020, name: 'GenericResponseError', message: 'no' } }
          : { eml: b64(eml) }),
      },
    ],
    selected: 'm',
  });
  const posted: ReportBody[] = [];
  const tenant: ApiResult<TenantContextAnswer> = {
    ok: true,
    status: 200,
    body: { ...label('01-spoof-self.eml').tenant, notifyDirectSend: false },
  };
  const api = {
    getTenantContext: async () => tenant,
    postReport: (body: ReportBody): Promise<ApiResult<ReportAck>> => {
      posted.push(body);
      if (opts.hangReports) return new Promise(() => undefined);
      return Promise.resolve(opts.reportAnswer ?? { ok: true, status: 201, body: { id: 'R9', duplicate: false } });
    },
  };
  const storage = memoryStorage();
  const queue = new ReportQueue({ api, storage, setTimer: () => undefined, clearTimer: () => undefined });
  const completed: Office.SpamReportingEventCompletedOptions[] = [];
  const trace: string[] = [];
  const event = {
    type: 'SpamReporting',
    freeText: 'Asked me for a W-9',
    options: [false, true],
    completed: (o: Office.SpamReportingEventCompletedOptions) => {
      trace.push('completed');
      completed.push(o);
    },
  } as unknown as SpamReportEvent;
  return { fake, posted, completed, event, queue, storage, api, trace };
}

describe('spam-report handler', () => {
  test('files the report with the whole message and moves it to Junk with a message', async () => {
    const h = harness();
    await handleSpamReport(h.event, {
      office: h.fake.office,
      api: h.api,
      queue: h.queue,
      tryClassify,
      queuePersists: true,
    });
    expect(h.fake.calls.map((c) => c.method)).toEqual(['getAsFileAsync']);
    expect(h.posted).toHaveLength(1);
    expect(h.posted[0]).toMatchObject({
      source: 'addin-spam-report',
      subject: 'W-9 request',
      verdict: { verdict: 'spoof' },
      note: 'Options selected: 2\nAsked me for a W-9',
    });
    expect(h.posted[0]!.headers).toMatch(/^Received: /);
    expect(h.posted[0]!.headers).not.toMatch(/QR code/);
    expect(decodeEml(h.posted[0]!.eml!)).toBe(sample('01-spoof-self.eml'));
    expect(h.completed).toEqual([
      {
        onErrorDeleteItem: false,
        moveItemTo: 'junkFolder',
        showPostProcessingDialog: { title: strings.spamReport.dialogTitle, description: strings.spamReport.sentSpoof },
      },
    ]);
  });

  test('falls back to the internet headers when the message file cannot be read', async () => {
    const h = harness({ fileFails: true });
    await handleSpamReport(h.event, {
      office: h.fake.office,
      api: h.api,
      queue: h.queue,
      tryClassify,
      queuePersists: true,
    });
    expect(h.fake.calls.map((c) => c.method)).toEqual(['getAsFileAsync', 'getAllInternetHeadersAsync']);
    expect(h.posted[0]!.eml).toBeUndefined();
    expect(h.posted[0]!.verdict.verdict).toBe('spoof');
  });

  test('an unreachable server leaves the report queued and says so; without storage it says it failed', async () => {
    const down: ApiResult<ReportAck> = { ok: false, code: 'network', message: 'fetch failed' };
    const h = harness({ reportAnswer: down });
    await handleSpamReport(h.event, {
      office: h.fake.office,
      api: h.api,
      queue: h.queue,
      tryClassify,
      queuePersists: true,
    });
    expect(h.queue.pending()).toHaveLength(1);
    expect(h.completed[0]!.showPostProcessingDialog).toMatchObject({ description: strings.spamReport.queued });
    const g = harness({ reportAnswer: down });
    await handleSpamReport(g.event, {
      office: g.fake.office,
      api: g.api,
      queue: g.queue,
      tryClassify,
      queuePersists: false,
    });
    expect(g.completed[0]!.showPostProcessingDialog).toMatchObject({ description: strings.spamReport.failed });
  });

  test('completes within the time budget when the server hangs, exactly once, with nothing after it', async () => {
    const h = harness({ hangReports: true });
    const timers = new Set<ReturnType<typeof setTimeout>>();
    // The POST never answers, so the handler's own promise never settles: only the deadline completes the event.
    void handleSpamReport(h.event, {
      office: h.fake.office,
      api: h.api,
      queue: h.queue,
      tryClassify,
      queuePersists: true,
      budgetMs: 50,
      setTimer: (fn, ms) => {
        const t = setTimeout(() => {
          timers.delete(t);
          fn();
        }, ms);
        timers.add(t);
        return t;
      },
      clearTimer: (t) => {
        clearTimeout(t as ReturnType<typeof setTimeout>);
        timers.delete(t as ReturnType<typeof setTimeout>);
      },
    });
    await new Promise((r) => setTimeout(r, 120));
    expect(h.completed).toHaveLength(1);
    expect(h.completed[0]!.moveItemTo).toBe('junkFolder');
    expect(timers.size).toBe(0);
  }, 5000);

  test('older classic Outlook builds without MoveSpamItemTo get postProcessingAction', async () => {
    const h = harness();
    delete (h.fake.office.MailboxEnums as { MoveSpamItemTo?: unknown }).MoveSpamItemTo;
    await handleSpamReport(h.event, {
      office: h.fake.office,
      api: h.api,
      queue: h.queue,
      tryClassify,
      queuePersists: true,
    });
    expect(h.completed[0]).toMatchObject({ postProcessingAction: 'moveToSpamFolder' });
    expect(h.completed[0]!.moveItemTo).toBeUndefined();
  });

  test('decodes Base64 EML as UTF-8 and cuts the header block', () => {
    expect(decodeEml(b64('Subject: Grüße\r\n\r\nbody'))).toBe('Subject: Grüße\r\n\r\nbody');
    expect(headerBlock('A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore')).toBe('A: 1\r\nB: 2');
  });
});
