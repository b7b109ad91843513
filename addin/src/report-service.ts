/** Builds a report from what the pane shows and hands it to the queue. */
import type { Verdict } from '@dsguard/classifier';
import type { ReportBody } from './api-client.js';
import { newUuid } from './ids.js';
import type { HostError } from './office/async.js';
import { readMessageFile } from './office/message-file.js';
import type { ReportOutcome, ReportQueue } from './report-queue.js';

export const NOTE_MAX_LENGTH = 2000;

export interface ReportRequest {
  office: typeof Office;
  item: Office.MessageRead;
  headers: string;
  verdict: Verdict;
  subject?: string;
  note?: string;
  /** The user agreed to send the whole message. */
  includeMessage: boolean;
  source?: ReportBody['source'];
}

export interface ReportResult {
  outcome: ReportOutcome;
  /** The whole message was asked for but could not be read; the report went without it. */
  emlError?: HostError;
}

export async function fileReport(queue: ReportQueue, request: ReportRequest): Promise<ReportResult> {
  let eml: string | undefined;
  let emlError: HostError | undefined;
  if (request.includeMessage) {
    const file = await readMessageFile(request.office, request.item);
    if (file.ok && file.value) eml = file.value;
    else emlError = file.ok ? { message: 'empty message file' } : file.error;
  }
  const note = request.note?.trim().slice(0, NOTE_MAX_LENGTH);
  const body: ReportBody = {
    clientReportId: newUuid(),
    headers: request.headers,
    verdict: request.verdict,
    source: request.source ?? 'addin',
    ...(note ? { note } : {}),
    ...(eml ? { eml } : {}),
    ...(request.subject ? { subject: request.subject } : {}),
  };
  const outcome = await queue.submit(body);
  return { outcome, ...(emlError ? { emlError } : {}) };
}
