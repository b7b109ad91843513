/**
 * Entra's client-credentials grant (`POST /{tenant}/oauth2/v2.0/token`) as the local contract servers check it: the
 * OAuth error answer for an unsupported grant or a wrong client id or secret, or undefined when the app gets a token.
 */
export function refusedClientCredentials(
  form: URLSearchParams,
  app: { clientId: string; clientSecret: string },
): { status: number; body: { error: string; error_description: string } } | undefined {
  if (form.get('grant_type') !== 'client_credentials')
    return {
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'AADSTS70003: grant type not supported' },
    };
  if (form.get('client_id') !== app.clientId || form.get('client_secret') !== app.clientSecret)
    return {
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x',
      },
    };
  return undefined;
}
