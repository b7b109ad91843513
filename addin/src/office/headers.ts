/** Reads the message's internet headers: the only source the add-in trusts (REST and EWS are retired for add-ins). */
import { strings, type NoDataReason } from '../strings.js';
import { callOffice, type HostError } from './async.js';

export type HeadersResult =
  { kind: 'ok'; headers: string } | { kind: 'no-data'; reason: NoDataReason } | { kind: 'error'; error: HostError };

export const HEADERS_TIMEOUT_MS = 20_000;

/** Whether this host can read internet headers at all (Mailbox 1.8; Outlook mobile cannot in read mode). */
export function canReadHeaders(office: typeof Office, item: Office.MessageRead | null | undefined): boolean {
  if (!item || typeof item.getAllInternetHeadersAsync !== 'function') return false;
  const requirements = office.context?.requirements;
  return !requirements || requirements.isSetSupported('Mailbox', '1.8');
}

export async function readHeaders(
  office: typeof Office,
  item: Office.MessageRead,
  timeoutMs = HEADERS_TIMEOUT_MS,
): Promise<HeadersResult> {
  if (item.itemType !== undefined && item.itemType !== office.MailboxEnums.ItemType.Message) {
    return { kind: 'no-data', reason: 'not-a-message' };
  }
  if (!canReadHeaders(office, item)) return { kind: 'no-data', reason: 'unsupported' };
  const result = await callOffice<string>(
    (callback) => item.getAllInternetHeadersAsync(callback),
    office.AsyncResultStatus.Succeeded,
    timeoutMs,
    strings.timeoutMessage,
  );
  if (!result.ok) return { kind: 'error', error: result.error };
  const headers = typeof result.value === 'string' ? result.value : '';
  if (headers.trim() === '') return { kind: 'no-data', reason: 'empty' };
  return { kind: 'ok', headers };
}
