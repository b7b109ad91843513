/**
 * The flag that stays on the message in Outlook's info bar. One stable key, so a re-check replaces the flag
 * instead of adding a second one. Only a persistent InformationalMessage with an icon survives switching items
 * (an ErrorMessage disappears once seen), so that is what a spoof gets.
 */
import type { Verdict } from '@dsguard/classifier';
import { strings } from '../strings.js';
import { callOffice, type HostError } from './async.js';

/** Outlook allows keys up to 32 characters. */
export const NOTIFICATION_KEY = 'dsguard-verdict';
/** Must match a `bt:Image` id in the add-in manifest's resources. */
export const NOTIFICATION_ICON_ID = 'Icon.16x16';
export const NOTIFICATION_MAX_TEXT = 150;
export const NOTIFICATION_TIMEOUT_MS = 10_000;

export interface NotificationPolicy {
  /** The tenant admin asked to flag legitimate Direct Send too (tenant context `notifyDirectSend`). */
  notifyDirectSend: boolean;
}

export type NotificationOutcome =
  | { action: 'replaced'; details: Office.NotificationMessageDetails }
  | { action: 'removed' }
  | { action: 'failed'; error: HostError };

export function clampNotificationText(text: string): string {
  return text.length <= NOTIFICATION_MAX_TEXT ? text : `${text.slice(0, NOTIFICATION_MAX_TEXT - 1)}…`;
}

/** The notification a verdict deserves, or null for none. */
export function notificationFor(
  office: typeof Office,
  verdict: Verdict,
  policy: NotificationPolicy,
): Office.NotificationMessageDetails | null {
  const type = office.MailboxEnums.ItemNotificationMessageType.InformationalMessage;
  if (verdict.verdict === 'spoof') {
    return {
      type,
      message: clampNotificationText(strings.notification.spoof),
      icon: NOTIFICATION_ICON_ID,
      persistent: true,
    };
  }
  if (verdict.verdict === 'direct-send' && policy.notifyDirectSend) {
    return {
      type,
      message: clampNotificationText(strings.notification.directSend),
      icon: NOTIFICATION_ICON_ID,
      persistent: false,
    };
  }
  return null;
}

/** Puts the right flag on the item, or takes ours off when the verdict no longer calls for one. */
export async function applyVerdictNotification(
  office: typeof Office,
  item: Office.MessageRead,
  verdict: Verdict,
  policy: NotificationPolicy,
  timeoutMs = NOTIFICATION_TIMEOUT_MS,
): Promise<NotificationOutcome> {
  const messages = item.notificationMessages;
  if (!messages)
    return { action: 'failed', error: { name: 'NotSupported', message: 'notificationMessages is not available' } };
  const details = notificationFor(office, verdict, policy);
  const succeeded = office.AsyncResultStatus.Succeeded;
  if (details) {
    const result = await callOffice<void>(
      (cb) => messages.replaceAsync(NOTIFICATION_KEY, details, cb),
      succeeded,
      timeoutMs,
    );
    return result.ok ? { action: 'replaced', details } : { action: 'failed', error: result.error };
  }
  // Removing a key that is not there fails harmlessly; either way the item carries no flag of ours.
  await callOffice<void>((cb) => messages.removeAsync(NOTIFICATION_KEY, cb), succeeded, timeoutMs);
  return { action: 'removed' };
}
