/**
 * Integrated spam reporting (ReportPhishingCommandSurface, Mailbox 1.14). Takes the message with
 * getAsFileAsync, classifies it, files the report, then completes the event: move to Junk Email and a
 * post-processing message. The host allows 5 minutes; we finish within HANDLER_BUDGET_MS whatever happens,
 * and `event.completed` is always the last thing that runs: code after it may never execute in classic Outlook.
 */
import type { TenantContext, Verdict } from '@dsguard/classifier';
import type { ApiClient, AuthConfig, ReportBody } from '../api-client.js';
import { newUuid } from '../ids.js';
import { callOffice } from '../office/async.js';
import type { ReportOutcome, ReportQueue } from '../report-queue.js';
import { strings } from '../strings.js';
import type { ClassifyOutcome } from '../pane-controller.js';

export const HANDLER_BUDGET_MS = 4 * 60_000;
export const FILE_READ_TIMEOUT_MS = 90_000;
export const TENANT_CONTEXT_TIMEOUT_MS = 15_000;

export type SpamReportEvent = Office.MailboxEvent &
  Partial<Pick<Office.SpamReportingEventArgs, 'freeText' | 'options'>>;

export interface SpamReportDeps {
  office: typeof Office;
  api: Pick<ApiClient, 'getTenantContext'>;
  queue: Pick<ReportQueue, 'submit'>;
  tryClassify: (raw: string, context?: TenantContext) => ClassifyOutcome;
  /** Whether a report left in the queue outlives this handler (false: no localStorage in this runtime). */
  queuePersists: boolean;
  /** Called when the server's tenant context names an auth configuration. */
  onAuth?: (auth: AuthConfig) => void;
  budgetMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Decodes the Base64 EML that getAsFileAsync returns into text (UTF-8, falling back to Latin-1). */
export function decodeEml(base64: string): string {
  const binary = atob(base64.replace(/\s+/g, ''));
  if (typeof TextDecoder === 'function') {
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return binary;
    }
  }
  return binary;
}

/** The header block of a message: everything before the first empty line. */
export function headerBlock(eml: string): string {
  const match = /\r?\n\r?\n/.exec(eml);
  return match ? eml.slice(0, match.index) : eml;
}

function noteFrom(event: SpamReportEvent): string | undefined {
  const parts: string[] = [];
  if (Array.isArray(event.options) && event.options.some(Boolean)) {
    parts.push(
      `Options selected: ${event.options
        .map((on, i) => (on ? String(i + 1) : null))
        .filter(Boolean)
        .join(', ')}`,
    );
  }
  if (typeof event.freeText === 'string' && event.freeText.trim()) parts.push(event.freeText.trim());
  return parts.length ? parts.join('\n') : undefined;
}

function completionText(outcome: ReportOutcome | null, verdict: Verdict | null, queuePersists: boolean): string {
  if (!outcome || outcome.status === 'rejected') return strings.spamReport.failed;
  if (outcome.status === 'queued') return queuePersists ? strings.spamReport.queued : strings.spamReport.failed;
  return verdict?.verdict === 'spoof' ? strings.spamReport.sentSpoof : strings.spamReport.sent;
}

export async function handleSpamReport(event: SpamReportEvent, deps: SpamReportDeps): Promise<void> {
  const { office } = deps;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let done = false;
  let outcome: ReportOutcome | null = null;
  let verdict: Verdict | null = null;

  const complete = (): void => {
    if (done) return;
    done = true;
    clearTimer(deadline);
    const enums = office.MailboxEnums as Partial<typeof Office.MailboxEnums>;
    const options: Office.SpamReportingEventCompletedOptions = {
      onErrorDeleteItem: false,
      showPostProcessingDialog: {
        title: strings.spamReport.dialogTitle,
        description: completionText(outcome, verdict, deps.queuePersists),
      },
    };
    if (enums.MoveSpamItemTo) options.moveItemTo = enums.MoveSpamItemTo.JunkFolder;
    else options.postProcessingAction = 'moveToSpamFolder'; // classic Outlook builds before 2308
    event.completed(options);
  };
  const deadline = setTimer(complete, deps.budgetMs ?? HANDLER_BUDGET_MS);

  try {
    const item = office.context.mailbox.item as Office.MessageRead | null;
    if (!item) return complete();
    const file = await callOffice<string>(
      (cb) => item.getAsFileAsync(cb),
      office.AsyncResultStatus.Succeeded,
      FILE_READ_TIMEOUT_MS,
    );
    if (done) return;
    let headers = '';
    let eml: string | undefined;
    if (file.ok && file.value) {
      eml = file.value;
      headers = headerBlock(decodeEml(file.value));
    } else {
      const fromHost = await callOffice<string>(
        (cb) => item.getAllInternetHeadersAsync(cb),
        office.AsyncResultStatus.Succeeded,
        FILE_READ_TIMEOUT_MS,
      );
      if (done) return;
      headers = fromHost.ok ? (fromHost.value ?? '') : '';
    }
    let context: TenantContext | undefined;
    let tenantTimer: unknown;
    const tenant = await Promise.race([
      deps.api.getTenantContext(),
      new Promise<null>((resolve) => {
        tenantTimer = setTimer(() => resolve(null), TENANT_CONTEXT_TIMEOUT_MS);
      }),
    ]);
    clearTimer(tenantTimer);
    if (done) return;
    if (tenant && tenant.ok && tenant.body) {
      const { notifyDirectSend: _n, auth, ...rest } = tenant.body;
      context = rest;
      if (auth) deps.onAuth?.(auth);
    }
    const classified = deps.tryClassify(headers, context);
    verdict = classified.ok
      ? classified.verdict
      : {
          verdict: 'unknown',
          score: 0,
          reasons: [{ id: 'addin.unreadable', severity: 'info', summary: classified.error.message }],
          facts: {},
        };
    const note = noteFrom(event);
    const body: ReportBody = {
      clientReportId: newUuid(),
      headers,
      verdict,
      source: 'addin-spam-report',
      ...(note ? { note } : {}),
      ...(eml ? { eml } : {}),
      ...(typeof item.subject === 'string' && item.subject ? { subject: item.subject } : {}),
    };
    outcome = await deps.queue.submit(body);
  } catch {
    outcome = null;
  }
  complete();
}
