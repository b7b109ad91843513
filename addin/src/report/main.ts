/**
 * Spam-reporting function file. Bundled into one classic script with no imports at run time (classic Outlook
 * runs it in a JavaScript-only runtime); registers with Office.actions.associate and never calls Office.onReady.
 */
import { tryClassify } from '@dsguard/classifier';
import { createApiClient } from '../api-client.js';
import { createTokenProvider } from '../auth.js';
import { apiBaseUrl, buildTimeAuth } from '../build-config.js';
import { ReportQueue } from '../report-queue.js';
import { browserStorage } from '../storage.js';
import { handleSpamReport, type SpamReportEvent } from './spam-report.js';

/** The function name the manifests' ReportPhishingCommandSurface / spamReportingOverride refer to. */
export const SPAM_REPORT_FUNCTION = 'onSpamReport';

function onSpamReport(event: SpamReportEvent): void {
  const tokens = createTokenProvider(buildTimeAuth(), { interactive: false });
  const api = createApiClient({ baseUrl: apiBaseUrl(), getToken: () => tokens.getToken(), timeoutMs: 60_000 });
  // No background timer here: the pane's queue retries what this handler could not send.
  const storage = browserStorage();
  const queue = new ReportQueue({ api, storage, setTimer: () => undefined, clearTimer: () => undefined });
  void handleSpamReport(event, {
    office: Office,
    api,
    queue,
    tryClassify,
    queuePersists: storage.persistent === true,
    onAuth: (auth) => {
      if (!tokens.configured) tokens.configure(auth);
    },
  });
}

Office.actions.associate(SPAM_REPORT_FUNCTION, onSpamReport);
