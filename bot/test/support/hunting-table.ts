import type { GraphAnswer, GraphRequest } from '../admin/servers/microsoft-contract-server';

/** One row of Defender's EmailEvents table, with the columns the watcher reads (and the *Domain ones it filters on). */
export type EmailEventRow = Record<string, string>;

export interface HuntingTable {
  rows: EmailEventRow[];
  /** Answer the next N hunting queries with 429 and this Retry-After (seconds). */
  throttleNext: number;
  retryAfter: string;
  /** Hold every answer this long (a slow query), so a test can kill its caller mid-poll. */
  delayMs: number;
  /** Called when a query arrives (before the delay). */
  onQuery?: (query: string) => void;
  queries: string[];
  /** Return every page's rows twice (a service repeating itself). */
  duplicateRows: boolean;
}

const unquote = (text: string): string => text.replace(/\\(.)/g, '$1');
const STRING = '"((?:[^"\\\\]|\\\\.)*)"';

/**
 * Evaluates the watcher's EmailEvents query (see `watchHuntingQuery`) the way advanced hunting would: accepted-domain
 * and direction filters, `Timestamp >=`, the keyset clause, `order by`, `take`. Anything else is a 400, as a query the
 * service cannot parse would be.
 */
export function evaluateWatchQuery(query: string, rows: readonly EmailEventRow[]): GraphAnswer {
  const accepted = /let accepted = dynamic\(\[(.*?)\]\);/.exec(query);
  const since = /\| where Timestamp >= datetime\(([^)]+)\)/.exec(query);
  const take = /\| take (\d+)\s*$/.exec(query);
  if (!query.includes('EmailEvents') || !accepted || !since || !take) {
    return { status: 400, body: { error: { code: 'BadRequest', message: 'Query could not be parsed.' } } };
  }
  const domains = [...accepted[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  const keyset = new RegExp(
    `\\| where Timestamp > datetime\\(([^)]+)\\) or \\(Timestamp == datetime\\(\\1\\) and \\(NetworkMessageId > ${STRING} or \\(NetworkMessageId == ${STRING} and RecipientEmailAddress > ${STRING}\\)\\)\\)`,
  ).exec(query);
  const from = Date.parse(since[1]!);
  const after = keyset
    ? { at: Date.parse(keyset[1]!), id: unquote(keyset[2]!), recipient: unquote(keyset[4]!) }
    : undefined;
  const inboundOnly = query.includes('| where EmailDirection == "Inbound"');
  const selected = rows
    .filter((r) => Date.parse(r.Timestamp!) >= from)
    .filter((r) => !inboundOnly || r.EmailDirection === 'Inbound')
    .filter(
      (r) =>
        domains.includes((r.SenderMailFromDomain ?? '').toLowerCase()) ||
        domains.includes((r.SenderFromDomain ?? '').toLowerCase()),
    )
    .filter((r) => {
      if (!after) return true;
      const at = Date.parse(r.Timestamp!);
      if (at !== after.at) return at > after.at;
      const id = r.NetworkMessageId ?? '';
      return id > after.id || (id === after.id && (r.RecipientEmailAddress ?? '') > after.recipient);
    })
    .sort(
      (a, b) =>
        Date.parse(a.Timestamp!) - Date.parse(b.Timestamp!) ||
        (a.NetworkMessageId ?? '').localeCompare(b.NetworkMessageId ?? '') ||
        (a.RecipientEmailAddress ?? '').localeCompare(b.RecipientEmailAddress ?? ''),
    )
    .slice(0, Number(take[1]))
    .map(({ SenderFromDomain: _p2, SenderMailFromDomain: _p1, ...projected }) => projected);
  return { status: 200, body: { schema: [{ name: 'Timestamp', type: 'DateTime' }], results: selected } };
}

export function huntingTable(): HuntingTable {
  return { rows: [], throttleNext: 0, retryAfter: '1', delayMs: 0, queries: [], duplicateRows: false };
}

/** The contract server's route for `POST /security/runHuntingQuery` over `table`. */
export function huntingRoute(table: HuntingTable): (request: GraphRequest) => Promise<GraphAnswer | undefined> {
  return async (request) => {
    if (request.method !== 'POST' || request.path !== '/security/runHuntingQuery') return undefined;
    const input = JSON.parse(request.body) as { Query?: string; Timespan?: string };
    const query = input.Query ?? '';
    table.queries.push(query);
    table.onQuery?.(query);
    // Held while delayMs is set (a test clearing it releases the query at once).
    const until = Date.now() + table.delayMs;
    while (table.delayMs && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    if (table.throttleNext > 0) {
      table.throttleNext -= 1;
      return {
        status: 429,
        body: { error: { code: 'TooManyRequests', message: 'You have exceeded the allowed number of API calls.' } },
        headers: { 'retry-after': table.retryAfter },
      };
    }
    if (input.Timespan !== undefined && !/^P(?:T\d+H|\d+D)$/.test(input.Timespan)) {
      return { status: 400, body: { error: { code: 'BadRequest', message: 'Invalid Timespan.' } } };
    }
    const answer = evaluateWatchQuery(query, table.rows);
    if (table.duplicateRows && answer.status === 200) {
      const body = answer.body as { results: unknown[] };
      body.results = [...body.results, ...body.results];
    }
    return answer;
  };
}

let counter = 0;

/** An EmailEvents row: a spoof of `from` by default (anonymous inbound, SPF/DMARC/CompAuth fail). */
export function emailEvent(
  fields: {
    at: number;
    from: string;
    to: string;
    ip: string;
    id?: string;
    subject?: string;
    auth?: Record<string, string>;
  } & Record<string, unknown>,
): EmailEventRow {
  const { at, from, to, ip, id, subject, auth, ...rest } = fields;
  const domain = from.split('@')[1]!;
  return {
    Timestamp: new Date(at).toISOString(),
    NetworkMessageId: id ?? `00000000-0000-4000-8000-${(counter += 1).toString(16).padStart(12, '0')}`,
    InternetMessageId: `<${id ?? counter}@watch.test>`,
    SenderMailFromAddress: from,
    SenderMailFromDomain: domain,
    SenderFromAddress: from,
    SenderFromDomain: domain,
    RecipientEmailAddress: to,
    Subject: subject ?? 'Voicemail received',
    SenderIPv4: ip,
    SenderIPv6: '',
    EmailDirection: 'Inbound',
    Connectors: '',
    AuthenticationDetails: JSON.stringify(auth ?? { SPF: 'fail', DKIM: 'none', DMARC: 'fail', CompAuth: 'fail' }),
    DeliveryAction: 'Delivered',
    DeliveryLocation: 'Inbox/folder',
    DetectionMethods: '',
    ...(rest as Record<string, string>),
  };
}
