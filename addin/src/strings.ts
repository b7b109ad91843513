/**
 * Every piece of text the add-in shows a person, in one place so it can be translated.
 * Verdict headlines (`VERDICT_HEADLINE`) and reason sentences (`Reason.summary`) come from the classifier, so the
 * banner, the CLI and the bot cards name a verdict in the same words; everything else is here.
 */
import { VERDICT_HEADLINE, type Severity, type VerdictCode } from '@dsguard/classifier';

export interface VerdictText {
  /** One or two sentences under the headline. */
  description: string;
  /** What the reader should do, in order. */
  nextSteps: string[];
}

export const verdictText: Record<VerdictCode, VerdictText> = {
  spoof: {
    description:
      'This message claims to come from your own organization, but it was sent from outside without proving it. ' +
      'Treat it as phishing.',
    nextSteps: [
      'Do not click links, scan QR codes or open attachments in this message.',
      'Do not reply and do not forward it to colleagues.',
      'If it asks for money, passwords or documents, check with the sender by phone or Teams, not by email.',
      'Report it to security with the button below.',
    ],
  },
  suspicious: {
    description:
      'Some signs of a Direct Send spoof are present, but not enough to be sure. Be careful with this message.',
    nextSteps: [
      'Do not open links or attachments unless you expected this message.',
      'Check with the sender by phone or Teams if it asks you to act.',
      'If in doubt, report it to security.',
    ],
  },
  'direct-send': {
    description:
      'This message was sent straight to Microsoft 365 by a device or application, such as a printer or scanner, ' +
      'and it checks out. No action is needed.',
    nextSteps: ['No action is needed. Report it if you did not expect it.'],
  },
  internal: {
    description: 'This message was sent by an authenticated account in your organization.',
    nextSteps: ['No action is needed.'],
  },
  connector: {
    description: 'This message came in through a connector your administrators set up (for example a hybrid server).',
    nextSteps: ['No action is needed. Report it if it looks wrong to you.'],
  },
  external: {
    description:
      'This message comes from outside your organization and does not pretend otherwise. Usual care applies.',
    nextSteps: ['Treat links and attachments with the usual care for outside mail.'],
  },
  unknown: {
    description: 'The message headers do not show enough of how this message reached you.',
    nextSteps: ['If the message looks unusual, report it to security.'],
  },
};

export const severityLabel: Record<Severity, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export const strings = {
  appName: 'Direct Send Guard',
  scoreLabel: (score: number): string => `Spoof score ${score} of 100`,
  scoreShort: (score: number): string => `${score}/100`,
  reasonsHeading: 'Why',
  nextStepsHeading: 'What to do',
  noReasons: 'No particular signals were found.',
  severityPrefix: 'Severity',

  loading: 'Checking this message…',
  fatalNoOffice: 'Office.js could not be loaded. Open Direct Send Guard from Outlook.',
  fatalOfficeTimeout: 'Outlook did not start the add-in in time. Close and reopen the pane.',
  noItemTitle: 'No message selected',
  noItemBody: 'Select a message to check whether it is a Direct Send spoof.',
  noDataTitle: 'No header data for this message',
  noDataReasons: {
    empty:
      'Outlook returned no internet headers for this message. This is normal for messages you sent (Sent Items), ' +
      'drafts, and on some Outlook builds. The message was not checked, so this is not a sign that it is safe.',
    unsupported:
      'This version of Outlook cannot read message headers (the add-in needs Mailbox requirement set 1.8). ' +
      'Outlook mobile cannot read internet headers in read mode. Open the message in Outlook on the web, on Windows or on Mac.',
    'not-a-message': 'Only email messages can be checked. Meeting items and other items have no internet headers.',
    'no-headers':
      'The text Outlook returned does not contain message headers. The message was not checked, so this is not a ' +
      'sign that it is safe.',
  },
  errorTitle: 'Could not read this message',
  errorBody: (message: string): string => `Outlook reported an error: ${message}`,
  timeoutMessage: 'Outlook did not answer in time.',
  retry: 'Try again',

  evidenceHeading: 'Evidence',
  evidenceSender: 'Sender',
  evidenceRoute: 'Route (oldest first)',
  evidenceAuth: 'Authentication results',
  evidenceTenantStamps: 'Stamps from your Exchange Online',
  evidenceForged: 'Forged stamps',
  evidenceNone: 'None found.',
  hopColumns: { index: '#', from: 'From', by: 'Received by', delay: 'Delay', time: 'Time' },
  hopTenantMarker: 'first hop in your tenant',
  delay: (seconds: number | undefined): string => {
    if (seconds === undefined) return '—';
    if (seconds < 0) return `${seconds} s (clock skew)`;
    if (seconds < 120) return `${seconds} s`;
    if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
    return `${Math.round(seconds / 3600)} h`;
  },
  factLabels: {
    fromAddress: 'From',
    mailFromDomain: 'Envelope sender (MAIL FROM) domain',
    replyToDomain: 'Reply-To domain',
    connectingIp: 'Connecting IP',
    helo: 'Sending host name (HELO)',
    ptr: 'Reverse DNS (PTR)',
    country: 'Country',
    authAs: 'Authenticated as',
    fromEntity: 'Arrived from',
    directionality: 'Direction',
    knownSender: 'Known sender',
    deliveredTo: 'Delivered to',
    networkMessageId: 'Network message ID',
    acceptedDomains: 'Your domains',
  } as Record<string, string>,
  authLabels: { spf: 'SPF', dkim: 'DKIM', dmarc: 'DMARC', compauth: 'Composite authentication' } as Record<
    string,
    string
  >,
  trustedAuthResults: 'Authentication-Results written by your Exchange Online',
  acceptedDomainsSource: {
    context: 'from your organization’s settings',
    inferred: 'inferred from the headers',
    none: 'unknown',
    'user-domain': 'your own email domain',
  } as Record<string, string>,
  forgedWhy: 'Why',

  reportHeading: 'Report to security',
  reportButton: 'Report to security',
  reportNoteLabel: 'Note for the security team (optional)',
  reportNotePlaceholder: 'For example: I did not expect this invoice.',
  reportAttachLabel: 'Include the whole message, with attachments, so security can investigate it',
  reportSending: 'Sending the report…',
  reportSent: (id: string): string => `Reported. Thank you. Reference: ${id}.`,
  reportDuplicate: (id: string): string => `This message was already reported. Reference: ${id}.`,
  reportQueued:
    'The security server cannot be reached right now. Your report is saved on this device and will be sent automatically.',
  reportRejected: (message: string): string => `The security server refused the report: ${message}`,
  reportEmlFailed: 'The whole message could not be read; the report will be sent with the headers only.',
  reportEmlTooLarge: 'The message was too large to attach; the report was sent with the headers only.',
  reportPendingCount: (n: number): string =>
    n === 1 ? '1 report is waiting to be sent.' : `${n} reports are waiting to be sent.`,

  notification: {
    spoof: `Direct Send Guard: ${VERDICT_HEADLINE.spoof}. Do not open links or attachments; report it.`,
    directSend: `Direct Send Guard: ${VERDICT_HEADLINE['direct-send']}.`,
  },

  spamReport: {
    dialogTitle: 'Direct Send Guard',
    sent: 'Thank you. The message was reported to your security team and moved to Junk Email.',
    sentSpoof:
      'Thank you. This looks like a Direct Send spoof of an internal sender. It was reported to your security team ' +
      'and moved to Junk Email.',
    queued:
      'The message was moved to Junk Email. The security server could not be reached; the report will be sent ' +
      'the next time the Direct Send Guard pane is open.',
    failed: 'The message was moved to Junk Email, but the report could not be sent. Please tell your security team.',
  },

  demo: {
    title: 'Direct Send Guard demo',
    intro:
      'Paste the headers of a message (or a whole .eml file), or pick a bundled sample, then choose Analyze. ' +
      'Everything runs in this page; nothing is sent anywhere.',
    headersLabel: 'Message headers',
    headersPlaceholder: 'Received: from …',
    sampleLabel: 'Sample message',
    samplePlaceholder: 'Choose a sample…',
    domainsLabel: 'Your organization’s domains (optional, comma separated)',
    analyze: 'Analyze',
    empty: 'Paste message headers first.',
    invalid: (message: string): string => `These headers could not be read: ${message}`,
    themeLabel: 'Theme',
    themes: { auto: 'Match system', light: 'Light', dark: 'Dark', contrast: 'High contrast' },
  },

  tab: {
    pageTitle: 'Direct Send Guard reports',
    mineTitle: 'My reports',
    allTitle: 'All reports',
    onlyMine: 'Only my reports',
    loading: 'Loading reports…',
    refresh: 'Refresh',
    retry: 'Try again',
    tableLabel: 'Reports',
    columns: {
      date: 'Date',
      subject: 'Subject',
      verdict: 'Verdict',
      score: 'Score',
      status: 'Status',
      reporter: 'Reported by',
    },
    noSubject: '(no subject)',
    emptyMine: 'You have not reported any messages yet. Use “Report spoof” in Outlook or the bot’s “report” command.',
    emptyAll: 'No messages have been reported in your organization yet.',
    statuses: {
      new: 'New',
      'confirmed-spoof': 'Confirmed spoof',
      'false-positive': 'False positive',
      resolved: 'Resolved',
    } as Record<string, string>,
    errorTitle: 'The reports could not be loaded.',
    signInFailed: (reason: string): string => `Teams sign-in did not work (${reason}), and the server asked for it.`,
    serverError: (message: string): string => `The server answered: ${message}`,
    unreachable: 'The Direct Send Guard server could not be reached.',
    timeout: 'The Direct Send Guard server did not answer in time.',
    badAnswer: 'The server sent an answer this page does not understand.',
  },

  dashboard: {
    pageTitle: 'Direct Send Guard dashboard',
    title: 'Direct Send dashboard',
    refresh: 'Refresh',
    retry: 'Try again',
    loading: 'Loading the dashboard…',
    errorTitle: 'The dashboard could not be loaded.',
    adminsOnlyTitle: 'Admins only',
    adminsOnly:
      'This dashboard is for Direct Send Guard admins. Ask your security team to add you (ADMIN_USER_IDS or ' +
      'ADMIN_GROUP_IDS) if you need it; your own reports are in the Reports tab.',
    showTable: 'Show the figures as a table',
    volumeTitle: 'Direct Send volume over time, by category',
    volumeNote: (bucketDays: number): string =>
      `Estimated messages per ${bucketDays === 1 ? 'day' : `${bucketDays} days`}: the inventory keeps totals per source, so ` +
      'each source’s messages are spread evenly from its first to its last sighting.',
    volumeEmpty: 'No Direct Send traffic in the inventory yet. Import a message trace (the bot’s “import” command).',
    statusTitle: 'Sources by status',
    statusSummary: (total: number): string => `${total.toLocaleString('en-US')} sources in the inventory.`,
    readinessTitle: 'RejectDirectSend readiness: blockers and their fix',
    readinessLoading: 'Reading the tenant…',
    readinessReady: 'Ready: nothing blocks RejectDirectSend.',
    readinessEnforced: 'RejectDirectSend is already on.',
    readinessNotConfigured: 'Readiness needs the tenant to be configured on the server.',
    readinessFailed: (message: string): string => `Readiness could not be read: ${message}`,
    fixLabel: 'Fix',
    reportsTitle: 'Reports per day, by verdict',
    reportsEmpty: 'No reports in this period.',
    incidentsTitle: 'Incidents per day, by verdict',
    incidentsEmpty: 'No incidents in this period.',
    incidentsNotWired: 'The tenant watcher is not set up on this server yet, so there are no incidents to show.',
    sourcesTitle: 'Sources',
    sourcesLabel: 'Direct Send sources',
    sourcesEmpty: 'The inventory is empty.',
    sourcesFailed: (message: string): string => `The sources could not be loaded. ${message}`,
    previous: 'Previous',
    next: 'Next',
    pageRange: (from: number, to: number): string => `Sources ${from}–${to}`,
    columns: {
      source: 'Source',
      name: 'Name / top sender',
      category: 'Category',
      status: 'Status',
      messages: 'Messages',
      lastSeen: 'Last seen',
      decision: 'Decision',
      date: 'Date',
      total: 'Total',
      count: 'Sources',
    },
    decisions: { approve: 'Approve', 'mark-to-migrate': 'To migrate', 'mark-malicious': 'Malicious', retire: 'Retire' },
    decisionFor: (label: string, source: string): string => `${label}: ${source}`,
    decisionDone: {
      approve: (source: string): string => `Approved ${source}: it is now a known sender.`,
      'mark-to-migrate': (source: string): string => `${source} is marked to migrate.`,
      'mark-malicious': (source: string): string => `${source} is marked malicious.`,
      retire: (source: string): string => `${source} is retired.`,
    },
    decisionFailed: (source: string, message: string): string =>
      `The decision on ${source} was not recorded. ${message}`,
    statuses: {
      new: 'New',
      approved: 'Approved',
      'to-migrate': 'To migrate',
      malicious: 'Malicious',
      retired: 'Retired',
    } as Record<string, string>,
    categories: {
      device: 'Device',
      application: 'Application',
      'saas-sender': 'SaaS sender',
      suspicious: 'Suspicious',
      'attack-like': 'Attack-like',
    } as Record<string, string>,
    verdicts: {
      spoof: 'Spoof',
      suspicious: 'Suspicious',
      'direct-send': 'Direct Send',
      internal: 'Internal',
      connector: 'Connector',
      external: 'External',
      unknown: 'Unknown',
    } as Record<string, string>,
  },
} as const;

export type NoDataReason = keyof typeof strings.noDataReasons;
