/** User-facing text of the admin tools (CLI, and the inventory sentences chat shares with it), for translation. */
const SMTP_AUTH_NOTE =
  'Alternatively move it off Direct Send: SMTP AUTH client submission (smtp.office365.com:587, STARTTLS, OAuth preferred; ' +
  'Basic auth is being retired) or Graph sendMail with Mail.Send scoped by RBAC for Applications.';

export const strings = {
  importUsage: 'usage: dsguard inventory import <file> [--db <path>] [--domain <accepted domain>]...',
  listUsage: 'usage: dsguard inventory list [--json] [--db <path>] [--category <c>] [--status <s>] [--limit <n>]',
  readinessUsage:
    'usage: dsguard readiness [--json | --csv] [--snapshot <file>] [--save-snapshot <file>] [--db <path>]',
  fileMissing: (file: string) => `cannot read ${file}: no such file`,
  noInventory: (db: string) => `no inventory at ${db} yet; run: dsguard inventory import <file>`,
  inventoryDatabaseFailed: (where: string, message: string) =>
    `cannot open the inventory in ${where} (DATABASE_URL; pass --db <file> for a SQLite file instead): ${message}`,
  duplicate: (label: string, at: number) =>
    `${label} was already imported on ${new Date(at).toISOString()}; nothing changed`,
  imported: (s: {
    rows: number;
    messages: number;
    sources: number;
    badRows: number;
    format: string;
    encoding: string;
    ms: number;
  }) =>
    `imported ${s.rows.toLocaleString('en')} rows (${s.format}, ${s.encoding}) in ${(s.ms / 1000).toFixed(1)} s: ` +
    `${s.messages.toLocaleString('en')} Direct Send candidates from ${s.sources.toLocaleString('en')} sources` +
    (s.badRows ? `; ${s.badRows.toLocaleString('en')} bad rows skipped` : ''),
  badRow: (line: number, message: string) => `line ${line}: ${message}`,
  missingTenantConfig: (names: string[]) => `readiness without --snapshot needs ${names.join(', ')} in the environment`,
  pullUsage:
    'usage: dsguard inventory pull --from graph|defender|reports [--days <n>] [--domain <accepted domain>]... [--db <path>]',
  decisionUsage: (command: string) =>
    `usage: dsguard inventory ${command} <source> ${command === 'approve' ? '[--name <name>] ' : ''}[--by <who>] [--db <path>]`,
  missingPullCredentials: (from: string, names: string[]) =>
    `--from ${from} needs ${names.join(', ')} in the environment (an app registration with ${from === 'graph' ? 'ExchangeMessageTrace.Read.All' : 'ThreatHunting.Read.All'})`,
  defenderNeedsDomains: '--from defender needs the accepted domains: give --domain <domain> for each',
  noServerDatabase: (db: string) =>
    `no server database at ${db}: --from reports reads the reports and checks the server stored (use --db)`,
  notServerDatabase: (db: string) => `${db} has no reports or checks tables: is it the server's database?`,
  serverDatabaseFailed: (db: string, message: string) => `cannot read the server database ${db}: ${message}`,
  pullStep: (p: { origin: string; step: number; steps: number; rows: number; detail: string }) =>
    `${p.origin}: ${p.step}/${p.steps} ${p.detail}, ${p.rows.toLocaleString('en')} rows so far`,
  pulled: (s: { label: string; rows: number; messages: number; sources: number; ms: number }) =>
    `pulled ${s.rows.toLocaleString('en')} rows from ${s.label} in ${(s.ms / 1000).toFixed(1)} s: ` +
    `${s.messages.toLocaleString('en')} Direct Send candidates from ${s.sources.toLocaleString('en')} sources`,
  pullFailed: (message: string) => `pull failed, the inventory is unchanged: ${message}`,
  unknownSource: (key: string, db: string) => `no inventory source "${key}" in ${db}; see: dsguard inventory list`,
  unverifiedLabel: 'unverified',
  unverifiedDetail: 'unverified: only pasted headers or reports name it; no message trace does',
  approveUnverified: (key: string) =>
    `${key} cannot be approved yet: only pasted headers or user reports name it, and anyone can write those. ` +
    'Import message trace (a CSV, Graph or Defender) that shows mail from it, then approve it.',
  demoUsage: 'usage: dsguard demo [--db <path>]',
  demoLoaded: (s: { file: string; rows: number; sources: number; reports: number }) =>
    `loaded DEMO DATA of the fictitious tenant Contoso Demo into ${s.file}: a ${s.rows.toLocaleString('en')}-row message trace ` +
    `(${s.sources} Direct Send sources: copiers, an ERP app, a SaaS newsletter, an attacker), a tenant snapshot for readiness, ` +
    `and ${s.reports} reports.\nStart the server on it with: DSGUARD_DEMO=1 npm start (then chat "help" or open the reports tab).`,
  watchUsage: 'usage: dsguard watch --once [--json] [--db <path>]',
  watchNeedsOnce: 'the server polls on its schedule; run one poll here with --once',
  watchOff:
    'the tenant watcher is not configured: set WATCH_SOURCES (defender, trace), ACCEPTED_DOMAINS and the DSGUARD_* app credentials',
  watchSource: (s: {
    source: string;
    events: number;
    newMessages: number;
    incidents: number;
    approved: number;
    error?: string;
  }) =>
    s.error
      ? `${s.source}: poll failed after ${s.events} events: ${s.error}`
      : `${s.source}: ${s.events} events, ${s.newMessages} new messages, ${s.incidents} new incident${s.incidents === 1 ? '' : 's'}` +
        `${s.approved ? `, ${s.approved} from approved sources` : ''}`,
  watchIncident: (i: {
    id: string;
    verdict: string;
    sender: string;
    source: string;
    messages: number;
    recipients: number;
    first: string;
    last: string;
  }) =>
    `  ${i.id} ${i.verdict}: ${i.sender || '(no sender)'} from ${i.source}, ${i.messages} message${i.messages === 1 ? '' : 's'} ` +
    `to ${i.recipients} recipient${i.recipients === 1 ? '' : 's'}, ${i.first} to ${i.last}`,
  expectedOneFile: 'expected one file',
  expectedOneSource: 'expected one source (a key from `dsguard inventory list`, or an IP address)',
  unexpectedArgument: (argument: string) => `unexpected argument ${argument}`,
  mustBeOneOf: (option: string, choices: readonly string[]) => `${option} must be one of ${choices.join(', ')}`,
  limitNotPositive: '--limit must be a positive integer',
  jsonOrCsv: 'choose one of --json and --csv',
  fromRequired: '--from is required',
  nameOnlyForApprove: '--name is only for approve',
  nameEmpty: '--name must not be empty',
  pullSourceUnknown: (origins: readonly string[]) => `the source must be one of ${origins.join(', ')}`,
  pullDaysOutOfRange: (max: number, origin: string) => `days must be a whole number from 1 to ${max} for ${origin}`,
  pullNeedsCredentials: (origin: string) => `${origin} needs app credentials`,
  pullNeedsServerDatabase: 'reports needs the server database',
  pullNothingInPeriod: 'no reports or checks in the period',
  pullLabel: {
    graph: 'Graph message trace',
    defender: 'Defender advanced hunting',
    reports: 'stored reports and checks',
  },
  traceWindowReversed: 'the start must be before the end',
  traceWindowTooOld: (days: number, start: string) => `message trace keeps ${days} days: the start ${start} is too old`,
  snapshotInvalid: (origin: string, where: string, message: string) => `${origin}: ${where}: ${message}`,
  snapshotTopLevel: '(top level)',
  snapshotUnreadable: (file: string, code: string) => `${file}: cannot read (${code})`,
  snapshotTooLarge: (file: string, bytes: number) => `${file}: larger than ${bytes} bytes`,
  snapshotNotJson: (file: string, message: string) => `${file}: not JSON (${message})`,
  probe: {
    enforced: 'rejected with 5.7.68: RejectDirectSend is enforced',
    lockdownConnector: 'rejected with 5.7.51: a connector restricts who may send (lockdown connector)',
    refusedEarly: (code: string) =>
      `${code}: the recipient or this probe's IP was refused before the Direct Send rule could show`,
    open: 'accepted: Direct Send from this address is still allowed',
    deferred: (reply: string) => `temporary failure ${reply}: try again later`,
    otherRejection: (reply: string) => `rejected with ${reply} for another reason`,
    notConfirmed: 'the SMTP probe needs an explicit confirmation',
    badAddress: 'host, EHLO name and addresses must be plain names and addresses',
    rateLimited: (host: string, seconds: number) => `a probe of ${host} ran recently; try again in ${seconds} s`,
    greeting: (code: number) => `greeting ${code}`,
    timeout: (ms: number) => `no answer within ${ms} ms (outbound port 25 is often blocked on cloud hosts)`,
  },
  /** Why the inventory put a source in its category (shown beside the source in the CLI, the card and the tab). */
  evidence: {
    spoofs: (spoofs: number, classified: number) => `${spoofs} of ${classified} classified messages were spoofs`,
    suspicious: (n: number) => `${n} classified messages were suspicious or spoofs`,
    announced: (helo: string) => `announced itself as ${helo}`,
    selfAddressed: (percent: string) => `${percent} of messages were sent from a user to that same user`,
    lureSubjects: (percent: string) =>
      `${percent} of subjects read like known lures (voicemail, fax, invoice, payroll)`,
    manySenders: (n: number, more: boolean) => `${n}${more ? '+' : ''} different sender addresses`,
    authFailing: (percent: string) => `${percent} of authentication results were DMARC or composite failures`,
    deviceSender: (sender: string) => `sender ${sender} is named like a printer, scanner or appliance`,
    deviceSubject: (subject: string) => `subject "${subject}" is what scanners send`,
    saasHelo: (helo: string) => `announced itself as ${helo}, a bulk-mail or SaaS platform`,
    noReply: (sender: string) => `sends as ${sender}, typical of a hosted service`,
    steady: (n: number) => `${n} sender address${n === 1 ? '' : 'es'}, no device naming and no attack pattern`,
  },
  smtpAuthSummary: (organizationEnabled: boolean, mailboxes: number) =>
    `${organizationEnabled ? 'on' : 'off'} for the organization` +
    (mailboxes ? `, on for ${mailboxes} mailbox${mailboxes === 1 ? '' : 'es'}` : ''),
  /** Why a message trace file, or one of its lines, could not be read. */
  trace: {
    fieldUnclosedQuote: (field: number) => `field ${field}: a quoted field is never closed`,
    fieldTextAfterQuote: (field: number) => `field ${field}: unexpected text after a closing quote`,
    fieldStrayQuote: (field: number) => `field ${field}: a quote inside an unquoted field`,
    lineTooLong: (chars: number) => `line is longer than ${chars} characters`,
    unclosedQuote: 'a quoted field is never closed',
    notTraceExport: (line: number, headerStart: string, expected: string) =>
      `line ${line}: not a message trace export (header starts "${headerStart}"); expected one of:\n${expected}`,
    headerUnreadable: (line: number, message: string) => `line ${line}: the header row cannot be read (${message})`,
    empty: (expected: string) => `the file is empty; expected one of:\n${expected}`,
    columnCount: (expected: number, found: number) => `expected ${expected} columns, found ${found}`,
    unreadableDate: (text: string) => `unreadable date "${text}"`,
  },
  /** The readiness findings: what stands between the tenant and RejectDirectSend. */
  readiness: {
    connectorDomainOnly: (connector: string) =>
      `connector "${connector}" matches by sender domain only, which RejectDirectSend does not accept`,
    connectorDisabled: (connector: string) => `connector "${connector}" matches its IP but is disabled`,
    connectorIpv6:
      'IPv6 source: inbound connectors cannot match IPv6 addresses; use a certificate connector, IPv4, or SMTP AUTH / Graph',
    noConnector: 'no enabled inbound connector matches its IP or certificate',
    spfPassAll: 'SPF ends in +all: anyone may send as this domain; end it in -all or ~all',
    spfNeutral: 'SPF ends in ?all (neutral): receivers learn nothing from it; end it in -all or ~all',
    spfNoAll: 'SPF has no "all" at the end, which receivers read as ?all (neutral); end it in -all or ~all',
    spfSoftfail:
      "SPF ends in ~all (soft fail). Microsoft's SPF setup guidance recommends -all; its Direct Send guidance and M3AAWG prefer ~all " +
      'while DMARC enforces, so mail failing SPF is judged by DMARC instead of refused on SPF alone. Either is sound. ' +
      'Neither stops Direct Send; RejectDirectSend does.',
    spfHardfail:
      "SPF ends in -all (hard fail), as Microsoft's SPF setup guidance recommends. Some receivers refuse an SPF fail before DMARC is checked, " +
      "which is why Microsoft's Direct Send guidance and M3AAWG suggest ~all during a transition. " +
      'Neither stops Direct Send; RejectDirectSend does.',
    smtpAuthOrganization:
      'SMTP AUTH is on for the whole organization (Get-TransportConfig: SmtpClientAuthenticationDisabled is not True): once Direct Send is ' +
      'closed, attackers move to poorly authenticated paths such as password spraying SMTP AUTH. Turn it off for the organization and on only for the accounts that need it',
    smtpAuthMailboxes: (count: number, named: string, more: number) =>
      `${count} mailbox${count === 1 ? ' has' : 'es have'} SMTP AUTH switched on: ${named}${more > 0 ? ` and ${more} more` : ''}. ` +
      'Keep it only where a device or app needs it, and block legacy authentication for everyone else with Conditional Access',
    mxThirdParty: (hosts: string) =>
      `MX points to ${hosts}: attackers skip that gateway and send straight to Exchange Online, so enforcing RejectDirectSend matters most here`,
    mxGatewayWithoutConnector: (hosts: string, domain: string) =>
      `mail relayed by ${hosts} with a ${domain} sender would be rejected: create an inbound connector for the gateway (by IP or certificate) first`,
    mxMissing: (error: string | undefined) => `no MX record${error ? ` (${error})` : ''}`,
    dmarcMissing: 'no DMARC record: publish one and move it to p=quarantine or p=reject before enforcing',
    dmarcNotEnforced: (policy: string) =>
      `DMARC policy is p=${policy}: move to p=quarantine or p=reject (the gate before enforcement)`,
    dmarcPartial: (pct: number) => `DMARC applies to pct=${pct}% of mail`,
    spfMissing: 'no SPF record: publish one that includes spf.protection.outlook.com and ends in -all or ~all',
    spfNoExchangeOnline: 'SPF does not include spf.protection.outlook.com',
    spfError: (error: string) => `SPF evaluation: ${error}`,
    spfLookups: (lookups: number) => `SPF needs ${lookups} of the 10 allowed DNS lookups`,
    dkimMissing: 'no selector1/selector2 DKIM CNAMEs for Exchange Online',
    sourceUnreviewed: (name: string, enforced: boolean) =>
      `${name} is not reviewed yet and ${enforced ? 'is being rejected now' : 'would be rejected'}: approve it (then cover it) or mark it malicious`,
    sourceNotCovered: (name: string, reason: string, enforced: boolean) =>
      `${name} ${enforced ? 'is being rejected now' : 'would be rejected'}: ${reason}`,
    smtpAuthUnread: (error: string) =>
      `SMTP AUTH settings could not be read (${error}): check them with Get-TransportConfig and Get-CASMailbox`,
    alreadyOn: 'RejectDirectSend is already on',
  },
  /** The migration plan's steps (their PowerShell stays with the plan). */
  plan: {
    certificateTitle: (name: string) => `Connector by certificate for ${name}`,
    certificateDetail: (name: string, certificate: string) => `Matches ${name} by its TLS certificate ${certificate}.`,
    moveTitle: (name: string) => `Move ${name} off Direct Send`,
    moveIpv6Detail: (name: string) =>
      `${name} sends over IPv6, which an inbound connector cannot match by IP. Send over IPv4 with a connector, present a certificate, or: ${SMTP_AUTH_NOTE}`,
    ipTitle: (name: string) => `Connector by IP for ${name}`,
    ipDetail: (name: string, ips: number) =>
      `Matches ${name} by its IP address${ips > 1 ? 'es' : ''}. ${SMTP_AUTH_NOTE}`,
    noTlsWarning:
      'This device cannot use TLS: its mail crosses the internet unencrypted. Plan to replace it or move it to SMTP AUTH.',
    unknownTlsWarning:
      '-RequireTls $true rejects mail not sent over TLS, and older printers and scanners often cannot do TLS: test a scan first, or choose $false knowingly.',
    smtpAuthTitle: 'Scope SMTP AUTH to the accounts that need it',
    smtpAuthDetail:
      'Attackers pivot between unauthenticated and poorly authenticated paths: with Direct Send closed, SMTP AUTH with a guessed password is next. ' +
      'Switch SMTP AUTH off for the organization, keep it on only for the devices and apps that submit with it (per mailbox), and block legacy ' +
      'authentication for everyone else with a Conditional Access policy (client apps: Exchange ActiveSync and other clients; grant: block), ' +
      'excluding only those accounts.',
    port25Title: 'Outbound port 25: only from approved relays',
    /** `listed` is empty when the inventory names no host; `more` counts the hosts left out of it. */
    port25Detail: (listed: string, more: number) =>
      'Ask the network team to allow outbound SMTP (TCP 25) only from approved relays and connector hosts, and block it for everything else, ' +
      'so a compromised machine cannot talk to your MX directly. ' +
      (listed
        ? `Hosts that send Direct Send today, to check first: ${listed}${more > 0 ? ` and ${more} more in the inventory` : ''}. From each, Test-NetConnection <your MX> -Port 25 shows whether it still can.`
        : 'The inventory lists no Direct Send hosts yet: import a message trace to get the list of hosts to check.'),
    verifyTitle: 'Check the connectors',
    verifyDetail:
      'Confirm each connector is enabled and matches; send a test from each device and find it in message trace with the connector name.',
    enforceTitle: 'Switch on RejectDirectSend',
    enforceDetail:
      'Rejects anonymous mail whose envelope sender is an accepted domain unless a connector matches it by IP or certificate. Allow up to 30 minutes to apply.',
    rollbackEnforceTitle: 'Undo: allow Direct Send again',
    rollbackEnforceDetail:
      'If a legitimate sender is rejected (550 5.7.68 TenantInboundAttribution), switch enforcement off, then fix its connector.',
    rollbackConnectorsTitle: 'Undo: remove the connectors created by this plan',
    rollbackConnectorsDetail: 'Only if they are no longer wanted.',
  },
  /** The readiness answer's own words, in the card and the Markdown report. */
  readinessReport: {
    cardTitle: (ready: boolean) => `RejectDirectSend: ${ready ? 'ready' : 'not ready'}`,
    heading: (tenant: string) => `RejectDirectSend readiness: ${tenant}`,
    verdict: (ready: boolean) => (ready ? 'Ready' : 'Not ready'),
    enforcedSentence: (enforced: boolean) => `RejectDirectSend is ${enforced ? 'on' : 'off'}.`,
    onOff: (on: boolean) => (on ? 'on' : 'off'),
    ofTotal: (part: number, total: number) => `${part} of ${total}`,
    enforcedFact: 'RejectDirectSend',
    acceptedDomainsFact: 'Accepted domains',
    sourcesCoveredFact: 'Sources covered',
    blockersFact: 'Blockers',
    spfFact: 'SPF',
    smtpAuthFact: 'SMTP AUTH',
    missing: 'missing',
    coveredBy: (connector: string, by: string, requireTls: boolean) =>
      `${connector} (${by}${requireTls ? ', TLS required' : ''})`,
    notCovered: (reason: string) => `no: ${reason}`,
    warningsHeading: 'Warnings and notes',
    sourcesHeading: 'Direct Send sources',
    sourcesColumns: ['Source', 'IPs', 'Senders', 'Status', 'Covered by'],
    dnsHeading: 'DNS posture',
    dnsColumns: ['Domain', 'MX', 'SPF', 'DMARC', 'DKIM'],
    spfCell: (all: string, includesExchangeOnline: boolean, lookups: number | undefined) =>
      `${all}${includesExchangeOnline ? ', includes EXO' : ''}${lookups !== undefined ? `, ${lookups} lookups` : ''}`,
    dkimMicrosoft: 'Exchange Online CNAMEs',
    dkimPresent: 'CNAMEs present',
    planHeading: 'Migration plan',
    warningLabel: 'Warning',
    rollbackHeading: 'Rollback',
  },
  decided: (action: string, key: string, name: string | undefined, by: string) =>
    `${key}: ${action}${name ? ` as "${name}"` : ''} by ${by}`,
};
