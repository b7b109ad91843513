import os from 'node:os';
import { strings } from '../../bot/src/strings';
import { localRefusal } from '../../bot/src/http/local-mode';
import { headerBlockOf, sample } from '../../bot/test/support/fixtures';
import { useProductProcesses, type ProductProcess } from './support/product-process';

// The server process as `npm start` runs it (bot/dist/main.js, env/.env.local, HOST 0.0.0.0), attacked over HTTP.
const ADMIN = '11111111-1111-4111-8111-111111111111';
const TENANT = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const CLIENT = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const headers = headerBlockOf(sample('01-spoof-self.eml').raw);
const products = useProductProcesses('file');

/** This machine's own non-loopback address: the closest thing to "another machine on the LAN" a test may use. */
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const activity = (text: string, from: Record<string, unknown> = { id: 'local-user', name: 'Local user' }) => ({
  type: 'message',
  id: `in-${Math.random().toString(36).slice(2)}`,
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  from,
  recipient: { id: '28:dsguard' },
  conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT },
  deliveryMode: 'expectReplies',
  text,
});

async function postActivity(url: string, body: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: JSON.stringify(body),
  });
}

/** A raw request with a Host of the test's choosing (fetch does not let a caller set Host). */
async function rawRequest(
  port: number,
  method: string,
  pathname: string,
  head: Record<string, string>,
  body = '',
): Promise<{ status: number; text: string }> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        headers: { ...head, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('local mode (no Entra, no BOT_ID), listening on 0.0.0.0 as npm start does', () => {
  let local: ProductProcess;
  let loopback: string;
  beforeAll(async () => {
    local = await products.start({ env: { HOST: '0.0.0.0' } });
    loopback = `http://127.0.0.1:${local.port}`;
    // The local user files a report through the API, so there is something to steal.
    const filed = await fetch(`${loopback}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientReportId: '5a5a5a5a-0000-4000-8000-00000000d001', headers, source: 'addin' }),
    });
    expect(filed.status).toBe(201);
  }, 60000);

  test('another machine posting to /api/messages as "local-user" gets 401, not the local user\'s reports', async () => {
    if (!lanAddress) {
      // No non-loopback interface on this machine: the decision the endpoint takes, for a LAN peer.
      expect(localRefusal({ socket: { remoteAddress: '192.0.2.2' }, headers: { host: 'localhost' } } as never)).toBe(
        'not-loopback',
      );
      return;
    }
    const fromLan = `http://${lanAddress}:${local.port}`;
    const res = await postActivity(fromLan, activity('reports'));
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).not.toContain('Spoof');
    expect((await fetch(`${fromLan}/api/reports`)).status).toBe(403);
  });

  test('a rebound host name (DNS rebinding) is refused on the API and the bot endpoint', async () => {
    const forgedHost = { host: `rebind.attacker.example:${local.port}`, 'content-type': 'application/json' };
    const api = await rawRequest(local.port, 'GET', '/api/reports', forgedHost);
    expect(api.status).toBe(403);
    expect(JSON.parse(api.text)).toMatchObject({ error: { code: 'local-host', message: strings.api.localHost } });
    const bot = await rawRequest(local.port, 'POST', '/api/messages', forgedHost, JSON.stringify(activity('reports')));
    expect(bot.status).toBe(403);
    // Host names that are this computer pass, with or without the port.
    for (const host of ['localhost', `localhost:${local.port}`, `127.0.0.1:${local.port}`]) {
      expect((await rawRequest(local.port, 'GET', '/api/reports', { host })).status).toBe(200);
    }
    expect((await rawRequest(local.port, 'GET', '/api/reports', { host: 'localhost:1' })).status).toBe(403);
  });

  test('requests relayed by a proxy or tunnel (Forwarded, X-Forwarded-For) are refused', async () => {
    const relays: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }];
    for (const relay of relays) {
      const api = await fetch(`${loopback}/api/reports`, { headers: relay });
      expect(api.status).toBe(403);
      expect(await api.json()).toMatchObject({ error: { code: 'local-forwarded' } });
      expect((await postActivity(loopback, activity('reports'), relay)).status).toBe(403);
    }
  });

  test('the loopback chat user is the local admin, whatever the activity claims', async () => {
    const res = await postActivity(
      loopback,
      activity('help', { id: '29:someone', aadObjectId: '99999999-9999-4999-8999-999999999999', name: 'Someone' }),
    );
    expect(res.status).toBe(200);
    const replies = ((await res.json()) as { activities: { text?: string }[] }).activities;
    expect(replies[0]?.text).toBe(strings.help(true));
    // Same user as the local API user: the report filed through the API is in the chat's list.
    const list = await postActivity(loopback, activity('reports'));
    expect(JSON.stringify(await list.json())).toContain('adaptive');
  });
});

test('with Entra configured but no BOT_ID, /api/messages refuses everyone (401), even loopback "admins"', async () => {
  const configured = await products.start({
    env: { ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: CLIENT, ADMIN_USER_IDS: ADMIN },
  });
  const res = await postActivity(
    `http://127.0.0.1:${configured.port}`,
    activity('reports all', { id: '29:sec', aadObjectId: ADMIN, name: 'Sec' }),
  );
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: 'unauthorized', message: strings.api.botUnauthenticated } });
  await configured.stop();
}, 60000);

test('local mode refuses to start with a PUBLIC_URL that is not this computer', async () => {
  const instance = products.create({ env: { PUBLIC_URL: 'https://dsguard.example.com' } });
  await instance.spawn();
  expect(await instance.exited()).toBe(2);
  expect(instance.output()).toMatch(/PUBLIC_URL: https:\/\/dsguard\.example\.com is not this computer/);
}, 60000);
