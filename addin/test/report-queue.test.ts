import type { ApiResult, ReportAck, ReportBody } from '../src/api-client';
import { REPORT_KEY_PREFIX, ReportQueue, RETRY_MAX_MS } from '../src/report-queue';
import { memoryStorage, type KeyValueStorage } from '../src/storage';

const verdict = { verdict: 'spoof' as const, score: 95, reasons: [], facts: {} };
const body = (id: string, extra: Partial<ReportBody> = {}): ReportBody => ({
  clientReportId: id,
  headers: 'From: a@b.c\r\n',
  verdict,
  source: 'addin',
  ...extra,
});

/** A server that files each clientReportId once, like the real one, and can be told to fail. */
function fakeServer() {
  const filed = new Map<string, ReportBody>();
  const received: ReportBody[] = [];
  let mode: 'up' | 'down' | '503' | '400' | '413-if-eml' = 'up';
  return {
    filed,
    received,
    setMode: (m: typeof mode) => void (mode = m),
    api: {
      async postReport(b: ReportBody): Promise<ApiResult<ReportAck>> {
        received.push(b);
        if (mode === 'down') return { ok: false, code: 'network', message: 'fetch failed' };
        if (mode === '503')
          return { ok: false, status: 503, code: 'http-503', message: 'unavailable', retryAfterMs: 60_000 };
        if (mode === '400') return { ok: false, status: 400, code: 'bad-request', message: 'headers missing' };
        if (mode === '413-if-eml' && b.eml) return { ok: false, status: 413, code: 'too-large', message: 'too large' };
        if (filed.has(b.clientReportId))
          return { ok: true, status: 200, body: { id: `r-${b.clientReportId}`, duplicate: true } };
        filed.set(b.clientReportId, b);
        return { ok: true, status: 201, body: { id: `r-${b.clientReportId}`, status: 'new', duplicate: false } };
      },
    },
  };
}

function clock() {
  let t = 1_000_000;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      const timer = { at: t + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimer: (h: unknown) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    /** Moves time on and runs the timers that fall due. */
    async advance(ms: number) {
      t += ms;
      for (const timer of timers.filter((x) => x.at <= t)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
      await new Promise((r) => setTimeout(r, 0));
    },
    pendingTimers: () => timers.length,
  };
}

function queueWith(server: ReturnType<typeof fakeServer>, storage: KeyValueStorage = memoryStorage(), c = clock()) {
  const queue = new ReportQueue({
    api: server.api,
    storage,
    now: c.now,
    random: () => 0.5,
    setTimer: c.setTimer,
    clearTimer: c.clearTimer,
  });
  return { queue, storage, clock: c };
}

describe('ReportQueue', () => {
  test('a report the server acknowledges is removed from the device', async () => {
    const server = fakeServer();
    const { queue, storage } = queueWith(server);
    const outcome = await queue.submit(body('a'));
    expect(outcome).toEqual({ status: 'sent', clientReportId: 'a', id: 'r-a', duplicate: false });
    expect(storage.keys()).toEqual([]);
    expect(server.filed.size).toBe(1);
  });

  test('an unreachable server keeps the report and retries until acknowledged, with the same id', async () => {
    const server = fakeServer();
    server.setMode('down');
    const { queue, storage, clock: c } = queueWith(server);
    const seen: string[] = [];
    queue.onOutcome((o) => seen.push(o.status));
    expect(await queue.submit(body('b', { note: 'odd invoice' }))).toMatchObject({ status: 'queued' });
    expect(storage.keys()).toEqual([`${REPORT_KEY_PREFIX}b`]);
    await c.advance(5_000); // first retry, still down
    expect(queue.pending()[0]).toMatchObject({ attempts: 2 });
    server.setMode('up');
    await c.advance(10_000);
    expect(storage.keys()).toEqual([]);
    expect(seen).toEqual(['queued', 'queued', 'sent']);
    expect(new Set(server.received.map((r) => r.clientReportId))).toEqual(new Set(['b']));
    expect(server.filed.get('b')?.note).toBe('odd invoice');
  });

  test('a saved report is sent by a later pane (new queue, same storage)', async () => {
    const server = fakeServer();
    server.setMode('503');
    const storage = memoryStorage();
    await queueWith(server, storage).queue.submit(body('c'));
    server.setMode('up');
    const later = queueWith(server, storage);
    await later.clock.advance(RETRY_MAX_MS);
    await later.queue.flush();
    expect(server.filed.has('c')).toBe(true);
    expect(storage.keys()).toEqual([]);
  });

  test('Retry-After is honoured and backoff is capped', async () => {
    const server = fakeServer();
    server.setMode('503');
    const { queue } = queueWith(server);
    await queue.submit(body('d'));
    const [entry] = queue.pending();
    expect(entry!.nextAttemptAt - entry!.createdAt).toBe(60_000);
  });

  test('two panes flushing the same saved report file it once (idempotent clientReportId)', async () => {
    const server = fakeServer();
    server.setMode('down');
    const storage = memoryStorage();
    const c = clock();
    await queueWith(server, storage, c).queue.submit(body('e'));
    server.setMode('up');
    await c.advance(RETRY_MAX_MS);
    const one = queueWith(server, storage, c).queue;
    const two = queueWith(server, storage, c).queue;
    await Promise.all([one.flush(), two.flush()]);
    expect(server.filed.size).toBe(1);
    expect(storage.keys()).toEqual([]);
  });

  test('the server answering "duplicate" counts as acknowledged', async () => {
    const server = fakeServer();
    const { queue } = queueWith(server);
    await queue.submit(body('f'));
    expect(await queue.submit(body('f'))).toEqual({ status: 'sent', clientReportId: 'f', id: 'r-f', duplicate: true });
  });

  test('a report the server refuses (400) is dropped with the reason', async () => {
    const server = fakeServer();
    server.setMode('400');
    const { queue, storage } = queueWith(server);
    expect(await queue.submit(body('g'))).toEqual({
      status: 'rejected',
      clientReportId: 'g',
      message: 'headers missing',
    });
    expect(storage.keys()).toEqual([]);
  });

  test('a message too large for the server is re-sent without the .eml', async () => {
    const server = fakeServer();
    server.setMode('413-if-eml');
    const { queue } = queueWith(server);
    const outcome = await queue.submit(body('h', { eml: 'QUJD' }));
    expect(outcome).toMatchObject({ status: 'sent', emlDropped: 'too-large' });
    expect(server.filed.get('h')?.eml).toBeUndefined();
  });

  test('when storage cannot hold the .eml, the report is still saved and the .eml sent from memory', async () => {
    const server = fakeServer();
    server.setMode('down');
    const base = memoryStorage();
    const storage: KeyValueStorage = {
      ...base,
      setItem(key, value) {
        if (value.length > 500) throw new DOMException('quota', 'QuotaExceededError');
        base.setItem(key, value);
      },
    };
    const { queue, clock: c } = queueWith(server, storage);
    await queue.submit(body('i', { eml: 'A'.repeat(2000) }));
    expect(queue.pending()[0]).toMatchObject({ emlDropped: 'storage' });
    expect(queue.pending()[0]!.body.eml).toBeUndefined();
    server.setMode('up');
    await c.advance(RETRY_MAX_MS);
    expect(server.filed.get('i')?.eml).toHaveLength(2000);
  });
});
