import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refusedClientCredentials } from './entra-token-endpoint';

/**
 * Local contract server for the two Microsoft endpoints the Teams admin-group check calls, in their documented
 * shapes: the Entra client-credentials token endpoint (`/{tenant}/oauth2/v2.0/token`) and Graph v1.0
 * `POST /v1.0/users/{id}/checkMemberGroups` (`{"groupIds":[...]}` with at most 20 ids, answering
 * `{"@odata.context", "value": [...]}`; 404 Request_ResourceNotFound for an unknown user; 403
 * Authorization_RequestDenied without the permission; 429 with Retry-After when throttled).
 */
export interface GraphGroupsState {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** User object id -> groups it is a member of, transitively. */
  members: Record<string, string[]>;
  /** Answer the next N checkMemberGroups requests with 429 and this Retry-After (seconds). */
  throttleNext: number;
  retryAfter: string;
  /** Answer 403 as if GroupMember.Read.All was not consented. */
  forbidden: boolean;
  requests: { method: string; path: string; headers: IncomingHttpHeaders; body: string }[];
  tokensIssued: number;
}

export interface GraphGroupsServer {
  url: string;
  state: GraphGroupsState;
  /** checkMemberGroups requests received. */
  checks(): { userId: string; groupIds: unknown }[];
  close(): Promise<void>;
}

const GRAPH_TOKEN = 'graph-app-token';
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const graphError = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void =>
  json(
    res,
    status,
    {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString(), 'request-id': 'r-1', 'client-request-id': 'c-1' },
      },
    },
    headers,
  );

export async function startGraphGroupsServer(initial: Partial<GraphGroupsState> = {}): Promise<GraphGroupsServer> {
  const state: GraphGroupsState = {
    tenantId: 'tenant-1',
    clientId: 'app-id',
    clientSecret: 'app-secret',
    members: {},
    throttleNext: 0,
    retryAfter: '1',
    forbidden: false,
    requests: [],
    tokensIssued: 0,
    ...initial,
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    state.requests.push({ method: req.method ?? '', path, headers: req.headers, body });

    if (req.method === 'POST' && path === `/${state.tenantId}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(body);
      const refused = refusedClientCredentials(form, state);
      if (refused) return json(res, refused.status, refused.body);
      if (form.get('scope') !== 'https://graph.microsoft.com/.default')
        return json(res, 400, {
          error: 'invalid_scope',
          error_description: 'AADSTS1002012: The provided value for scope is not valid.',
        });
      state.tokensIssued += 1;
      return json(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: GRAPH_TOKEN,
      });
    }

    const match = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(path);
    if (!match)
      return graphError(res, 400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop()}'.`);
    if (req.method !== 'POST') return graphError(res, 405, 'Request_BadRequest', 'The HTTP method is not allowed.');
    if (req.headers.authorization !== `Bearer ${GRAPH_TOKEN}`)
      return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    if (state.throttleNext > 0) {
      state.throttleNext -= 1;
      return graphError(res, 429, 'TooManyRequests', 'Too many requests.', { 'retry-after': state.retryAfter });
    }
    if (state.forbidden)
      return graphError(res, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    if (!/^application\/json/.test(req.headers['content-type'] ?? ''))
      return graphError(res, 415, 'Request_BadRequest', 'Unsupported content type.');
    let parsed: { groupIds?: unknown };
    try {
      parsed = JSON.parse(body) as { groupIds?: unknown };
    } catch {
      return graphError(res, 400, 'Request_BadRequest', 'Invalid JSON in the request body.');
    }
    const ids = parsed.groupIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((g) => typeof g !== 'string'))
      return graphError(res, 400, 'Request_BadRequest', "Invalid value specified for property 'groupIds'.");
    if (ids.length > 20)
      return graphError(res, 400, 'Request_BadRequest', 'The number of groups exceeds the limit of 20.');
    const userId = decodeURIComponent(match[1]!).toLowerCase();
    const groups = state.members[userId];
    if (!groups)
      return graphError(
        res,
        404,
        'Request_ResourceNotFound',
        `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`,
      );
    const memberOf = new Set(groups.map((g) => g.toLowerCase()));
    return json(res, 200, {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
      value: (ids as string[]).filter((g) => memberOf.has(g.toLowerCase())),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    checks: () =>
      state.requests
        .filter((r) => r.path.endsWith('/checkMemberGroups'))
        .map((r) => ({
          userId: decodeURIComponent(r.path.split('/')[3]!),
          groupIds: (JSON.parse(r.body || '{}') as { groupIds?: unknown }).groupIds,
        })),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
