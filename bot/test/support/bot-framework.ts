import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { BotAuthentication } from '../../src/adapter/cloud-adapter';
import { localServer, type LocalServer } from './server-harness';

export const TEST_BOT_ID = '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b';
/** The token the bot's calls to its connector carry (a local connector started with it refuses any other). */
export const LOCAL_CONNECTOR_TOKEN = 'local-connector-token';
const CHANNEL_ISSUER = 'https://api.botframework.com';
/** One of the issuers botbuilder accepts for Bot Framework Emulator tokens (which carry no serviceurl claim). */
const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * A local stand-in for the Bot Framework's token service: OpenID metadata and signing keys (endorsed for msteams, as
 * the real ones are) that the server's own botbuilder authentication checks tokens against, and a connector
 * credential that signs replies with a fixed token. Injected through `composeServer({ botAuthentication })`.
 */
export interface LocalBotFramework {
  vars: { BOT_ID: string; BOT_PASSWORD: string };
  authentication: BotAuthentication;
  /** A channel token (as Teams sends) vouching for `serviceUrl`. */
  channelToken(serviceUrl: string, claims?: Record<string, unknown>): Promise<string>;
  /** An Emulator token for this bot: valid, but vouches for no serviceUrl. */
  emulatorToken(): Promise<string>;
  close(): Promise<void>;
}

export async function startLocalBotFramework(): Promise<LocalBotFramework> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const key: PrivateKey = pair.privateKey;
  const jwk: JWK & { endorsements: string[] } = {
    ...(await exportJWK(pair.publicKey)),
    kid: 'bf1',
    use: 'sig',
    endorsements: ['msteams', 'emulator'],
  };
  const server: LocalServer = await localServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.path === '/keys') return void res.writeHead(200).end(JSON.stringify({ keys: [jwk] }));
    if (req.path.endsWith('/.well-known/openidconfiguration')) {
      return void res.writeHead(200).end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${server!.url}/keys` }));
    }
    res.writeHead(404).end('{}');
  });
  const credentials = {
    isValidAppId: async (appId: string) => appId === TEST_BOT_ID,
    isAuthenticationDisabled: async () => false,
    createCredentials: async () => ({
      signRequest: async <T extends { headers: { set(name: string, value: string): void } }>(request: T) => {
        request.headers.set('authorization', `Bearer ${LOCAL_CONNECTOR_TOKEN}`);
        return request;
      },
    }),
  };
  const authentication = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: TEST_BOT_ID,
      MicrosoftAppPassword: 'local-secret',
      MicrosoftAppType: 'MultiTenant',
      ToBotFromChannelOpenIdMetadataUrl: `${server.url}/channel/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToBotFromEmulatorOpenIdMetadataUrl: `${server.url}/emulator/.well-known/openidconfiguration`,
    },
    credentials as never,
  ) as unknown as BotAuthentication;
  const sign = (claims: Record<string, unknown>, issuer: string, audience?: string): Promise<string> => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'bf1' })
      .setIssuer(issuer)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('10m');
    return (audience ? jwt.setAudience(audience) : jwt).sign(key);
  };
  return {
    vars: { BOT_ID: TEST_BOT_ID, BOT_PASSWORD: 'local-secret' },
    authentication,
    channelToken: (serviceUrl, claims = {}) => sign({ serviceurl: serviceUrl, ...claims }, CHANNEL_ISSUER, TEST_BOT_ID),
    emulatorToken: () => sign({ ver: '1.0', appid: TEST_BOT_ID }, EMULATOR_ISSUER, TEST_BOT_ID),
    close: () => server!.close(),
  };
}
