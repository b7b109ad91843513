import { callJson, nextPageUrl, type FetchLike, type TokenProvider } from './api-client.js';

export const EXCHANGE_SCOPE = 'https://outlook.office365.com/.default';
const SYSTEM_MAILBOX = 'SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}';

export interface ExchangeAdminOptions {
  tokens: TokenProvider;
  tenantId: string;
  /** The tenant's domain (e.g. contoso.onmicrosoft.com), for X-AnchorMailbox. */
  tenantDomain: string;
  baseUrl?: string;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** Pages followed per cmdlet before giving up (a guard against a server that loops). */
  maxPages?: number;
}

/**
 * The Exchange Online admin REST endpoint the EXO V3 PowerShell module uses (`InvokeCommand`): runs a
 * read-only cmdlet and returns `value[]`, re-POSTing to `@odata.nextLink` for further pages. Errors carry
 * the cmdlet's own message from `error.details[].message`.
 */
export function exchangeAdminClient(options: ExchangeAdminOptions) {
  const base = (options.baseUrl ?? 'https://outlook.office365.com/adminapi/beta').replace(/\/$/, '');
  const api = {
    service: 'Exchange admin API',
    scope: EXCHANGE_SCOPE,
    tokens: options.tokens,
    headers: { 'x-anchormailbox': `APP:${SYSTEM_MAILBOX}@${options.tenantDomain}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  async function invoke(cmdlet: string, parameters: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
    const body = { CmdletInput: { CmdletName: cmdlet, Parameters: parameters } };
    const rows: Record<string, unknown>[] = [];
    let url: string | undefined = `${base}/${encodeURIComponent(options.tenantId)}/InvokeCommand`;
    for (let page = 0; url; page += 1) {
      if (page >= (options.maxPages ?? 1000)) throw new Error(`${cmdlet}: more than ${options.maxPages ?? 1000} pages`);
      const result = (await callJson(api, url, { method: 'POST', body })) as {
        value?: Record<string, unknown>[];
        '@odata.nextLink'?: string;
      };
      rows.push(...(result.value ?? []));
      url = nextPageUrl(api.service, base, result['@odata.nextLink']);
    }
    return rows;
  }
  return {
    invoke,
    organizationConfig: async () => (await invoke('Get-OrganizationConfig'))[0] ?? {},
    acceptedDomains: () => invoke('Get-AcceptedDomain'),
    inboundConnectors: () => invoke('Get-InboundConnector'),
    /** SmtpClientAuthenticationDisabled: the organization-wide SMTP AUTH switch. */
    transportConfig: async () => (await invoke('Get-TransportConfig'))[0] ?? {},
    /** Mailboxes with SMTP AUTH switched on for themselves (filtered by Exchange, every page read). */
    smtpAuthMailboxes: () =>
      invoke('Get-CASMailbox', { ResultSize: 'Unlimited', Filter: 'SmtpClientAuthenticationDisabled -eq $false' }),
  };
}

export type ExchangeAdminClient = ReturnType<typeof exchangeAdminClient>;
