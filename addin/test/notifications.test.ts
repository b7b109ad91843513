import { classify } from '@dsguard/classifier';
import {
  applyVerdictNotification,
  clampNotificationText,
  NOTIFICATION_KEY,
  notificationFor,
} from '../src/office/notifications';
import { strings } from '../src/strings';
import { createFakeOffice } from '../../test/browser/fixtures/fake-office';
import { headersOf, label } from './support/corpus';

const verdictOf = (file: string) => classify(headersOf(file), label(file).tenant);

function fresh() {
  const fake = createFakeOffice({ messages: [{ id: 'm', headers: 'x' }], selected: 'm' });
  return { fake, item: fake.office.context.mailbox.item as Office.MessageRead };
}

describe('verdict notifications', () => {
  test('a spoof gets one persistent informational flag; applying twice replaces, never duplicates', async () => {
    const { fake, item } = fresh();
    const spoof = verdictOf('01-spoof-self.eml');
    await applyVerdictNotification(fake.office, item, spoof, { notifyDirectSend: false });
    await applyVerdictNotification(fake.office, item, spoof, { notifyDirectSend: false });
    const flags = fake.notifications('m');
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ key: NOTIFICATION_KEY, persistent: true, type: 'informationalMessage' });
    expect(fake.calls.filter((c) => c.method === 'notificationMessages.addAsync')).toHaveLength(0);
    expect(fake.calls.filter((c) => c.method === 'notificationMessages.replaceAsync')).toHaveLength(2);
  });

  test('legitimate direct send is flagged only when the tenant asks for it', async () => {
    const direct = verdictOf('05-device-spfpass.eml');
    expect(direct.verdict).toBe('direct-send');
    const off = fresh();
    await applyVerdictNotification(off.fake.office, off.item, direct, { notifyDirectSend: false });
    expect(off.fake.notifications('m')).toEqual([]);
    const on = fresh();
    await applyVerdictNotification(on.fake.office, on.item, direct, { notifyDirectSend: true });
    expect(on.fake.notifications('m')).toEqual([
      expect.objectContaining({ message: strings.notification.directSend, type: 'informationalMessage' }),
    ]);
  });

  test('a verdict that needs no flag removes ours (re-check after a context change)', async () => {
    const { fake, item } = fresh();
    await applyVerdictNotification(fake.office, item, verdictOf('01-spoof-self.eml'), { notifyDirectSend: false });
    const outcome = await applyVerdictNotification(fake.office, item, verdictOf('07-internal.eml'), {
      notifyDirectSend: false,
    });
    expect(outcome).toEqual({ action: 'removed' });
    expect(fake.notifications('m')).toEqual([]);
  });

  test('texts and key respect the host limits (150 and 32 characters)', () => {
    const { fake } = fresh();
    expect(NOTIFICATION_KEY.length).toBeLessThanOrEqual(32);
    for (const text of Object.values(strings.notification)) expect(text.length).toBeLessThanOrEqual(150);
    expect(clampNotificationText('x'.repeat(400))).toHaveLength(150);
    expect(notificationFor(fake.office, verdictOf('07-internal.eml'), { notifyDirectSend: true })).toBeNull();
  });

  test('a host failure is reported, not thrown', async () => {
    const { fake, item } = fresh();
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) =>
        item.notificationMessages.addAsync(`other-${i}`, { type: 'progressIndicator' as never, message: 'busy' }, () =>
          resolve(),
        ),
      );
    }
    const outcome = await applyVerdictNotification(fake.office, item, verdictOf('01-spoof-self.eml'), {
      notifyDirectSend: false,
    });
    expect(outcome).toMatchObject({ action: 'failed', error: { name: 'NumberOfNotificationMessagesExceeded' } });
  });
});
