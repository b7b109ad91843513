/**
 * The built spam-report handler (addin/dist/report.js) as the host runs it: one classic script, no imports,
 * evaluated in a bare context that has only the fake Office object, fetch and the Web platform basics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { createFakeOffice } from '../../test/browser/fixtures/fake-office';
import { sample } from './support/corpus';

const root = join(__dirname, '..', '..');

function fakeLocalStorage() {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, String(v)),
    removeItem: (k: string) => void map.delete(k),
    map,
  };
}

test('report.js is one classic script: no imports, no Office.onReady, registers onSpamReport', () => {
  const code = readFileSync(join(root, 'addin', 'dist', 'report.js'), 'utf8');
  expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s|^\s*export\s/m);
  expect(code).not.toContain('Office.onReady');
  expect(code).toContain('Office.actions.associate(');
});

test('the bundled handler reports the message and completes the event with a move to Junk', async () => {
  const eml = sample('01-spoof-self.eml');
  const fake = createFakeOffice({
    messages: [{ id: 'm', subject: 'W-9 request', eml: Buffer.from(eml).toString('base64') }],
    selected: 'm',
  });
  const requests: { url: string; method: string; body?: string }[] = [];
  const fetch = async (url: string, init: { method: string; body?: string }) => {
    requests.push({ url, method: init.method, ...(init.body ? { body: init.body } : {}) });
    const answer =
      url === '/api/tenant-context'
        ? { acceptedDomains: ['northwindtraders.org'], notifyDirectSend: false }
        : { id: 'R-77', status: 'new', duplicate: false };
    return new Response(JSON.stringify(answer), { status: url === '/api/reports' ? 201 : 200 });
  };
  const localStorage = fakeLocalStorage();
  const code = readFileSync(join(root, 'addin', 'dist', 'report.js'), 'utf8');
  runInNewContext(code, {
    Office: fake.office,
    fetch,
    localStorage,
    setTimeout,
    clearTimeout,
    atob,
    TextDecoder,
    crypto: globalThis.crypto,
    AbortController,
    console,
  });
  const handler = fake.associated.get('onSpamReport');
  expect(handler).toBeDefined();
  const completed = await new Promise<Record<string, unknown>>((resolve) =>
    handler!({ type: 'SpamReporting', freeText: 'phish', options: [true], completed: resolve }),
  );
  expect(completed).toEqual({
    onErrorDeleteItem: false,
    moveItemTo: 'junkFolder',
    showPostProcessingDialog: { title: 'Direct Send Guard', description: expect.stringContaining('Direct Send spoof') },
  });
  expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/tenant-context', 'POST /api/reports']);
  const body = JSON.parse(requests[1]!.body!);
  expect(body).toMatchObject({
    source: 'addin-spam-report',
    verdict: { verdict: 'spoof' },
    note: 'Options selected: 1\nphish',
  });
  expect(localStorage.map.size).toBe(0);
});
