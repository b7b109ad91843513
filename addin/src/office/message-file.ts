/** The whole message as Base64-encoded EML (Mailbox 1.14), for reports made with the user's consent. */
import { callOffice, type HostResult } from './async.js';

export const FILE_TIMEOUT_MS = 60_000;

export function canReadMessageFile(item: Office.MessageRead | null | undefined): boolean {
  return !!item && typeof (item as { getAsFileAsync?: unknown }).getAsFileAsync === 'function';
}

export function readMessageFile(
  office: typeof Office,
  item: Office.MessageRead,
  timeoutMs = FILE_TIMEOUT_MS,
): Promise<HostResult<string>> {
  if (!canReadMessageFile(item)) {
    return Promise.resolve({ ok: false, error: { name: 'NotSupported', message: 'getAsFileAsync is not available' } });
  }
  return callOffice<string>((callback) => item.getAsFileAsync(callback), office.AsyncResultStatus.Succeeded, timeoutMs);
}
