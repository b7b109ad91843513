import { VERDICT_ADVICE, VERDICT_HEADLINE, type VerdictCode } from './classifier.js';

/** Every user-facing sentence of the server and the bot, in one place for translation. */
export const strings = {
  appName: 'Direct Send Guard',
  /** The classifier's headlines and advice, as in the add-in and the CLI: one name for one verdict everywhere. */
  verdictTitle: VERDICT_HEADLINE satisfies Record<VerdictCode, string>,
  verdictAdvice: VERDICT_ADVICE satisfies Record<VerdictCode, string>,
  scoreLabel: (score: number) => `Spoof likelihood: ${score}/100`,
  reasonsTitle: 'Why',
  evidenceTitle: 'Evidence',
  factLabels: {
    fromAddress: 'From',
    mailFromDomain: 'Envelope sender domain',
    connectingIp: 'Connecting IP',
    helo: 'HELO',
    authAs: 'AuthAs',
    directionality: 'Direction',
    spf: 'SPF',
    dkim: 'DKIM',
    dmarc: 'DMARC',
    compauth: 'Composite auth',
    compauthReason: 'Compauth reason',
    networkMessageId: 'Network-Message-Id',
  } as Record<string, string>,
  reportButton: 'Report to security',
  reportedButton: 'Reported',
  help: (isAdmin: boolean) =>
    [
      `**${'Direct Send Guard'}** checks whether an email really comes from inside your organization.`,
      '',
      "- **check**: paste a message's internet headers (or just paste them without a command), or attach the .eml file.",
      '- **report**: paste headers after `report` to send them straight to the security team.',
      '- **reports**: list the reports you filed and their status.',
      '- On any Teams message: **... > More actions > Report to Direct Send Guard**.',
      '- **help**: this list.',
      ...(isAdmin
        ? [
            '',
            'Admin commands:',
            '- **inventory** [count | category | status]: the top Direct Send sources, with category and evidence.',
            '- **import**: attach a message trace CSV (Exchange admin center or historical search export) to add it to the inventory.',
            '- **import graph** [days], **import defender** [days], **import reports** [days]: pull the inventory from Exchange message trace, Defender advanced hunting or the reports stored here.',
            '- **approve** <source> [name], **migrate** <source>, **malicious** <source>, **retire** <source>: decide on a source (its key or an IP in it); approved sources become known senders.',
            '- **readiness**: is the tenant ready for RejectDirectSend, with the migration plan.',
            "- **probe** <mailbox>: optional live SMTP check of the tenant's MX (asks for confirmation first; never delivers a message).",
            "- **watch**: is the tenant watcher running, its last poll per source, and today's incidents.",
          ]
        : []),
    ].join('\n'),
  unknownInput:
    "I didn't recognize that. Paste the full internet headers of an email (in Outlook: File > Properties, or View message source), attach the .eml file, or type **help**.",
  noHeadersFound: (detail: string) =>
    `I could not find email headers in that: ${detail} Type **help** for what I can do.`,
  checkNeedsInput: 'Paste the internet headers after **check**, or attach the .eml file.',
  reportNeedsInput:
    'Paste the internet headers after **report**, or check a message first and press **Report to security**.',
  reportFiled: (id: string) => `Thanks: your report ${id} went to the security team.`,
  reportDuplicate: (id: string) => `You already reported this message (report ${id}); the security team has it.`,
  noReports: 'You have not filed any reports yet.',
  reportsTitle: (count: number, all: boolean) =>
    all ? `Latest ${count} reports (all users)` : `Your latest ${count} reports`,
  reportStatus: {
    new: 'New',
    'confirmed-spoof': 'Confirmed spoof',
    'false-positive': 'False positive',
    resolved: 'Resolved',
  } as Record<string, string>,
  longWorkFailed: 'Sorry, something went wrong on my side while working on that. Please try again.',
  chatTextTooLong: (maxChars: number) =>
    `That message is longer than the ${Math.round(maxChars / 1024)} KB of text I read in a chat. Paste only the internet headers, or attach the message as an .eml file.`,
  adminOnly: (command: string) =>
    `Sorry, **${command}** is for Direct Send Guard admins. Ask your security team if you need it; meanwhile I can check or report an email for you.`,
  unsure: (commands: readonly string[]) => {
    const named = commands.map((c) => `**${c}**`);
    const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named.at(-1)}` : (named[0] ?? '**help**');
    return `I'm not sure what you meant. Did you mean ${list}? Pick one below. To check an email, paste its internet headers or attach the .eml file.`;
  },
  /** Button titles of the suggested next steps (the button sends the command word). */
  suggestion: {
    help: 'Help',
    check: 'Check an email',
    report: 'Report to security',
    reports: 'My reports',
    inventory: 'Inventory',
    import: 'Import',
    approve: 'Approve a source',
    migrate: 'Mark to migrate',
    malicious: 'Mark malicious',
    retire: 'Retire a source',
    readiness: 'Readiness',
    probe: 'Probe the MX',
    watch: 'Watcher',
  } as Record<string, string>,
  adminCommandUnavailable: (command: string) => `**${command}** is not available on this server yet.`,
  attachmentTooLarge: (maxBytes: number) =>
    `That file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; attach a smaller .eml or paste just the headers.`,
  attachmentNotEml: (name: string) => `I can read .eml files (or plain text with headers); "${name}" is not one.`,
  attachmentDownloadFailed: 'I could not download that file from Teams. Try again, or paste the headers instead.',
  checkExpired: 'That check is no longer available. Paste the headers again to report it.',
  securityCardTitle: (id: string) => `Report ${id}`,
  securityReportedBy: (name: string) => `Reported by ${name}`,
  securityStatus: (status: string, by?: string) => `Status: ${status}${by ? ` (by ${by})` : ''}`,
  securityConfirm: 'Confirm spoof',
  /** The reporter's own words on the security card. */
  reporterNote: (note: string) => `Note: ${note}`,
  securityFalsePositive: 'False positive',
  securityResolve: 'Resolve',
  securityAddKnownSender: 'Add source to known senders',
  knownSenderAdded: (name: string) => `Added ${name} to known senders.`,
  knownSenderMissingSource: 'This report has no connecting IP or sender address to add.',
  securityActionDenied: 'Only Direct Send Guard admins can change a report.',
  reportNotFound: 'That report no longer exists.',
  messageActionTitle: 'Report to Direct Send Guard',
  messageActionIntro: 'This sends the message to your security team. Add a note if you like.',
  messageActionNoteLabel: 'Note for the security team (optional)',
  messageActionSubmit: 'Send report',
  watch: {
    cardTitle: (id: string) => `Watched incident ${id}`,
    cardIntro: (origin: string) =>
      origin === 'trace'
        ? 'Seen in message trace (no authentication results): a Direct Send candidate to check.'
        : 'Seen in Defender mail logs as it arrived; nobody had to report it.',
    factSender: 'Sender',
    factSourceRange: 'Source range',
    factMessages: 'Messages',
    factRecipients: 'Recipients',
    factFirstSeen: 'First seen',
    factLastSeen: 'Last seen',
    approveSource: 'Approve source (legitimate device)',
    sourceApproved: (key: string) =>
      `Approved ${key}: its Direct Send mail is now recognized as legitimate and raises no incident.`,
    sourceMissing: 'This incident has no source IP to approve.',
    incidentNotFound: 'That incident no longer exists.',
    tagsRemoved: (count: number) => `Removed the warning category from ${count} message${count === 1 ? '' : 's'}.`,
    off: 'The tenant watcher is off. Set WATCH_SOURCES (defender, trace) and the DSGUARD_* app credentials to switch it on.',
    status: (o: { running: boolean; leader: boolean; sources: readonly string[]; intervalS: number }) =>
      `**Tenant watcher**: ${o.running ? 'running' : 'stopped'} (${o.sources.join(', ')}, every ${o.intervalS} s` +
      `${o.running ? (o.leader ? ', this instance polls' : ', another instance polls') : ''})`,
    lastPoll: (source: string, at: string | undefined, ok: boolean, events: number, error?: string) =>
      at
        ? `- ${source}: last poll ${at}, ${ok ? `${events} events` : `failed: ${error ?? 'unknown error'}`}`
        : `- ${source}: not polled yet`,
    incidentsToday: (count: number) => (count === 0 ? 'No incidents today.' : `Incidents today: ${count}`),
    incidentLine: (o: {
      id: string;
      verdict: string;
      sender: string;
      source: string;
      messages: number;
      recipients: number;
      link?: string;
    }) =>
      `- ${o.link ? `[${o.id}](${o.link})` : o.id}: ${o.verdict}, ${o.sender || 'no sender'} from ${o.source}, ` +
      `${o.messages} message${o.messages === 1 ? '' : 's'} to ${o.recipients} recipient${o.recipients === 1 ? '' : 's'}`,
  },
  addinMissing: (dir: string) =>
    `The Outlook add-in has not been built yet (${dir} is missing). Run "npm run build" at the repository root.`,
  admin: {
    inventoryEmpty:
      'The inventory is empty. Attach a message trace CSV with **import** (or run `npx dsguard inventory import <file>`).',
    inventoryNoMatch: (filter: string) => `No inventory sources match "${filter}".`,
    inventoryUsage: (categories: readonly string[], statuses: readonly string[]) =>
      `Usage: **inventory** [count] [category] [status], e.g. \`inventory 20 device new\`. Categories: ${categories.join(', ')}. Statuses: ${statuses.join(', ')}.`,
    inventoryTitle: (shown: number, more: boolean, filter: string) =>
      `Direct Send sources: ${more ? `top ${shown} by messages` : `all ${shown}`}${filter ? ` (${filter})` : ''}`,
    inventoryHint:
      'Decide with the buttons, or type **approve**, **migrate**, **malicious** or **retire** and the source.',
    categoryLabel: {
      device: 'Device (scanner, printer, appliance)',
      application: 'Application',
      'saas-sender': 'SaaS sender',
      suspicious: 'Suspicious',
      'attack-like': 'Attack-like',
    } as Record<string, string>,
    statusLabel: {
      new: 'Not reviewed',
      approved: 'Approved (known sender)',
      'to-migrate': 'To migrate',
      malicious: 'Malicious',
      retired: 'Retired',
    } as Record<string, string>,
    statusBy: (status: string, by: string | undefined, at: number | undefined) =>
      `${status}${by ? ` by ${by}` : ''}${at !== undefined ? ` on ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}`,
    factMessages: 'Messages',
    factRecipients: 'Recipients',
    factSenders: 'Senders',
    factSeen: 'Seen',
    messagesToRecipients: (messages: number, recipients: number) =>
      `${messages.toLocaleString('en')} (${recipients.toLocaleString('en')} recipients)`,
    seenRange: (first: string, last: string) => `${first} to ${last}`,
    factHelo: 'HELO',
    factIps: 'IPs',
    evidenceTitle: 'Evidence',
    buttonApprove: 'Approve',
    buttonMigrate: 'To migrate',
    buttonMalicious: 'Malicious',
    buttonRetire: 'Retire',
    actionUsage: (command: string) =>
      `Usage: **${command}** <source>${command === 'approve' ? ' [name]' : ''}, e.g. \`${command} 198.51.100.0/24${command === 'approve' ? ' Scanner 3rd floor' : ''}\` (the source key from **inventory**, or an IP in it).`,
    sourceNotFound: (key: string) => `There is no inventory source "${key}". Type **inventory** to see the sources.`,
    actionDone: {
      approve: (name: string) => `Approved ${name}: it is now a known sender for the add-in and the bot.`,
      'mark-to-migrate': (name: string) => `Marked ${name} to migrate (to a connector, SMTP AUTH or Graph).`,
      'mark-malicious': (name: string) => `Marked ${name} as malicious.`,
      retire: (name: string) => `Retired ${name}.`,
    } as Record<string, (name: string) => string>,
    actionDenied: 'Only Direct Send Guard admins can change the inventory.',
    importNeedsFile:
      'Attach a message trace CSV (an Exchange admin center export or a historical search report) to **import**, in a personal chat with me.',
    importNotCsv: (name: string) => `"${name}" is not a .csv file. Attach a message trace export (.csv) to **import**.`,
    importTooLarge: (maxBytes: number) =>
      `That file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB (MAX_TRACE_BYTES); nothing was imported. Split it, or run \`npx dsguard inventory import <file>\` on the server.`,
    importDownloadFailed: 'I could not download that file from Teams; nothing was imported. Try again.',
    importTimedOut: (ms: number) =>
      `The import took longer than ${Math.round(ms / 1000)} s (TRACE_IMPORT_TIMEOUT_MS); nothing was imported.`,
    importRefused: (message: string) => `I could not import that file; nothing was imported. ${message}`,
    importDuplicate: (label: string, at: number) =>
      `${label} was already imported on ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC; nothing changed.`,
    importTitle: (label: string) => `Imported ${label}`,
    importFacts: {
      format: 'Format',
      rows: 'Rows read',
      messages: 'Direct Send candidates',
      sources: 'Sources',
      skipped: 'Rows skipped (unreadable)',
      leftOut: 'Left out (outbound, via connector, other domains, other events)',
    },
    importIssuesTitle: (shown: number, total: number) =>
      shown === total ? 'Skipped rows' : `Skipped rows (first ${shown} of ${total})`,
    importIssue: (line: number, message: string) => `Line ${line}: ${message}`,
    importNext: 'Type **inventory** to review the sources.',
    importProgressTitle: (label: string) => `Importing ${label}…`,
    importProgressRows: (rows: number) => `${rows.toLocaleString('en')} rows read`,
    importProgressShare: (percent: number) => `${percent}% done`,
    importProgressElapsed: (seconds: number) => `Running for ${seconds} s; this card updates as the import advances.`,
    pullLabels: {
      graph: 'Graph message trace',
      defender: 'Defender advanced hunting',
      reports: 'stored reports and checks',
    } as Record<string, string>,
    pullTitle: (label: string) => `Pulled ${label}`,
    pullStep: (step: number, steps: number) => `Step ${step} of ${steps}`,
    pullUsage:
      'Use **import graph** [days] (Exchange message trace, 1-90 days), **import defender** [days] (Defender advanced hunting, 1-30 days) ' +
      'or **import reports** [days] (reports and checks stored here); 30 days unless you say otherwise. Or attach a message trace CSV.',
    pullNotConfigured: (origin: string, missing: readonly string[]) =>
      `Pulling from ${origin === 'graph' ? 'Graph message trace' : 'Defender advanced hunting'} needs this server's app credentials: set ${missing.join(', ')} ` +
      `(an Entra app with the ${origin === 'graph' ? 'ExchangeMessageTrace.Read.All' : 'ThreatHunting.Read.All'} application permission) and restart. ` +
      'Meanwhile, attach a message trace CSV to **import**.',
    pullNeedsDomains:
      'Defender advanced hunting looks for mail claiming your accepted domains: set ACCEPTED_DOMAINS and restart.',
    pullFailed: (message: string) => `The pull failed; the inventory is unchanged. ${message}`,
    readinessNotConfigured: (missing: readonly string[]) =>
      `Readiness reads your tenant through the Exchange Online admin API, and this server is not configured for it: set ${missing.join(', ')} ` +
      '(an Entra app with the Exchange.ManageAsApp permission and a read role such as Global Reader) and restart. ' +
      'Meanwhile it works offline: save a tenant snapshot and run `npx dsguard readiness --snapshot <file>`, or POST the snapshot to /api/readiness.',
    readinessFailed: (message: string) => `I could not read the tenant's state: ${message}`,
    readinessSources: 'Direct Send sources',
    readinessBlockers: 'Blockers',
    readinessWarnings: 'Warnings and notes',
    readinessPlan: 'Migration plan',
    readinessRollback: 'Rollback',
    readinessMore: (count: number) => `... and ${count} more in the downloadable plan.`,
    readinessDownloadMd: 'Download plan (Markdown)',
    readinessDownloadCsv: 'Download plan (CSV)',
    covered: 'covered',
    notCovered: 'not covered',
  },
  probe: {
    usage:
      'Usage: **probe** <mailbox>, e.g. `probe frontdesk@contoso.com`: a test mailbox of your own tenant. I will show what the probe does and ask you to confirm.',
    notConfigured:
      'The probe needs to know the tenant: set ACCEPTED_DOMAINS (the MAIL FROM domain) and DSGUARD_TENANT_DOMAIN or PROBE_MX_HOST (the MX), then restart. ' +
      'Reading the RejectDirectSend setting with **readiness** is the primary check anyway.',
    badMailbox: (text: string) => `"${text}" is not a plain email address. Usage: **probe** <mailbox>.`,
    foreignMailbox: (mailbox: string, domains: readonly string[]) =>
      `${mailbox} is not in one of this tenant's accepted domains (${domains.join(', ')}); the probe only checks your own tenant.`,
    confirmTitle: 'Live SMTP probe: please confirm',
    confirmIntro:
      "This connects from this server to your tenant's MX and asks whether it would accept Direct Send mail. Exactly this happens:",
    confirmSteps: (p: { host: string; port: number; heloName: string; mailFrom: string; mailbox: string }) => [
      `1. Connect to ${p.host} on port ${p.port}.`,
      `2. EHLO ${p.heloName}`,
      `3. MAIL FROM:<${p.mailFrom}> (an address in an accepted domain, as a spoofer would use)`,
      `4. RCPT TO:<${p.mailbox}>`,
      '5. RSET and QUIT.',
    ],
    confirmNever:
      'DATA is never sent, so no message is delivered. Probes of the tenant are rate-limited (one per minute by default).',
    confirmPrimary:
      'Reading the setting (**readiness**) is the primary check; many cloud hosts block outbound port 25, which shows here as a timeout.',
    runButton: 'Run the probe',
    cancelButton: 'Cancel',
    canceled: (by: string) => `Probe canceled by ${by}; nothing was sent.`,
    rateLimited: (seconds: number) =>
      `A probe of this tenant ran recently (one at a time, at most one per interval); try again in ${seconds} s.`,
    refused: (message: string) => `The probe did not run: ${message}`,
    resultTitle: {
      enforced: 'Direct Send is blocked: RejectDirectSend is enforced',
      open: 'Direct Send is still open',
      'lockdown-connector': 'Blocked by a connector, not by RejectDirectSend',
      inconclusive: 'Inconclusive',
      deferred: 'Temporary failure: try again later',
      timeout: 'No answer from the MX',
      unreachable: 'Could not reach the MX',
    } as Record<string, string>,
    resultMeaning: {
      enforced:
        'The MX refused the spoofed internal sender with 550 5.7.68: unauthenticated Direct Send from your accepted domains is rejected.',
      open: 'The MX accepted a sender from your own domain without authentication: anyone on the internet can still send mail that looks internal. Review **readiness** before turning on RejectDirectSend.',
      'lockdown-connector':
        'The MX refused with 5.7.51: a partner connector restricts who may send for this domain. That also stops Direct Send, but RejectDirectSend itself may still be off.',
      inconclusive:
        "The recipient or this server's IP was refused before the Direct Send rule could show (5.4.1 / 5.7.606 or another rejection). Try another mailbox, or rely on **readiness**.",
      deferred: 'The MX answered with a temporary failure; nothing is known yet. Try again in a few minutes.',
      timeout:
        'Nothing answered in time. Cloud hosts often block outbound port 25, so this says nothing about your tenant: use **readiness**, which reads the setting.',
      unreachable:
        'The connection failed (DNS, firewall or port 25 blocked). This says nothing about your tenant: use **readiness**, which reads the setting.',
    } as Record<string, string>,
    factHost: 'MX',
    factMailFrom: 'MAIL FROM',
    factRcptTo: 'RCPT TO',
    factReply: 'Answer',
    factRunBy: 'Run by',
    transcriptTitle: 'Conversation (no DATA sent)',
  },
  api: {
    tenantNotConfigured:
      'The tenant is not configured for readiness (DSGUARD_TENANT_ID, DSGUARD_CLIENT_ID, DSGUARD_CLIENT_SECRET, DSGUARD_TENANT_DOMAIN); POST a snapshot to /api/readiness instead.',
    linkExpired:
      'This download link has expired (links last 15 minutes). Ask the bot again, or use GET /api/readiness with a token.',
    unauthorized: 'A valid Entra ID bearer token is required.',
    localOnly: 'This server runs without Entra ID configured, so it only serves requests from this computer.',
    localForwarded:
      'This server runs in local mode (no Entra ID configured), which does not serve requests relayed by a proxy or tunnel; configure ENTRA_TENANT_ID and ENTRA_CLIENT_ID to serve through one.',
    localHost: 'This server runs in local mode and only answers requests addressed to localhost, 127.0.0.1 or [::1].',
    botUnauthenticated:
      'The bot endpoint needs Bot Framework authentication (BOT_ID and BOT_PASSWORD); without it, it only serves this computer in local mode.',
    rateLimited: (seconds: number) => `Too many requests; try again in ${seconds} s.`,
    storageFull: (maxMb: number) =>
      `The stored .eml files of your reports reached ${maxMb} MB; the report was not filed. Ask an admin to clear old reports, or report without the .eml.`,
    forbidden: 'This needs a Direct Send Guard admin.',
    badJson: 'The request body is not valid JSON.',
    badRequest: 'The request is not valid.',
    tooLarge: 'The request body is too large.',
    notFound: 'No such endpoint.',
    internal: 'Something went wrong on the server; the request was not applied.',
  },
} as const;
