/** User-facing text of the admin tools (CLI, and the inventory sentences chat shares with it), for translation. */
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
  decided: (action: string, key: string, name: string | undefined, by: string) =>
    `${key}: ${action}${name ? ` as "${name}"` : ''} by ${by}`,
};
