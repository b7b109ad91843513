import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refusedClientCredentials } from '../../support/entra-token-endpoint';

/**
 * Local contract servers for the Microsoft APIs the admin tools call, following the documented shapes:
 * Entra client credentials token endpoint, Graph message trace (v1.0, both date bounds, $top, nextLink,
 * 429 + Retry-After), Defender runHuntingQuery, and the Exchange admin REST InvokeCommand (value[], nextLink
 * re-POST, error.details[].message, X-AnchorMailbox).
 */
export interface ContractState {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  traces: Record<string, unknown>[];
  /** Cmdlet name -> rows. */
  cmdlets: Record<string, Record<string, unknown>[]>;
  exchangePageSize: number;
  /** Answer the next N Graph requests with 429. */
  throttleNext: number;
  huntingRows: Record<string, unknown>[];
  requests: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  tokensIssued: number;
  /** Another origin to put in `@odata.nextLink` (a tampered or hostile answer); default this server. */
  nextLinkBase?: string;
  /** Further Graph routes (after the token check and throttling); undefined = not handled here. */
  graphRoutes?: (request: GraphRequest) => Promise<GraphAnswer | undefined> | GraphAnswer | undefined;
}

export interface GraphRequest {
  method: string;
  /** Path below /graph/v1.0, e.g. "/security/runHuntingQuery". */
  path: string;
  search: URLSearchParams;
  body: string;
}

export interface GraphAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ContractServer {
  url: string;
  state: ContractState;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const graphError = (res: ServerResponse, status: number, code: string, message: string): void =>
  json(res, status, { error: { code, message } });

export async function startContractServer(initial: Partial<ContractState> = {}): Promise<ContractServer> {
  const state: ContractState = {
    clientId: 'app-id',
    clientSecret: 'app-secret',
    tenantId: 'tenant-1',
    traces: [],
    cmdlets: {},
    exchangePageSize: 2,
    throttleNext: 0,
    huntingRows: [],
    requests: [],
    tokensIssued: 0,
    ...initial,
  };
  let url = '';
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const target = new URL(req.url ?? '/', url);
    state.requests.push({
      method: req.method ?? '',
      path: target.pathname + target.search,
      headers: req.headers,
      body,
    });

    if (req.method === 'POST' && target.pathname === `/${state.tenantId}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(body);
      const refused = refusedClientCredentials(form, state);
      if (refused) return json(res, refused.status, refused.body);
      state.tokensIssued += 1;
      return json(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: `token-for:${form.get('scope')}` });
    }

    const auth = req.headers.authorization ?? '';
    if (target.pathname.startsWith('/graph/')) {
      if (!auth.startsWith('Bearer token-for:https://graph.microsoft.com/.default'))
        return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
      if (state.throttleNext > 0) {
        state.throttleNext -= 1;
        return json(
          res,
          429,
          { error: { code: 'TooManyRequests', message: 'Too many requests' } },
          { 'retry-after': '1' },
        );
      }
      if (state.graphRoutes && target.pathname.startsWith('/graph/v1.0/')) {
        const answer = await state.graphRoutes({
          method: req.method ?? '',
          path: target.pathname.slice('/graph/v1.0'.length),
          search: target.searchParams,
          body,
        });
        if (answer) {
          if (answer.body === undefined) {
            res.writeHead(answer.status, answer.headers ?? {});
            return res.end();
          }
          return json(res, answer.status, answer.body, answer.headers);
        }
      }
      if (req.method === 'GET' && target.pathname === '/graph/v1.0/admin/exchange/tracing/messageTraces') {
        const filter = target.searchParams.get('$filter') ?? '';
        const match = /receivedDateTime ge (\S+) and receivedDateTime le (\S+)/.exec(filter);
        if (!match) return graphError(res, 400, 'BadRequest', 'Both receivedDateTime bounds are required.');
        const [from, to] = [Date.parse(match[1]!), Date.parse(match[2]!)];
        if (to - from > 10 * 86_400_000)
          return graphError(res, 400, 'BadRequest', 'The date range must not exceed 10 days.');
        const top = Number(target.searchParams.get('$top') ?? '1000');
        if (!(top >= 1 && top <= 5000)) return graphError(res, 400, 'BadRequest', '$top must be 1-5000.');
        const skip = Number(target.searchParams.get('$skiptoken') ?? '0');
        const inWindow = state.traces.filter((t) => {
          const at = Date.parse(String(t.receivedDateTime));
          return at >= from && at <= to;
        });
        const page = inWindow.slice(skip, skip + top);
        const next =
          skip + top < inWindow.length
            ? new URL(target.pathname + target.search, state.nextLinkBase ?? url)
            : undefined;
        next?.searchParams.set('$skiptoken', String(skip + top));
        return json(res, 200, {
          '@odata.context': 'x',
          value: page,
          ...(next ? { '@odata.nextLink': next.toString() } : {}),
        });
      }
      if (req.method === 'POST' && target.pathname === '/graph/v1.0/security/runHuntingQuery') {
        const input = JSON.parse(body) as { Query?: string };
        if (!input.Query?.includes('EmailEvents')) return graphError(res, 400, 'BadRequest', 'Query is required.');
        return json(res, 200, { schema: [{ name: 'Timestamp', type: 'DateTime' }], results: state.huntingRows });
      }
      return graphError(res, 404, 'NotFound', 'no such resource');
    }

    const invoke = /^\/adminapi\/beta\/([^/]+)\/InvokeCommand$/.exec(target.pathname);
    if (invoke && req.method === 'POST') {
      if (!auth.startsWith('Bearer token-for:https://outlook.office365.com/.default'))
        return json(res, 401, { error: { code: 'Unauthorized', message: 'token' } });
      if (
        !/^APP:SystemMailbox\{bb558c35-97f1-4cb9-8ff7-d53741dc928c\}@/.test(
          String(req.headers['x-anchormailbox'] ?? ''),
        )
      ) {
        return json(res, 400, { error: { code: 'BadRequest', message: 'anchor mailbox missing' } });
      }
      const input = JSON.parse(body) as { CmdletInput?: { CmdletName?: string; Parameters?: { Filter?: unknown } } };
      const name = input.CmdletInput?.CmdletName ?? '';
      let rows = state.cmdlets[name];
      const filter = input.CmdletInput?.Parameters?.Filter;
      if (rows && typeof filter === 'string') {
        // OPATH as Exchange evaluates it server-side, for the one form the client sends: "<Property> -eq $true|$false".
        const opath = /^(\w+) -eq \$(true|false)$/.exec(filter);
        if (!opath)
          return json(res, 400, {
            error: {
              code: 'BadRequest',
              message: 'Error executing cmdlet',
              details: [{ message: `Invalid filter syntax: ${filter}` }],
            },
          });
        rows = rows.filter((row) => row[opath[1]!] === (opath[2] === 'true'));
      }
      if (!rows) {
        return json(res, 400, {
          error: {
            code: 'BadRequest',
            message: 'Error executing cmdlet',
            details: [{ code: 'CmdletNotFound', message: `The term '${name}' is not recognized as a cmdlet.` }],
          },
        });
      }
      const skip = Number(target.searchParams.get('skip') ?? '0');
      const page = rows.slice(skip, skip + state.exchangePageSize);
      const nextLink =
        skip + state.exchangePageSize < rows.length
          ? `${state.nextLinkBase ?? url}/adminapi/beta/${invoke[1]}/InvokeCommand?skip=${skip + state.exchangePageSize}`
          : undefined;
      return json(res, 200, {
        '@odata.context': 'x',
        value: page,
        ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
      });
    }
    json(res, 404, { error: { code: 'NotFound', message: target.pathname } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
