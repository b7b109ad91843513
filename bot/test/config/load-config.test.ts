import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, configFromVariables, loadConfig } from '../../src/config/load-config';

test('defaults run with no tenant: HTTPS on 3000, SQLite under data/, local mode', () => {
  const c = configFromVariables({}, '/repo');
  expect(c).toMatchObject({
    port: 3000,
    https: true,
    storage: { kind: 'sqlite', path: '/repo/data/dsguard.sqlite' },
    bot: { appId: undefined },
  });
  expect(c.entra).toBeUndefined();
});

test('the nil BOT_ID means no bot registration; a real one needs BOT_PASSWORD', () => {
  expect(configFromVariables({ BOT_ID: '00000000-0000-0000-0000-000000000000' }).bot.appId).toBeUndefined();
  expect(() => configFromVariables({ BOT_ID: '33333333-3333-4333-8333-333333333333' })).toThrow(/BOT_PASSWORD/);
});

test('every bad variable is named', () => {
  try {
    configFromVariables({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      ADMIN_USER_IDS: 'bob',
      KNOWN_SENDERS: '[{"ips":[]}]',
      SECURITY_CHANNEL_ID: 'general',
    });
    throw new Error('no error');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'ADMIN_USER_IDS', 'KNOWN_SENDERS', 'SECURITY_CHANNEL_ID'])
      expect(message).toContain(name);
  }
});

test('variables that belong together are required together', () => {
  expect(() => configFromVariables({ ENTRA_TENANT_ID: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' })).toThrow(
    /ENTRA_CLIENT_ID: required/,
  );
  expect(() => configFromVariables({ SENTINEL_ENDPOINT: 'https://x.ingest.monitor.azure.com' })).toThrow(
    /SENTINEL_DCR_ID/,
  );
});

test('env files layer .env.local < .env.<name> < process env, with ${{VAR}} placeholders', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-env-'));
  writeFileSync(
    path.join(dir, '.env.local'),
    'PORT=3000\nACCEPTED_DOMAINS=local.example\nPUBLIC_URL=https://localhost:3000\n',
  );
  writeFileSync(
    path.join(dir, '.env.dev'),
    'PORT=4000\nHOSTNAME_X=dev.example\nPUBLIC_URL=https://${{HOSTNAME_X}}\nBOT_ID=66666666-6666-4666-8666-666666666666\nBOT_PASSWORD=p\n',
  );
  const c = loadConfig(dir, { DSGUARD_ENV: 'dev', ACCEPTED_DOMAINS: 'Contoso.com, fabrikam.com' });
  expect(c).toMatchObject({
    env: 'dev',
    port: 4000,
    publicUrl: 'https://dev.example',
    tenant: { acceptedDomains: ['contoso.com', 'fabrikam.com'] },
  });
  rmSync(dir, { recursive: true, force: true });
});

test('the shipped env/.env.local is valid and runs without a tenant', () => {
  const c = loadConfig(path.resolve(__dirname, '..', '..', '..', 'env'), {});
  expect(c.bot.appId).toBeUndefined();
  expect(c.entra).toBeUndefined();
});

test('admin tools: tenant readiness credentials go together; trace import limits have defaults', () => {
  const c = configFromVariables({}, '/repo');
  expect(c.adminTenant).toBeUndefined();
  expect(c.limits).toMatchObject({ maxTraceBytes: 200 * 1024 * 1024, traceImportTimeoutMs: 600000 });
  expect(() => configFromVariables({ DSGUARD_TENANT_ID: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' })).toThrow(
    /DSGUARD_CLIENT_ID, DSGUARD_CLIENT_SECRET, DSGUARD_TENANT_DOMAIN: required/,
  );
  const full = configFromVariables({
    DSGUARD_TENANT_ID: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    DSGUARD_CLIENT_ID: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
    DSGUARD_CLIENT_SECRET: 's3cret',
    DSGUARD_TENANT_DOMAIN: 'Contoso.onmicrosoft.com',
    DNS_SERVERS: '127.0.0.1:5353, 10.0.0.1',
    MAX_TRACE_BYTES: '1048576',
  });
  expect(full.adminTenant).toEqual({
    tenantId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    clientId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
    clientSecret: 's3cret',
    tenantDomain: 'contoso.onmicrosoft.com',
    authorityHost: 'https://login.microsoftonline.com',
    dnsServers: ['127.0.0.1:5353', '10.0.0.1'],
  });
  expect(full.limits.maxTraceBytes).toBe(1048576);
  expect(() => configFromVariables({ DNS_SERVERS: 'dns.example.com' })).toThrow(/DNS_SERVERS/);
});

test('local mode (no Entra, no BOT_ID) only accepts a PUBLIC_URL on this computer', () => {
  expect(() => configFromVariables({ PUBLIC_URL: 'https://tunnel.example.net' })).toThrow(
    /PUBLIC_URL: https:\/\/tunnel\.example\.net is not this computer/,
  );
  for (const url of ['https://localhost:3000', 'http://127.0.0.1:8080', 'https://[::1]:3000'])
    expect(configFromVariables({ PUBLIC_URL: url }).publicUrl).toBe(url);
  expect(
    configFromVariables({
      PUBLIC_URL: 'https://dsguard.example.com',
      BOT_ID: '66666666-6666-4666-8666-666666666666',
      BOT_PASSWORD: 'p',
    }).publicUrl,
  ).toBe('https://dsguard.example.com');
});
