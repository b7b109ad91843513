import { tryClassify, type TenantContext } from '@dsguard/classifier';
import { PaneController, type PaneState } from '../src/pane-controller';
import { NOTIFICATION_KEY } from '../src/office/notifications';
import type { ResolvedTenantContext } from '../src/tenant-context';
import { createFakeOffice, type FakeMessage } from '../../test/browser/fixtures/fake-office';
import { headersOf, label } from './support/corpus';

function setup(messages: FakeMessage[], selected: string | null, tenant: TenantContext = {}, notifyDirectSend = false) {
  const fake = createFakeOffice({ messages, selected });
  const resolved: ResolvedTenantContext = { context: tenant, notifyDirectSend, source: 'server' };
  const controller = new PaneController({ office: fake.office, tryClassify, tenant: { get: async () => resolved } });
  const states: PaneState[] = [];
  controller.subscribe((s) => states.push(s));
  return { fake, controller, states };
}

/** Resolves once the controller reaches a state matching `done`. */
function settle(controller: PaneController, done: (s: PaneState) => boolean): Promise<PaneState> {
  return new Promise((resolve) => {
    if (done(controller.getState())) return resolve(controller.getState());
    const off = controller.subscribe((s) => {
      if (done(s)) {
        off();
        resolve(s);
      }
    });
  });
}

const spoof = { id: 'spoof', subject: 'W-9 request', headers: headersOf('01-spoof-self.eml') };
const internal = { id: 'internal', subject: 'Lunch', headers: headersOf('07-internal.eml') };

describe('PaneController', () => {
  test('classifies the selected item and flags a spoof with one persistent notification', async () => {
    const { fake, controller, states } = setup([spoof], 'spoof', label('01-spoof-self.eml').tenant);
    await controller.start();
    const state = controller.getState();
    expect(states[0]).toMatchObject({ kind: 'loading', item: { key: 'spoof', subject: 'W-9 request' } });
    expect(state.kind).toBe('ready');
    if (state.kind !== 'ready') return;
    expect(state.verdict.verdict).toBe('spoof');
    expect(state.notification).toMatchObject({ action: 'replaced' });
    expect(fake.notifications('spoof')).toEqual([
      expect.objectContaining({
        key: NOTIFICATION_KEY,
        type: 'informationalMessage',
        persistent: true,
        icon: 'Icon.16x16',
      }),
    ]);
  });

  test('no item selected is its own state', async () => {
    const { controller } = setup([spoof], null);
    await controller.start();
    expect(controller.getState()).toEqual({ kind: 'no-item' });
  });

  test('empty headers give "no data" and no notification', async () => {
    const { fake, controller } = setup([{ id: 'sent', headers: '' }], 'sent');
    await controller.start();
    expect(controller.getState()).toMatchObject({ kind: 'no-data', reason: 'empty' });
    expect(fake.calls.some((c) => c.method.startsWith('notificationMessages'))).toBe(false);
  });

  test('a host error is shown, and retry loads again', async () => {
    const flaky: FakeMessage = { id: 'x', headersError: { code: 9020, name: 'GenericResponseError', message: 'busy' } };
    const { controller } = setup([flaky], 'x', label('01-spoof-self.eml').tenant);
    await controller.start();
    expect(controller.getState()).toMatchObject({ kind: 'error', error: { message: 'busy' } });
    delete flaky.headersError;
    flaky.headers = spoof.headers;
    await controller.load();
    expect(controller.getState()).toMatchObject({ kind: 'ready', verdict: { verdict: 'spoof' } });
  });

  test('ItemChanged: a late answer for the previous item never overwrites the current one', async () => {
    const slow = { ...spoof, headersDelayMs: 60 };
    const { fake, controller, states } = setup([slow, internal], 'spoof', label('01-spoof-self.eml').tenant);
    const started = controller.start();
    await new Promise((r) => setTimeout(r, 5));
    fake.select('internal');
    await settle(controller, (s) => s.kind === 'ready' && s.item.key === 'internal' && !!s.notification);
    await started;
    await new Promise((r) => setTimeout(r, 80)); // let the slow answer for 'spoof' arrive
    const final = controller.getState();
    expect(final).toMatchObject({ kind: 'ready', item: { key: 'internal' }, verdict: { verdict: 'internal' } });
    expect(states.some((s) => s.kind === 'ready' && s.item.key === 'spoof')).toBe(false);
    expect(fake.notifications('spoof')).toEqual([]);
    expect(fake.calls.filter((c) => c.method === 'notificationMessages.replaceAsync')).toEqual([]);
  });

  test('switching to no item clears the verdict', async () => {
    const { fake, controller } = setup([internal], 'internal');
    await controller.start();
    fake.select(null);
    await settle(controller, (s) => s.kind === 'no-item');
    expect(controller.getState()).toEqual({ kind: 'no-item' });
  });

  test('a classifier bug becomes an error state, not a crash', async () => {
    const fake = createFakeOffice({ messages: [internal], selected: 'internal' });
    const controller = new PaneController({
      office: fake.office,
      tryClassify: () => {
        throw new Error('boom');
      },
      tenant: { get: async () => ({ context: {}, notifyDirectSend: false, source: 'none' }) },
    });
    await controller.start();
    expect(controller.getState()).toMatchObject({ kind: 'error', error: { message: 'boom' } });
  });
});
