import { configFromVariables, ConfigError } from '../../src/config/load-config';
import { exchangeMxHost } from '../../src/config/probe-config';

const TENANT = {
  DSGUARD_TENANT_ID: '44444444-4444-4444-8444-444444444444',
  DSGUARD_CLIENT_ID: '55555555-5555-4555-8555-555555555555',
  DSGUARD_CLIENT_SECRET: 's',
};

test("the probe targets the tenant domain's Exchange Online MX and sends MAIL FROM the first accepted domain", () => {
  const config = configFromVariables({
    ACCEPTED_DOMAINS: 'contoso.onmicrosoft.com,Contoso.com,*.contoso.net',
    DSGUARD_TENANT_DOMAIN: 'contoso.onmicrosoft.com',
    ...TENANT,
    BOT_ID: '66666666-6666-4666-8666-666666666666',
    BOT_PASSWORD: 'p',
    PUBLIC_URL: 'https://dsguard.contoso.com',
  });
  expect(config.probe).toEqual({
    mxHost: 'contoso.mail.protection.outlook.com',
    port: 25,
    mailFrom: 'dsguard-probe@contoso.com',
    heloName: 'dsguard.contoso.com',
    recipientDomains: ['contoso.onmicrosoft.com', 'contoso.com', '*.contoso.net'],
    timeoutMs: 10000,
    intervalMs: 60000,
  });
  expect(exchangeMxHost('mail.fabrikam.co.uk')).toBe('mail-fabrikam-co-uk.mail.protection.outlook.com');
  expect(configFromVariables({ ACCEPTED_DOMAINS: 'fabrikam.com' }).probe).toMatchObject({
    mxHost: 'fabrikam-com.mail.protection.outlook.com',
    mailFrom: 'dsguard-probe@fabrikam.com',
    heloName: 'fabrikam.com',
  });
  expect(configFromVariables({}).probe).toBeUndefined();
  expect(configFromVariables({}).graphUrl).toBe('https://graph.microsoft.com/v1.0');
});

test('PROBE_* variables override and are validated', () => {
  const config = configFromVariables({
    ACCEPTED_DOMAINS: 'contoso.com',
    PROBE_MX_HOST: 'mx.example.net',
    PROBE_MAIL_FROM: 'Probe@contoso.com',
    PROBE_PORT: '2525',
    PROBE_TIMEOUT_MS: '5000',
    PROBE_INTERVAL_MS: '300000',
  });
  expect(config.probe).toMatchObject({
    mxHost: 'mx.example.net',
    mailFrom: 'probe@contoso.com',
    port: 2525,
    timeoutMs: 5000,
    intervalMs: 300000,
  });
  expect(() => configFromVariables({ ACCEPTED_DOMAINS: 'contoso.com', PROBE_MAIL_FROM: 'probe@fabrikam.com' })).toThrow(
    /PROBE_MAIL_FROM: must be in an accepted domain \(contoso\.com\)/,
  );
  expect(() => configFromVariables({ ACCEPTED_DOMAINS: 'contoso.com', PROBE_MAIL_FROM: 'a@b.com>\r\nDATA' })).toThrow(
    ConfigError,
  );
  expect(() => configFromVariables({ PROBE_MX_HOST: 'mx.example.net\r\nQUIT' })).toThrow(/PROBE_MX_HOST/);
  // Over the ~15 s a card button may take to answer.
  expect(() => configFromVariables({ PROBE_TIMEOUT_MS: '20000' })).toThrow(/PROBE_TIMEOUT_MS/);
  expect(() => configFromVariables({ GRAPH_URL: 'ftp://graph' })).toThrow(/GRAPH_URL/);
});
