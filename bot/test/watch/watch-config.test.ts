import { ConfigError, configFromVariables } from '../../src/config/load-config';

const APP = {
  DSGUARD_TENANT_ID: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  DSGUARD_CLIENT_ID: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
  DSGUARD_CLIENT_SECRET: 'secret',
  DSGUARD_TENANT_DOMAIN: 'contoso.onmicrosoft.com',
  ACCEPTED_DOMAINS: 'contoso.com',
};

test('the watcher is off by default; WATCH_SOURCES switches it on with a 300 s interval and no tags', () => {
  expect(configFromVariables({ ...APP }).watch).toBeUndefined();
  expect(configFromVariables({ ...APP, WATCH_SOURCES: 'defender, trace,defender' }).watch).toEqual({
    sources: ['defender', 'trace'],
    intervalMs: 300_000,
    tag: false,
  });
  expect(configFromVariables({ ...APP, WATCH_SOURCES: 'trace', WATCH_INTERVAL_S: '5', WATCH_TAG: '1' }).watch).toEqual({
    sources: ['trace'],
    intervalMs: 5000,
    tag: true,
  });
});

test('bad watcher settings are refused with the variable named', () => {
  expect(() => configFromVariables({ ...APP, WATCH_SOURCES: 'defender', WATCH_INTERVAL_S: '4' })).toThrow(
    /WATCH_INTERVAL_S/,
  );
  expect(() => configFromVariables({ ...APP, WATCH_SOURCES: 'splunk' })).toThrow(
    /WATCH_SOURCES(\.0)?: must be defender, trace or both/,
  );
  expect(() => configFromVariables({ ACCEPTED_DOMAINS: 'contoso.com', WATCH_SOURCES: 'defender' })).toThrow(
    /WATCH_SOURCES: needs the app credentials/,
  );
  expect(() => configFromVariables({ ...APP, ACCEPTED_DOMAINS: '', WATCH_SOURCES: 'defender' })).toThrow(
    /needs ACCEPTED_DOMAINS/,
  );
  expect(() => configFromVariables({ ...APP, WATCH_TAG: '1' })).toThrow(ConfigError);
});
