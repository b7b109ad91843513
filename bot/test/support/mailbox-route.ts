import type { GraphAnswer, GraphRequest } from '../admin/servers/microsoft-contract-server';

export interface MailboxMessage {
  id: string;
  internetMessageId: string;
  categories: string[];
}

/**
 * Mailboxes as Graph shows them to an app with Mail.ReadWrite: `GET /users/{id}/messages?$filter=internetMessageId eq
 * '...'` and `PATCH /users/{id}/messages/{id}` with categories. Mailboxes outside the app's RBAC management scope
 * answer 403 ErrorAccessDenied, as Exchange does.
 */
export function mailboxRoute(mailboxes: Map<string, MailboxMessage[]>, outOfScope: Set<string> = new Set()) {
  return (request: GraphRequest): GraphAnswer | undefined => {
    const match = /^\/users\/([^/]+)\/messages(?:\/([^/]+))?$/.exec(request.path);
    if (!match) return undefined;
    const user = decodeURIComponent(match[1]!).toLowerCase();
    if (outOfScope.has(user))
      return {
        status: 403,
        body: { error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' } },
      };
    const box = mailboxes.get(user);
    if (!box)
      return {
        status: 404,
        body: { error: { code: 'ErrorInvalidUser', message: `The requested user '${user}' is invalid.` } },
      };
    if (request.method === 'GET' && !match[2]) {
      const filter = /^internetMessageId eq '((?:[^']|'')*)'$/.exec(request.search.get('$filter') ?? '');
      if (!filter) return { status: 400, body: { error: { code: 'BadRequest', message: 'Invalid filter clause' } } };
      const wanted = filter[1]!.replace(/''/g, "'");
      return {
        status: 200,
        body: {
          value: box.filter((m) => m.internetMessageId === wanted).map((m) => ({ id: m.id, categories: m.categories })),
        },
      };
    }
    if (request.method === 'PATCH' && match[2]) {
      const message = box.find((m) => m.id === decodeURIComponent(match[2]!));
      if (!message)
        return {
          status: 404,
          body: { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } },
        };
      const body = JSON.parse(request.body) as { categories?: unknown };
      if (!Array.isArray(body.categories))
        return { status: 400, body: { error: { code: 'BadRequest', message: 'categories expected' } } };
      message.categories = body.categories as string[];
      return { status: 200, body: { id: message.id, categories: message.categories } };
    }
    return { status: 405, body: { error: { code: 'MethodNotAllowed', message: request.method } } };
  };
}
