/** A local Entra ID stand-in: serves the tenant's signing keys (JWKS) and signs tokens for the users a test names. */
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { localServer } from './server-harness';

export interface EntraIssuer {
  /** ENTRA_AUTHORITY_HOST for the server under test. */
  url: string;
  /** A v2 access token for the user (object id) with audience `api://<client id>`. */
  token(oid: string, name?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startEntraIssuer(tenantId: string, clientId: string): Promise<EntraIssuer> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const jwks = await localServer((req, res) => {
    if (req.path === `/${tenantId}/discovery/v2.0/keys`)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end();
  });
  return {
    url: jwks.url,
    token: (oid, name = 'Test user') =>
      new SignJWT({ oid, tid: tenantId, name, scp: 'access_as_user' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(`${jwks.url}/${tenantId}/v2.0`)
        .setAudience(`api://${clientId}`)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(pair.privateKey),
    close: () => jwks.close(),
  };
}
