import { readHeaders } from '../src/office/headers';
import { createFakeOffice } from '../../test/browser/fixtures/fake-office';
import { headersOf } from './support/corpus';

const item = (office: typeof Office) => office.context.mailbox.item as Office.MessageRead;

describe('readHeaders', () => {
  test('returns the header text on success', async () => {
    const fake = createFakeOffice({ messages: [{ id: 'a', headers: headersOf('01-spoof-self.eml') }], selected: 'a' });
    const result = await readHeaders(fake.office, item(fake.office));
    expect(result).toEqual({ kind: 'ok', headers: headersOf('01-spoof-self.eml') });
    expect(fake.calls.map((c) => c.method)).toEqual(['getAllInternetHeadersAsync']);
  });

  test('an empty answer is "no data", never a clean result', async () => {
    const fake = createFakeOffice({ messages: [{ id: 'a', headers: '  \r\n' }], selected: 'a' });
    expect(await readHeaders(fake.office, item(fake.office))).toEqual({ kind: 'no-data', reason: 'empty' });
  });

  test('a host failure is an error carrying the host message', async () => {
    const fake = createFakeOffice({
      messages: [
        { id: 'a', headersError: { code: 9020, name: 'GenericResponseError', message: 'The server is busy' } },
      ],
      selected: 'a',
    });
    expect(await readHeaders(fake.office, item(fake.office))).toEqual({
      kind: 'error',
      error: { code: 9020, name: 'GenericResponseError', message: 'The server is busy' },
    });
  });

  test('a host that never answers times out', async () => {
    const fake = createFakeOffice({ messages: [{ id: 'a', headers: 'x', headersDelayMs: 10_000 }], selected: 'a' });
    const result = await readHeaders(fake.office, item(fake.office), 20);
    expect(result).toMatchObject({ kind: 'error', error: { name: 'DsguardTimeout' } });
  });

  test('hosts below Mailbox 1.8 or without the API are "unsupported"', async () => {
    const old = createFakeOffice({ messages: [{ id: 'a', headers: 'x' }], selected: 'a', mailboxVersion: '1.7' });
    expect(await readHeaders(old.office, item(old.office))).toEqual({ kind: 'no-data', reason: 'unsupported' });
    const mobile = createFakeOffice({ messages: [{ id: 'a', headers: 'x' }], selected: 'a', noHeadersApi: true });
    expect(await readHeaders(mobile.office, item(mobile.office))).toEqual({ kind: 'no-data', reason: 'unsupported' });
    expect(mobile.calls).toHaveLength(0);
  });

  test('appointments are not messages', async () => {
    const fake = createFakeOffice({ messages: [{ id: 'a', itemType: 'appointment', headers: 'x' }], selected: 'a' });
    expect(await readHeaders(fake.office, item(fake.office))).toEqual({ kind: 'no-data', reason: 'not-a-message' });
  });
});
